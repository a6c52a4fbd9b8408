#include <doctest/doctest.h>

#include <algorithm>

#include "discovery/dns_resolver.hpp"
#include "tests/discovery/dnsmasq_server.hpp"
#include "tests/discovery/garbage_dns_server.hpp"
#include "tests/discovery/ports.hpp"
#include "tests/discovery/scratch_dir.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::test;
using discovery::dns_resolver;

namespace {

/// This file's addresses: 127.77.30.0/24.
const std::string server_ip = "127.77.30.1";

const dns_records records{
  .hosts = {{"127.77.30.2", {"n2.test", "cluster.test"}},
            {"127.77.30.3", {"n3.test", "cluster.test"}},
            {"::1", {"v6.test"}}},
  .services = {{"_troupe._tcp.cluster.test", "n2.test", 4000},
               {"_troupe._tcp.cluster.test", "n3.test", 4001}}};

std::unique_ptr<dns_resolver> resolver_for(const std::string& server) {
  auto resolver = dns_resolver::create({.servers = {server}, .timeout = 200ms});
  REQUIRE_MESSAGE(resolver, (resolver ? "" : resolver.error()));
  return std::move(*resolver);
}

} // namespace

TEST_CASE("c-ares reads A, AAAA, SRV and PTR records from a real dnsmasq") {
  scratch_dir dir;
  dnsmasq_server dns{server_ip, free_port(server_ip), dir.path(), records};
  auto resolver = resolver_for(dns.address());
  auto addresses = resolver->addresses("cluster.test", false);
  REQUIRE_MESSAGE(addresses, (addresses ? "" : addresses.error()));
  std::ranges::sort(*addresses);
  CHECK(*addresses == std::vector<std::string>{"127.77.30.2", "127.77.30.3"});
  CHECK((resolver->addresses("v6.test", true) == std::vector<std::string>{"::1"}));
  auto services = resolver->services("_troupe._tcp.cluster.test");
  REQUIRE_MESSAGE(services, (services ? "" : services.error()));
  REQUIRE(services->size() == 2);
  CHECK((resolver->host_name("127.77.30.3") == "n3.test"));
}

TEST_CASE("a name without records is an error that names it") {
  scratch_dir dir;
  dnsmasq_server dns{server_ip, free_port(server_ip), dir.path(), records};
  auto resolver = resolver_for(dns.address());
  auto missing = resolver->addresses("nobody.test", false);
  REQUIRE(!missing);
  CHECK(missing.error().find("nobody.test") != std::string::npos);
  CHECK(!resolver->services("_none._tcp.cluster.test"));
  CHECK(!resolver->host_name("127.77.30.9"));
  CHECK(!resolver->host_name("not an address"));
}

TEST_CASE("garbage answers are reported as misformatted, not taken for records") {
  auto port = free_port(server_ip);
  garbage_dns_server garbage{server_ip, port};
  auto resolver = resolver_for(server_ip + ":" + std::to_string(port));
  auto addresses = resolver->addresses("cluster.test", false);
  REQUIRE(!addresses);
  CHECK(addresses.error().find("Misformatted") != std::string::npos);
  CHECK(!resolver->services("_troupe._tcp.cluster.test"));
  CHECK(garbage.answered() >= 2);
}

TEST_CASE("an unreachable DNS server is an error, not a hang") {
  auto resolver = resolver_for(server_ip + ":" + std::to_string(free_port(server_ip)));
  auto addresses = resolver->addresses("cluster.test", false);
  REQUIRE(!addresses);
  CHECK(addresses.error().find("cluster.test") != std::string::npos);
}

TEST_CASE("a DNS server that is no address is refused when the resolver is made") {
  CHECK(!dns_resolver::create({.servers = {"dns.example:53"}}));
}
