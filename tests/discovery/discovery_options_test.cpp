#include <doctest/doctest.h>

#include <sys/wait.h>

#include "tests/discovery/child_process.hpp"
#include "tests/discovery/scratch_dir.hpp"

using namespace std::chrono_literals;
using namespace troupe::test;

TEST_CASE("troupe-node exits with 2 and names the discovery option that is wrong") {
  scratch_dir dir;
  struct bad_start {
    std::string arg;
    std::string says;
  };
  for (const auto& [arg, says] : std::vector<bad_start>{
         {"--discovery.methods=[\"mdns\"]", "discovery.methods: unknown method 'mdns'"},
         {"--discovery.refresh-interval=often", "discovery.refresh-interval:"},
         {"--discovery.dns-a-port=many", "--discovery.dns-a-port=many"},
         {"--discovery.methods=[\"subnet\"]", "discovery.subnet-cidr:"},
         {"--discovery.dns-servers=[\"8.8.8.8\"]", "discovery.dns-servers:"},
       }) {
    auto log = (dir.path() / "node.log").string();
    auto node = child_process::start({TROUPE_NODE_BINARY, "--troupe.name=a@127.0.0.1",
                                      "--troupe.cookie=secret", arg},
                                     log);
    REQUIRE(node);
    auto status = node->wait(10s);
    REQUIRE_MESSAGE(status, arg);
    CHECK_MESSAGE(WIFEXITED(*status), arg);
    CHECK_MESSAGE(WEXITSTATUS(*status) == 2, arg);
    CHECK_MESSAGE(node->log().find(says) != std::string::npos, node->log());
    std::filesystem::remove(log);
  }
}
