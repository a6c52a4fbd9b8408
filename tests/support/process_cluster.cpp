#include "tests/support/process_cluster.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <caf/all.hpp>
#include <doctest/doctest.h>

namespace troupe::test {

namespace {

using status_atom = caf::atom_constant<caf::atom("status")>;

std::filesystem::path make_temporary_dir() {
  auto pattern = (std::filesystem::temp_directory_path() / "troupe-test.XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()));
  return pattern;
}

} // namespace

process_cluster::process_cluster(std::string binary)
  : binary_(std::move(binary)), dir_(make_temporary_dir()), observer_(start_node("observer")) {}

process_cluster::~process_cluster() {
  nodes_.clear();
  observer_.reset();
  std::filesystem::remove_all(dir_);
}

std::expected<launch::node_process, std::string>
process_cluster::try_launch(const member& options) const {
  // The preset first, so that options given later override it.
  std::vector<std::string> args{"--troupe.preset=local",
                                "--troupe.peer-service=" + options.peer_service};
  args.insert(args.end(), options.args.begin(), options.args.end());
  return launch::node_process::start({.binary = binary_,
                                      .name = options.name,
                                      .cookie = options.cookie,
                                      .listen = options.listen,
                                      .extra_args = std::move(args),
                                      .log_file = (dir_ / (options.key + ".log")).string()});
}

launch::node_process& process_cluster::launch(const member& options) {
  nodes_.erase(options.key);
  auto process = try_launch(options);
  REQUIRE_MESSAGE(process, (process ? "" : process.error()));
  auto& result = nodes_.insert_or_assign(options.key, std::move(*process)).first->second;
  // Dialed at its listen address, since a name's host need not resolve here.
  auto port = result.address().substr(result.address().rfind(':'));
  auto connected = (*observer_)->connect(options.listen.substr(0, options.listen.rfind(':')) + port);
  REQUIRE_MESSAGE(connected, (connected ? "" : connected.error().message));
  return result;
}

std::expected<nlohmann::json, std::string> process_cluster::ask_status(const std::string& key,
                                                                       const std::string& service) {
  auto name = node_name::parse(nodes_.at(key).name());
  caf::scoped_actor self{*observer_->system};
  auto target = (*observer_)->remote_actor(remote_ref{*name, service});
  std::expected<nlohmann::json, std::string> result = std::unexpected{std::string{"no answer"}};
  self->request(target, std::chrono::seconds{3}, status_atom::value)
    .receive([&](const std::string& text) { result = nlohmann::json::parse(text); },
             [&](caf::error& error) {
               result = std::unexpected{service + " on " + key + ": "
                                        + observer_->system->render(error)};
             });
  return result;
}

process_cluster::member process_cluster::meshed(const std::string& key,
                                                const std::vector<std::string>& peers) const {
  member result{.key = key, .name = key + "@127.0.0.1", .peer_service = "full-mesh"};
  if (!peers.empty()) {
    std::string list;
    for (const auto& peer : peers)
      list += (list.empty() ? "\"" : ",\"") + nodes_.at(peer).address() + "\"";
    result.args.push_back("--peers=[" + list + "]");
  }
  return result;
}

nlohmann::json process_cluster::status(const std::string& key) {
  auto answer = ask_status(key, "control");
  REQUIRE_MESSAGE(answer, (answer ? "" : answer.error()));
  return *answer;
}

std::vector<std::string> process_cluster::connected(const std::string& key) {
  auto status = ask_status(key, "control");
  if (!status)
    return {};
  auto names = (*status)["connected"].get<std::vector<std::string>>();
  std::erase(names, (*observer_)->name().str());
  return names;
}

bool process_cluster::sees(const std::string& key, const std::string& other) {
  return std::ranges::count(connected(key), nodes_.at(other).name()) == 1;
}

bool process_cluster::all_connected(const std::vector<std::string>& keys) {
  return std::ranges::all_of(keys, [&](const std::string& key) {
    auto names = connected(key);
    return std::ranges::all_of(keys, [&](const std::string& other) {
      return key == other || std::ranges::count(names, nodes_.at(other).name()) == 1;
    });
  });
}

std::string process_cluster::log_of(const std::string& key) const {
  std::ifstream file{dir_ / (key + ".log")};
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

} // namespace troupe::test
