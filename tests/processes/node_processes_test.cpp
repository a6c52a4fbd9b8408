#include <doctest/doctest.h>

#include <csignal>
#include <fstream>
#include <set>

#include <sys/wait.h>

#include "tests/support/process_cluster.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::test;

namespace {

/// The local preset's idle timeout, which the daemons run with.
const auto idle_timeout = node_config::local().idle_timeout;

} // namespace

TEST_CASE("a SIGKILLed node is reported down by the others within the idle timeout plus 1 s") {
  process_cluster cluster{TROUPE_NODE_BINARY};
  cluster.launch(cluster.meshed("a"));
  cluster.launch(cluster.meshed("b", {"a"}));
  cluster.launch(cluster.meshed("c", {"a", "b"}));
  REQUIRE(cluster.sees("a", "c"));
  REQUIRE(cluster.sees("b", "c"));
  cluster.at("c").signal(SIGKILL);
  auto both_lost_c = [&] { return !cluster.sees("a", "c") && !cluster.sees("b", "c"); };
  auto elapsed = time_until(both_lost_c, 10s);
  REQUIRE(elapsed);
  CHECK(*elapsed <= idle_timeout + 1s);
  CHECK(contains(cluster.log_of("a"), "lost c@127.0.0.1"));
  CHECK(contains(cluster.log_of("b"), "lost c@127.0.0.1"));
  CHECK(cluster.sees("a", "b"));
}

TEST_CASE("a frozen node is declared down when its heartbeats stop") {
  process_cluster cluster{TROUPE_NODE_BINARY};
  cluster.launch(cluster.meshed("a"));
  cluster.launch(cluster.meshed("b", {"a"}));
  REQUIRE(cluster.sees("a", "b"));
  // SIGSTOP keeps b's sockets open: only the missing heartbeats tell.
  cluster.at("b").signal(SIGSTOP);
  auto elapsed = time_until([&] { return !cluster.sees("a", "b"); }, 10s);
  REQUIRE(elapsed);
  CHECK(*elapsed <= idle_timeout + 1s);
  CHECK(contains(cluster.log_of("a"), "lost b@127.0.0.1: heartbeat timeout"));
}

TEST_CASE("a node stopped with SIGTERM says goodbye and exits with 0") {
  process_cluster cluster{TROUPE_NODE_BINARY};
  cluster.launch(cluster.meshed("a"));
  cluster.launch(cluster.meshed("b", {"a"}));
  REQUIRE(cluster.sees("a", "b"));
  auto status = cluster.at("b").stop();
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(eventually([&] { return !cluster.sees("a", "b"); }, 2s));
  CHECK(contains(cluster.log_of("a"), "lost b@127.0.0.1: peer left: node stopping"));
}

TEST_CASE("a node with the wrong cookie is refused and never joins") {
  process_cluster cluster{TROUPE_NODE_BINARY};
  cluster.launch(cluster.meshed("a"));
  auto intruder_options = cluster.meshed("b", {"a"});
  intruder_options.cookie = "not-secret";
  auto intruder = cluster.try_launch(intruder_options);
  REQUIRE_MESSAGE(intruder, (intruder ? "" : intruder.error()));
  // b keeps trying to join a, and every try ends the same way.
  CHECK(eventually([&] {
    auto log = cluster.log_of("b");
    return contains(log, "connect to a@127.0.0.1") && contains(log, "authentication failed");
  }));
  auto view = cluster.status("a");
  CHECK(view["connected"] == nlohmann::json::array({"observer@127.0.0.1"}));
}

TEST_CASE("troupe-node refuses a bad configuration with a clear error") {
  process_cluster cluster{TROUPE_NODE_BINARY};
  auto& a = cluster.launch(cluster.meshed("a"));
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
    auto options = cluster.meshed("bad");
    options.args = args;
    auto started = cluster.try_launch(options);
    CHECK_MESSAGE(!started, args.front());
    if (!started)
      CHECK_MESSAGE(contains(started.error(), says), started.error());
  }
  CHECK(cluster.status("a")["distributed"] == true);
}

TEST_CASE("options come from a config file and the cookie from a cookie file") {
  process_cluster cluster{TROUPE_NODE_BINARY};
  {
    std::ofstream{cluster.dir() / "node.ini"} << "[troupe]\nchannels=[\"control\",\"bulk\"]\n"
                                            << "parallelism=2\n";
    std::ofstream{cluster.dir() / "cookie"} << "secret\n";
  }
  // The cookie on the command line is wrong; the file's wins.
  auto options = cluster.meshed("a");
  options.args = {"--peers=[\"" + cluster.observer().address() + "\"]",
                  "--config-file=" + (cluster.dir() / "node.ini").string(),
                  "--troupe.cookie-file=" + (cluster.dir() / "cookie").string()};
  options.cookie = "wrong";
  auto a = cluster.try_launch(options);
  REQUIRE_MESSAGE(a, (a ? "" : a.error()));
  // a dialed the observer, so the session has a's layout: 2 channels x 2 lanes.
  auto a_name = *node_name::parse("a@127.0.0.1");
  REQUIRE(eventually([&] { return cluster.observer()->links(a_name).size() == 4; }));
  std::set<std::string> channels;
  for (const auto& link : cluster.observer()->links(a_name))
    channels.insert(link.channel);
  CHECK(channels == std::set<std::string>{"control", "bulk"});
}
