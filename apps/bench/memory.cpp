// The memory scenario: resident memory of an idle node, and what each
// additional peer costs it. The measured node and its peers are separate
// processes; the measured one reports its VmRSS when the driver asks.
#include <thread>

#include <fmt/format.h>

#include "actors/node.hpp"
#include "apps/bench/child.hpp"
#include "apps/bench/commands.hpp"
#include "apps/bench/result.hpp"
#include "apps/bench/table.hpp"

namespace troupe::bench {

namespace {

using namespace std::chrono_literals;

/// Lets allocations and connections settle before a reading.
constexpr auto settle = 300ms;

/// The measured node: "SYSTEM <kib>" with only its actor system, then
/// "READY <address>", then "<kib>" for every "rss".
int measured_node(bench_config& config, line_link& driver) {
  caf::actor_system system{config};
  std::this_thread::sleep_for(settle);
  driver.send(fmt::format("SYSTEM {}", current_rss_kib()));
  auto started = node::start(system, config.node_settings("measured"));
  if (!started)
    return driver.send("ERROR " + started.error().message), 1;
  auto listen = started->spec().listen.front();
  driver.send("READY " + started->name().str() + listen.substr(listen.rfind(':')));
  while (auto line = driver.receive(24h))
    if (*line == "rss")
      driver.send(std::to_string(current_rss_kib()));
  return 0;
}

int peer_node(bench_config& config, std::size_t index, const std::string& target,
              line_link& driver) {
  caf::actor_system system{config};
  auto started = node::start(system, config.node_settings(fmt::format("peer{}", index)));
  if (!started)
    return driver.send("ERROR " + started.error().message), 1;
  if (auto connected = started->connect(target); !connected)
    return driver.send("ERROR " + connected.error().message), 1;
  driver.send("CONNECTED");
  while (driver.receive(24h)) {
  }
  return 0;
}

long rss_of(child& measured) {
  std::this_thread::sleep_for(settle);
  measured.link().send("rss");
  auto line = measured.link().receive(5s);
  return line ? std::stol(*line) : -1;
}

/// "<prefix><rest>" from `process`, or an error naming `who`.
std::expected<std::string, std::string> answer(child& process, std::string_view prefix,
                                               std::string_view who) {
  auto line = process.link().receive(20s);
  if (!line || !line->starts_with(prefix))
    return std::unexpected{fmt::format("{}: {}", who, line.value_or("no answer"))};
  return line->substr(prefix.size());
}

} // namespace

int memory_command(bench_config& config) {
  auto measured = child::start([&](line_link& driver) { return measured_node(config, driver); });
  if (!measured)
    return fmt::print(stderr, "cannot fork\n"), 1;
  auto system_kib = answer(*measured, "SYSTEM ", "measured node");
  auto address = system_kib ? answer(*measured, "READY ", "measured node") : system_kib;
  if (!address)
    return fmt::print(stderr, "{}\n", address.error()), 1;
  auto idle = rss_of(*measured);
  std::vector<child> peers;
  std::vector<std::pair<std::size_t, long>> readings;
  auto count = std::max<std::size_t>(2, config.peers());
  for (std::size_t i = 1; i <= count; ++i) {
    auto peer = child::start([&](line_link& driver) {
      return peer_node(config, i, *address, driver);
    });
    if (!peer)
      return fmt::print(stderr, "cannot fork\n"), 1;
    if (auto connected = answer(*peer, "CONNECTED", fmt::format("peer {}", i)); !connected)
      return fmt::print(stderr, "{}\n", connected.error()), 1;
    peers.push_back(std::move(*peer));
    if ((i & (i - 1)) == 0 || i == count)
      readings.emplace_back(i, rss_of(*measured));
  }
  auto first = readings.front().second - idle;
  auto per_peer = static_cast<double>(readings.back().second - readings.front().second)
                  / static_cast<double>(count - 1);
  auto settings = config.node_settings("measured");
  result line;
  line.set("stack", "troupe")
    .set("test", "memory")
    .set("system_kib", *system_kib)
    .set("idle_kib", std::to_string(idle))
    .set("first_peer_kib", std::to_string(first))
    .set("per_peer_kib", per_peer, 0)
    .set("peers", std::to_string(count))
    .set("connections_per_peer",
         std::to_string(settings.parallelism * settings.channels.size()))
    .set("label", "troupe-memory");
  fmt::print("{}\n", line.line());
  table t{{"resident memory of the measured node", "KiB"}};
  t.add({"actor system alone (CAF, before the node starts)", *system_kib});
  t.add({"idle node (actor system + troupe node, no peers)", std::to_string(idle)});
  for (auto [peers_connected, kib] : readings)
    t.add({fmt::format("with {} peer(s)", peers_connected), std::to_string(kib)});
  t.add({"first peer", std::to_string(first)});
  t.add({fmt::format("each additional peer ({} connection(s) each)",
                     settings.parallelism * settings.channels.size()),
         fmt::format("{:.0f}", per_peer)});
  t.print();
  return 0;
}

} // namespace troupe::bench
