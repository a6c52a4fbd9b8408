// troupe-demo: a real three-node cluster on loopback, start to finish.
//
// It launches three troupe-node processes (b joins a, c joins a and b: a
// full mesh),
// joins them with a node of its own to look in, has node a send a request to
// node c's echo service and shows the answer, prints what each node sees of
// the cluster, then stops the nodes with SIGTERM and checks that every one
// exited cleanly. Exit code 0 when all of that worked.
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <random>

#include <caf/all.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include "actors/config.hpp"
#include "actors/node.hpp"
#include "apps/launch/node_process.hpp"
#include "apps/node/services_client.hpp"

namespace {

using troupe::launch::node_process;

class demo_config : public troupe::config {
public:
  demo_config() {
    opt_group{custom_options_, "global"}
      .add<std::string>("node-binary", "path of troupe-node (default: the build's)")
      .add<std::string>("log-dir", "where the nodes write their logs (default: a new temp dir)");
  }
};

std::string random_cookie() {
  std::random_device random;
  return fmt::format("demo-{:016x}", (std::uint64_t{random()} << 32) | random());
}

std::string make_log_dir() {
  auto pattern = (std::filesystem::temp_directory_path() / "troupe-demo.XXXXXX").string();
  if (!::mkdtemp(pattern.data()))
    throw std::runtime_error{"cannot create a log directory in " + pattern};
  return pattern;
}

struct cluster {
  std::vector<node_process> nodes;
};

/// Starts a, b and c; each later one dials all before it.
std::expected<cluster, std::string> launch(const std::string& binary, const std::string& cookie,
                                           const std::string& log_dir) {
  cluster result;
  std::vector<std::string> peers;
  for (auto name : {"a", "b", "c"}) {
    node_process::options options{.binary = binary,
                                  .name = std::string{name} + "@127.0.0.1",
                                  .cookie = cookie,
                                  .peers = peers,
                                  .extra_args = {"--troupe.preset=local"},
                                  .log_file = log_dir + "/" + name + ".log"};
    auto process = node_process::start(options);
    if (!process)
      return std::unexpected{process.error()};
    fmt::print("  started {} (pid {}), listening at {}{}\n", process->name(), process->pid(),
               process->address(),
               peers.empty() ? "" : fmt::format(", joined {}", fmt::join(peers, " and ")));
    peers.push_back(process->address());
    result.nodes.push_back(std::move(*process));
  }
  return result;
}

bool show_request(troupe::daemon::services_client& client, const node_process& from,
                  const node_process& to) {
  auto text = fmt::format("hello from {}", from.name());
  auto answer = client.relay(*troupe::node_name::parse(from.name()),
                             *troupe::node_name::parse(to.name()), "echo", text);
  if (!answer) {
    fmt::print("  {} -> {}: FAILED: {}\n", from.name(), to.name(), answer.error());
    return false;
  }
  fmt::print("  {} asked {}'s echo \"{}\" and got \"{}\" in {} us\n", from.name(), to.name(),
             text, answer->answer, answer->round_trip_us);
  return true;
}

bool show_view(troupe::daemon::services_client& client, const node_process& node) {
  auto status = client.status(*troupe::node_name::parse(node.name()));
  if (!status) {
    fmt::print("  {}: FAILED: {}\n", node.name(), status.error());
    return false;
  }
  auto view = nlohmann::json::parse(*status);
  fmt::print("  {}: members {} ({}); connected to {} ({}), reachable {}, unreachable {}, "
             "healthy: {}\n",
             node.name(), view["members"].size(),
             fmt::join(view["members"].get<std::vector<std::string>>(), ", "),
             view["connected"].size(),
             fmt::join(view["connected"].get<std::vector<std::string>>(), ", "),
             view["reachable"].size(), view["unreachable"].size(),
             view["healthy"].get<bool>() ? "yes" : "no");
  // The three daemons are members of one full mesh; the demo's node, which
  // runs no peer service, is connected but no member.
  return view["members"].size() == 3 && view["reachable"].size() == 3;
}

bool stop_all(cluster& nodes) {
  bool clean = true;
  for (auto& node : nodes.nodes) {
    auto status = node.stop();
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    fmt::print("  {} {}\n", node.name(),
               ok ? "exited with 0" : fmt::format("ended badly (wait status {})", status));
    clean = clean && ok;
  }
  return clean;
}

int run_demo(demo_config& config, const std::string& binary, const std::string& log_dir) {
  auto cookie = random_cookie();
  fmt::print("1. three troupe-node processes on loopback (logs in {}):\n", log_dir);
  auto nodes = launch(binary, cookie, log_dir);
  if (!nodes) {
    fmt::print("  FAILED: {}\n", nodes.error());
    return 1;
  }
  caf::actor_system system{config};
  auto settings = troupe::node_config::local();
  settings.name = "demo@127.0.0.1";
  settings.cookie = cookie;
  settings.log = troupe::log_level::warning;
  auto observer = troupe::node::start(system, settings);
  if (!observer) {
    fmt::print("  FAILED: the demo's own node: {}\n", observer.error().message);
    return 1;
  }
  bool ok = true;
  for (auto& node : nodes->nodes)
    ok = observer->connect(node.address()).has_value() && ok;
  fmt::print("2. the demo's node {} joined them: {}\n", observer->name().str(),
             ok ? "connected to all three" : "FAILED to connect to some");
  troupe::daemon::services_client client{system, *observer};
  fmt::print("3. request and response across nodes:\n");
  ok = show_request(client, nodes->nodes[0], nodes->nodes[2]) && ok;
  ok = show_request(client, nodes->nodes[2], nodes->nodes[1]) && ok;
  fmt::print("4. what each node sees of the cluster:\n");
  for (auto& node : nodes->nodes)
    ok = show_view(client, node) && ok;
  observer->stop();
  fmt::print("5. stopping the nodes with SIGTERM:\n");
  ok = stop_all(*nodes) && ok;
  fmt::print("{}\n", ok ? "demo finished: every step worked" : "demo FAILED (see above)");
  return ok ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
  demo_config config;
  if (auto error = config.parse(argc, argv)) {
    fmt::print(stderr, "troupe-demo: {}\n", caf::to_string(error));
    return 2;
  }
  if (config.cli_helptext_printed)
    return 0;
  auto binary = caf::get_or(config, "node-binary", std::string{TROUPE_NODE_BINARY});
  auto log_dir = caf::get_or(config, "log-dir", std::string{});
  try {
    return run_demo(config, binary, log_dir.empty() ? make_log_dir() : log_dir);
  } catch (const std::exception& error) {
    fmt::print(stderr, "troupe-demo: {}\n", error.what());
    return 1;
  }
}
