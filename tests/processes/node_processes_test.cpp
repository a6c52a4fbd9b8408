#include <doctest/doctest.h>

#include <csignal>
#include <filesystem>
#include <set>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include "apps/launch/node_process.hpp"
#include "apps/node/services_client.hpp"
#include "tests/support/test_cluster.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::test;
using troupe::launch::node_process;

namespace {

/// The local preset's idle timeout, which the daemons run with.
const auto idle_timeout = node_config::local().idle_timeout;

/// troupe-node processes, and a node in the test process that asks them
/// what they see through their control service.
struct process_cluster {
  std::filesystem::path dir;
  std::map<std::string, node_process> nodes;
  std::unique_ptr<test_node> observer = start_node("observer");
  daemon::services_client client{*observer->system, *observer->node, 3s};

  process_cluster() {
    auto pattern = (std::filesystem::temp_directory_path() / "troupe-test.XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()));
    dir = pattern;
  }

  ~process_cluster() {
    nodes.clear();
    observer.reset();
    std::filesystem::remove_all(dir);
  }

  std::expected<node_process, std::string>
  try_launch(const std::string& name, std::vector<std::string> peers = {},
             std::vector<std::string> extra = {}, std::string cookie = "secret") {
    // First, so that options given later override the preset.
    extra.insert(extra.begin(), "--troupe.preset=local");
    return node_process::start({.binary = TROUPE_NODE_BINARY,
                                .name = name + "@127.0.0.1",
                                .cookie = std::move(cookie),
                                .peers = std::move(peers),
                                .extra_args = std::move(extra),
                                .log_file = (dir / (name + ".log")).string()});
  }

  /// Starts `name`, dialing the named earlier nodes, and connects the observer to it.
  node_process& launch(const std::string& name, const std::vector<std::string>& peers = {},
                       std::string cookie = "secret") {
    std::vector<std::string> addresses;
    for (const auto& peer : peers)
      addresses.push_back(nodes.at(peer).address());
    auto process = try_launch(name, addresses, {}, std::move(cookie));
    REQUIRE_MESSAGE(process, (process ? "" : process.error()));
    auto& result = nodes.emplace(name, std::move(*process)).first->second;
    auto connected = (*observer)->connect(result.address());
    REQUIRE_MESSAGE(connected, (connected ? "" : connected.error().message));
    return result;
  }

  /// What `name` reports as its view of the cluster.
  nlohmann::json status(const std::string& name) {
    auto answer = client.status(*node_name::parse(nodes.at(name).name()));
    REQUIRE_MESSAGE(answer, (answer ? "" : answer.error()));
    return nlohmann::json::parse(*answer);
  }

  /// True if `name` lists `peer` among its connected nodes.
  bool sees(const std::string& name, const std::string& peer) {
    auto connected = status(name)["connected"].get<std::vector<std::string>>();
    return std::ranges::count(connected, peer + "@127.0.0.1") == 1;
  }

  std::string log_of(const std::string& name) {
    std::ifstream file{dir / (name + ".log")};
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  }
};

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

/// How long until `condition` holds, polled; nullopt if not within `limit`.
std::optional<std::chrono::milliseconds> time_until(const std::function<bool()>& condition,
                                                    std::chrono::milliseconds limit) {
  auto start = std::chrono::steady_clock::now();
  if (!eventually(condition, limit))
    return std::nullopt;
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now()
                                                               - start);
}

} // namespace

TEST_CASE("a SIGKILLed node is reported down by the others within the idle timeout plus 1 s") {
  process_cluster cluster;
  cluster.launch("a");
  cluster.launch("b", {"a"});
  cluster.launch("c", {"a", "b"});
  REQUIRE(cluster.sees("a", "c"));
  REQUIRE(cluster.sees("b", "c"));
  cluster.nodes.at("c").signal(SIGKILL);
  auto both_lost_c = [&] { return !cluster.sees("a", "c") && !cluster.sees("b", "c"); };
  auto elapsed = time_until(both_lost_c, 10s);
  REQUIRE(elapsed);
  CHECK(*elapsed <= idle_timeout + 1s);
  CHECK(contains(cluster.log_of("a"), "lost c@127.0.0.1"));
  CHECK(contains(cluster.log_of("b"), "lost c@127.0.0.1"));
  CHECK(cluster.sees("a", "b"));
}

TEST_CASE("a frozen node is declared down when its heartbeats stop") {
  process_cluster cluster;
  cluster.launch("a");
  cluster.launch("b", {"a"});
  REQUIRE(cluster.sees("a", "b"));
  // SIGSTOP keeps b's sockets open: only the missing heartbeats tell.
  cluster.nodes.at("b").signal(SIGSTOP);
  auto elapsed = time_until([&] { return !cluster.sees("a", "b"); }, 10s);
  REQUIRE(elapsed);
  CHECK(*elapsed <= idle_timeout + 1s);
  CHECK(contains(cluster.log_of("a"), "lost b@127.0.0.1: heartbeat timeout"));
}

TEST_CASE("a node stopped with SIGTERM says goodbye and exits with 0") {
  process_cluster cluster;
  cluster.launch("a");
  cluster.launch("b", {"a"});
  REQUIRE(cluster.sees("a", "b"));
  auto status = cluster.nodes.at("b").stop();
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(eventually([&] { return !cluster.sees("a", "b"); }, 2s));
  CHECK(contains(cluster.log_of("a"), "lost b@127.0.0.1: peer left: node stopping"));
}

TEST_CASE("a node with the wrong cookie is refused and never joins") {
  process_cluster cluster;
  cluster.launch("a");
  auto intruder = cluster.try_launch("b", {cluster.nodes.at("a").address()}, {}, "not-secret");
  REQUIRE_MESSAGE(intruder, (intruder ? "" : intruder.error()));
  CHECK(contains(cluster.log_of("b"), "cannot connect to a@127.0.0.1"));
  CHECK(contains(cluster.log_of("b"), "authentication failed"));
  auto view = cluster.status("a");
  CHECK(view["connected"] == nlohmann::json::array({"observer@127.0.0.1"}));
}

TEST_CASE("troupe-node refuses a bad configuration with a clear error") {
  process_cluster cluster;
  auto& a = cluster.launch("a");
  auto a_port = a.address().substr(a.address().rfind(':') + 1);
  struct bad_start {
    std::vector<std::string> args;
    std::string says;
  };
  for (const auto& [args, says] : std::vector<bad_start>{
         {{"--troupe.name=nohost"}, "invalid node name"},
         {{"--troupe.cookie=" + std::string(300, 'x')}, "cookie too long"},
         {{"--troupe.listen=[\"127.0.0.1:" + a_port + "\"]"}, "address in use"},
         {{"--troupe.preset=moon"}, "unknown preset 'moon'"},
         {{"--troupe.parallelism=0"}, "parallelism: must be 1 to 256"},
         {{"--troupe.log-level=loud"}, "unknown level 'loud'"},
         {{"--troupe.cookie-file=/nonexistent/cookie"}, "cannot read /nonexistent/cookie"},
       }) {
    // Later options win, so each bad one overrides the good defaults.
    auto started = cluster.try_launch("bad", {}, args);
    CHECK_MESSAGE(!started, args.front());
    if (!started)
      CHECK_MESSAGE(contains(started.error(), says), started.error());
  }
  CHECK(cluster.sees("a", "observer"));
}

TEST_CASE("options come from a config file and the cookie from a cookie file") {
  process_cluster cluster;
  {
    std::ofstream{cluster.dir / "node.ini"} << "[troupe]\nchannels=[\"control\",\"bulk\"]\n"
                                            << "parallelism=2\n";
    std::ofstream{cluster.dir / "cookie"} << "secret\n";
  }
  // The cookie on the command line is wrong; the file's wins.
  auto a = cluster.try_launch("a", {cluster.observer->address()},
                              {"--config-file=" + (cluster.dir / "node.ini").string(),
                               "--troupe.cookie-file=" + (cluster.dir / "cookie").string()},
                              "wrong");
  REQUIRE_MESSAGE(a, (a ? "" : a.error()));
  // a dialed the observer, so the session has a's layout: 2 channels x 2 lanes.
  auto a_name = *node_name::parse("a@127.0.0.1");
  REQUIRE(eventually([&] { return (*cluster.observer)->links(a_name).size() == 4; }));
  std::set<std::string> channels;
  for (const auto& link : (*cluster.observer)->links(a_name))
    channels.insert(link.channel);
  CHECK(channels == std::set<std::string>{"control", "bulk"});
}
