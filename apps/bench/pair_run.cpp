#include "apps/bench/pair_run.hpp"

#include <optional>

#include <caf/actor_system.hpp>

#include "apps/bench/bench_actors.hpp"
#include "apps/bench/child.hpp"
#include "apps/bench/transport.hpp"

namespace troupe::bench {

namespace {

using namespace std::chrono_literals;

constexpr auto start_timeout = 20s;

std::unique_ptr<transport> make_transport(bench_config& config, caf::actor_system& system,
                                          stack which, std::string_view role) {
  if (which == stack::caf)
    return make_basp_transport(system);
  return make_troupe_transport(system, config.node_settings(role));
}

/// The server process: serves until the driver closes the link, answering
/// "rss" with its peak resident memory.
int serve(bench_config& config, stack which, line_link& driver) {
  caf::actor_system system{config};
  auto link = make_transport(config, system, which, "server");
  auto address = link->serve(spawn_server(system));
  if (!address)
    return driver.send("ERROR server: " + address.error()), 1;
  driver.send("READY " + *address);
  while (auto line = driver.receive(24h))
    if (*line == "rss")
      driver.send(std::to_string(peak_rss_mib()));
  return 0;
}

int measure_from_client(bench_config& config, stack which, const std::string& address,
                        const measure& what, line_link& driver) {
  caf::actor_system system{config};
  auto link = make_transport(config, system, which, "client");
  auto server = link->reach(address);
  if (!server)
    return driver.send("ERROR client: " + server.error()), 1;
  auto outcome = what(system, *server);
  if (!outcome)
    return driver.send("ERROR client: " + outcome.error()), 1;
  outcome->set("client_maxrss_mb", std::to_string(peak_rss_mib()));
  driver.send(outcome->line());
  return 0;
}

std::expected<std::string, std::string> expect_line(child& process, std::string_view prefix,
                                                    std::chrono::milliseconds timeout) {
  auto line = process.link().receive(timeout);
  if (!line)
    return std::unexpected{"no answer in time"};
  if (!line->starts_with(prefix))
    return std::unexpected{*line};
  return line->substr(prefix.size());
}

} // namespace

std::string_view to_string(stack which) {
  return which == stack::caf ? "caf" : "troupe";
}

std::expected<result, std::string> run_pair(bench_config& config, stack which,
                                            const measure& what) {
  auto server = child::start([&](line_link& driver) { return serve(config, which, driver); });
  if (!server)
    return std::unexpected{"cannot fork the server"};
  auto address = expect_line(*server, "READY ", start_timeout);
  if (!address)
    return std::unexpected{address.error()};
  auto client = child::start([&](line_link& driver) {
    return measure_from_client(config, which, *address, what, driver);
  });
  if (!client)
    return std::unexpected{"cannot fork the client"};
  auto line = expect_line(*client, "RESULT", config.timeout());
  if (!line)
    return std::unexpected{line.error()};
  auto outcome = result::parse("RESULT" + *line);
  server->link().send("rss");
  if (auto rss = server->link().receive(5s))
    outcome->set("server_maxrss_mb", *rss);
  return *outcome;
}

} // namespace troupe::bench
