#include <doctest/doctest.h>

#include <csignal>

#include "tests/discovery/discovery_nodes.hpp"
#include "tests/discovery/dnsmasq_server.hpp"
#include "tests/discovery/garbage_dns_server.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::test;

namespace {

const std::string service = "_troupe._tcp.cluster.test";

/// A dnsmasq on host 1 of the test's addresses, and nodes on hosts 2, 3, ...
/// that know nothing but its address and a name.
struct dns_cluster {
  discovery_nodes nodes;
  dnsmasq_server dns;

  dns_cluster(int subnet, dns_records records)
    : nodes(subnet), dns(nodes.ip(1), free_port(nodes.ip(1)), nodes.cluster.dir(), std::move(records)) {}

  /// Host `host` as "cluster.test", and as n<host>.test for PTR look-ups.
  std::pair<std::string, std::vector<std::string>> a_record(int host) const {
    return {nodes.ip(host), {"n" + std::to_string(host) + ".test", "cluster.test"}};
  }

  dns_records::service srv_record(int host) const {
    return {service, "n" + std::to_string(host) + ".test", nodes.port()};
  }

  std::vector<std::string> args(std::vector<std::string> method_args) const {
    method_args.push_back("--discovery.dns-servers=[\"" + dns.address() + "\"]");
    return method_args;
  }

  /// Node `key` on `host`, named node@<name_host>.
  void launch(const std::string& key, int host, const std::string& name_host,
              const std::vector<std::string>& method_args) {
    nodes.cluster.launch(nodes.node(key, "node@" + name_host, host, args(method_args)));
  }

  /// Node `key` on `host` without discovery of its own.
  void launch_silent(const std::string& key, int host, const std::string& name_host) {
    nodes.cluster.launch({.key = key, .name = "node@" + name_host,
                          .listen = nodes.ip(host) + ":" + std::to_string(nodes.port())});
  }
};

const std::vector<std::string> dns_a_ip{"--discovery.methods=[\"dns-a\"]",
                                        "--discovery.dns-a-name=cluster.test"};

dns_records a_records(const dns_cluster& cluster, std::vector<int> hosts) {
  dns_records records;
  for (auto host : hosts)
    records.hosts.push_back(cluster.a_record(host));
  return records;
}

} // namespace

TEST_CASE("four nodes that know only a DNS name form one cluster from its A records") {
  dns_cluster cluster{10, {}};
  cluster.dns.update(a_records(cluster, {2, 3, 4, 5}));
  for (int host = 2; host <= 5; ++host)
    cluster.launch(std::string(1, static_cast<char>('a' + host - 2)), host, cluster.nodes.ip(host),
                   dns_a_ip);
  CHECK(eventually([&] { return cluster.nodes.cluster.all_connected({"a", "b", "c", "d"}); }, 10s));
  CHECK(cluster.nodes.discovery_status("a")["methods"]["dns-a"]["found"] == 4);
}

TEST_CASE("with host_type hostname the PTR names of the A records become the node names") {
  dns_cluster cluster{11, {}};
  cluster.dns.update(a_records(cluster, {2, 3, 4}));
  auto args = dns_a_ip;
  args.push_back("--discovery.dns-a-host-type=hostname");
  for (int host = 2; host <= 4; ++host)
    cluster.launch(std::string(1, static_cast<char>('a' + host - 2)), host,
                   "n" + std::to_string(host) + ".test", args);
  CHECK(eventually([&] { return cluster.nodes.cluster.all_connected({"a", "b", "c"}); }, 10s));
  CHECK(cluster.nodes.cluster.sees("a", "b"));
  CHECK(cluster.nodes.cluster.connected("a")
        == std::vector<std::string>{"node@n3.test", "node@n4.test"});
}

TEST_CASE("three nodes that know only an SRV name form one cluster, by host name or by address") {
  for (auto [subnet, host_type] : {std::pair{12, std::string{"hostname"}}, {13, std::string{"ip"}}}) {
    CAPTURE(host_type);
    dns_cluster cluster{subnet, {}};
    auto records = a_records(cluster, {2, 3, 4});
    for (int host = 2; host <= 4; ++host)
      records.services.push_back(cluster.srv_record(host));
    cluster.dns.update(records);
    std::vector<std::string> args{"--discovery.methods=[\"dns-srv\"]",
                                  "--discovery.dns-srv-name=" + service,
                                  "--discovery.dns-srv-host-type=" + host_type};
    for (int host = 2; host <= 4; ++host) {
      auto name_host = host_type == "ip" ? cluster.nodes.ip(host)
                                                      : "n" + std::to_string(host) + ".test";
      cluster.launch(std::string(1, static_cast<char>('a' + host - 2)), host, name_host, args);
    }
    CHECK(eventually([&] { return cluster.nodes.cluster.all_connected({"a", "b", "c"}); }, 10s));
    CHECK(cluster.nodes.discovery_status("b")["methods"]["dns-srv"]["found"] == 3);
  }
}

TEST_CASE("an added A record is joined at the next refresh and a removed one is not reconnected") {
  dns_cluster cluster{14, {}};
  cluster.dns.update(a_records(cluster, {2, 3, 4}));
  for (int host = 2; host <= 4; ++host)
    cluster.launch(std::string(1, static_cast<char>('a' + host - 2)), host, cluster.nodes.ip(host),
                   dns_a_ip);
  REQUIRE(eventually([&] { return cluster.nodes.cluster.all_connected({"a", "b", "c"}); }, 10s));
  // d knows nothing: only the others, following the new record, can find it.
  cluster.launch_silent("d", 5, cluster.nodes.ip(5));
  cluster.dns.update(a_records(cluster, {2, 3, 5}));
  CHECK(eventually([&] { return cluster.nodes.cluster.all_connected({"a", "b", "d"}); },
                   refresh + connect_time + 1s));
  // c's record is gone: restarted knowing nothing, nobody dials it again.
  cluster.nodes.cluster.at("c").signal(SIGKILL);
  REQUIRE(eventually([&] { return !cluster.nodes.cluster.sees("a", "c"); }, 10s));
  cluster.launch_silent("c", 4, cluster.nodes.ip(4));
  std::this_thread::sleep_for(3 * refresh + connect_time);
  CHECK(cluster.nodes.cluster.connected("c").empty());
  CHECK(cluster.nodes.discovery_status("a")["methods"]["dns-a"]["found"] == 3);
}

TEST_CASE("an added SRV record is joined at the next refresh") {
  dns_cluster cluster{15, {}};
  auto records = a_records(cluster, {2, 3, 4});
  records.services = {cluster.srv_record(2), cluster.srv_record(3)};
  cluster.dns.update(records);
  std::vector<std::string> args{"--discovery.methods=[\"dns-srv\"]",
                                "--discovery.dns-srv-name=" + service};
  cluster.launch("a", 2, "n2.test", args);
  cluster.launch("b", 3, "n3.test", args);
  REQUIRE(eventually([&] { return cluster.nodes.cluster.all_connected({"a", "b"}); }, 10s));
  cluster.launch_silent("c", 4, "n4.test");
  records.services.push_back(cluster.srv_record(4));
  cluster.dns.update(records);
  CHECK(eventually([&] { return cluster.nodes.cluster.all_connected({"a", "b", "c"}); },
                   refresh + connect_time + 1s));
}

TEST_CASE("garbage DNS answers and an unreachable DNS server are logged and counted, and the "
          "nodes run on") {
  discovery_nodes nodes{16};
  auto garbage_port = free_port(nodes.ip(1));
  garbage_dns_server garbage{nodes.ip(1), garbage_port};
  // a asks the garbage server, b one that is not there; they also know each
  // other from a static list, which goes on working beside the broken DNS.
  auto args = [&](const std::string& server) {
    return std::vector<std::string>{
      "--discovery.methods=[\"dns-a\",\"dns-srv\",\"static\"]",
      "--discovery.dns-a-name=cluster.test",
      "--discovery.dns-srv-name=" + service,
      "--discovery.dns-timeout=100ms",
      "--discovery.dns-servers=[\"" + server + "\"]",
      "--discovery.static-nodes=" + list_of({nodes.address("a", 2), nodes.address("b", 3)})};
  };
  auto nowhere = nodes.ip(9) + ":" + std::to_string(free_port(nodes.ip(9)));
  nodes.cluster.launch(nodes.node("a", "a@" + nodes.ip(2), 2,
                                  args(nodes.ip(1) + ":" + std::to_string(garbage_port))));
  nodes.cluster.launch(nodes.node("b", "b@" + nodes.ip(3), 3, args(nowhere)));
  CHECK(eventually([&] { return nodes.cluster.all_connected({"a", "b"}); }, 10s));
  auto problems = [&](const std::string& key, const std::string& method) {
    return nodes.discovery_status(key)["methods"][method]["problems"].get<int>();
  };
  REQUIRE(eventually([&] { return problems("a", "dns-srv") >= 2 && problems("b", "dns-a") >= 2; },
                     10s));
  auto a = nodes.discovery_status("a")["methods"];
  CHECK(a["dns-a"]["last_problem"].get<std::string>().find("Misformatted") != std::string::npos);
  CHECK(!nodes.discovery_status("b")["methods"]["dns-a"]["last_problem"].get<std::string>().empty());
  CHECK(nodes.cluster.log_of("a").find("discovery: dns-a: ") != std::string::npos);
  CHECK(nodes.cluster.log_of("b").find("discovery: dns-srv: ") != std::string::npos);
  CHECK(garbage.answered() > 0);
  CHECK(nodes.still_answers("a"));
  CHECK(nodes.still_answers("b"));
}
