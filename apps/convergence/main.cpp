// troupe-convergence: how fast a full mesh of troupe-node processes agrees
// on its members, measured on this machine.
//
// It starts --nodes processes one after another, each joining the first one
// only (a single seed), and times how long until every node lists all of
// them as members (from the first start, and from the last one). Then it
// SIGKILLs --kill of them at once and times how long until every survivor
// lists exactly the survivors as its reachable members. A node of the
// program's own asks each daemon for its view (the control service).
#include <chrono>
#include <numeric>
#include <csignal>
#include <filesystem>
#include <set>
#include <thread>

#include <caf/all.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "actors/config.hpp"
#include "actors/node.hpp"
#include "apps/launch/node_process.hpp"
#include "apps/node/services_client.hpp"

namespace {

using troupe::launch::node_process;
using clock_type = std::chrono::steady_clock;

class convergence_config : public troupe::config {
public:
  convergence_config() {
    opt_group{custom_options_, "global"}
      .add<size_t>("nodes", "processes to start (default 32)")
      .add<size_t>("kill", "processes to SIGKILL after convergence (default 8)")
      .add<std::string>("node-binary", "path of troupe-node (default: the build's)");
  }
};

struct bench {
  std::string binary;
  std::string dir;
  std::vector<node_process> nodes;
  std::unique_ptr<troupe::node> observer;
  std::unique_ptr<troupe::daemon::services_client> client;

  /// Each node's view: members, and the peers it reaches (with itself).
  std::pair<std::set<std::string>, std::set<std::string>> view_of(const node_process& n) {
    auto status = client->status(*troupe::node_name::parse(n.name()));
    if (!status)
      return {};
    auto json = nlohmann::json::parse(*status);
    auto members = json["members"].get<std::vector<std::string>>();
    auto reachable = json["reachable"].get<std::vector<std::string>>();
    std::set<std::string> member_set{members.begin(), members.end()};
    std::set<std::string> reached;
    for (const auto& peer : reachable)
      if (member_set.contains(peer))
        reached.insert(peer);
    reached.insert(n.name());
    return {member_set, reached};
  }
};

double seconds_since(clock_type::time_point start) {
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

/// Polls until `done` holds for every node in `alive`; false after `limit`.
template <class Done>
bool wait_for_all(bench& b, const std::vector<std::size_t>& alive, Done done,
                  std::chrono::seconds limit) {
  auto deadline = clock_type::now() + limit;
  while (clock_type::now() < deadline) {
    if (std::ranges::all_of(alive, [&](std::size_t i) { return done(b.view_of(b.nodes[i])); }))
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds{20});
  }
  return false;
}

int run(convergence_config& config) {
  auto count = caf::get_or(config, "nodes", size_t{32});
  auto kill = std::min(caf::get_or(config, "kill", size_t{8}), count - 1);
  bench b;
  b.binary = caf::get_or(config, "node-binary", std::string{TROUPE_NODE_BINARY});
  auto pattern = (std::filesystem::temp_directory_path() / "troupe-convergence.XXXXXX").string();
  b.dir = ::mkdtemp(pattern.data());
  caf::actor_system system{config};
  auto settings = troupe::node_config::local();
  settings.name = "observer@127.0.0.1";
  settings.cookie = "convergence";
  settings.log = troupe::log_level::error;
  auto observer = troupe::node::start(system, settings);
  if (!observer)
    return fmt::print(stderr, "observer: {}\n", observer.error().message), 1;
  b.observer = std::make_unique<troupe::node>(std::move(*observer));
  b.client = std::make_unique<troupe::daemon::services_client>(system, *b.observer);

  auto first_start = clock_type::now();
  clock_type::time_point last_start;
  std::set<std::string> everyone;
  for (std::size_t i = 0; i < count; ++i) {
    last_start = clock_type::now();
    auto name = fmt::format("n{}@127.0.0.1", i);
    node_process::options options{.binary = b.binary, .name = name, .cookie = "convergence",
                                  .peers = {}, .extra_args = {"--troupe.preset=local"},
                                  .log_file = fmt::format("{}/n{}.log", b.dir, i)};
    if (i > 0)
      options.peers = {b.nodes.front().address()};
    auto process = node_process::start(options);
    if (!process)
      return fmt::print(stderr, "{}\n", process.error()), 1;
    everyone.insert(name);
    b.nodes.push_back(std::move(*process));
    b.observer->connect(b.nodes.back().address());
  }
  std::vector<std::size_t> all(count);
  std::iota(all.begin(), all.end(), 0);
  bool joined = wait_for_all(b, all, [&](const auto& view) { return view.first == everyone; },
                             std::chrono::seconds{60});
  auto join_from_first = seconds_since(first_start);
  auto join_from_last = seconds_since(last_start);

  auto kill_start = clock_type::now();
  std::set<std::string> survivors = everyone;
  for (std::size_t i = count - kill; i < count; ++i) {
    b.nodes[i].signal(SIGKILL);
    survivors.erase(b.nodes[i].name());
  }
  std::vector<std::size_t> alive(all.begin(), all.end() - static_cast<std::ptrdiff_t>(kill));
  bool settled = wait_for_all(b, alive, [&](const auto& view) { return view.second == survivors; },
                              std::chrono::seconds{60});
  auto detect = seconds_since(kill_start);

  fmt::print("| nodes | phase | converged | seconds |\n|---|---|---|---|\n");
  fmt::print("| {} | all list {} members, from the first start | {} | {:.2f} |\n", count, count,
             joined ? "yes" : "NO", join_from_first);
  fmt::print("| {} | all list {} members, from the last start | {} | {:.2f} |\n", count, count,
             joined ? "yes" : "NO", join_from_last);
  fmt::print("| {} | {} SIGKILLed: survivors list {} reachable members | {} | {:.2f} |\n", count,
             kill, count - kill, settled ? "yes" : "NO", detect);
  fmt::print("RESULT stack=troupe test=convergence nodes={} kill={} join_s={:.3f} "
             "join_after_last_s={:.3f} kill_s={:.3f}\n",
             count, kill, join_from_first, join_from_last, detect);
  b.nodes.clear();
  b.client.reset();
  b.observer->stop();
  std::filesystem::remove_all(b.dir);
  return joined && settled ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
  convergence_config config;
  if (auto error = config.parse(argc, argv))
    return fmt::print(stderr, "troupe-convergence: {}\n", caf::to_string(error)), 2;
  if (config.cli_helptext_printed)
    return 0;
  return run(config);
}
