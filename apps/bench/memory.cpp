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

/// "<total KiB> <anonymous KiB>" of this process.
std::string resident_line() {
  auto now = resident_now();
  return fmt::format("{} {}", now.total_kib, now.anonymous_kib);
}

/// The measured node: "SYSTEM <rss>" with only its actor system, then
/// "READY <address>", then "<rss>" for every "rss".
int measured_node(bench_config& config, line_link& driver) {
  caf::actor_system system{config};
  std::this_thread::sleep_for(settle);
  driver.send("SYSTEM " + resident_line());
  auto started = node::start(system, config.node_settings("measured"));
  if (!started)
    return driver.send("ERROR " + started.error().message), 1;
  auto listen = started->spec().listen.front();
  driver.send("READY " + started->name().str() + listen.substr(listen.rfind(':')));
  while (auto line = driver.receive(24h))
    if (*line == "rss")
      driver.send(resident_line());
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

resident_set parse_resident(const std::string& line) {
  resident_set result;
  std::sscanf(line.c_str(), "%ld %ld", &result.total_kib, &result.anonymous_kib);
  return result;
}

resident_set rss_of(child& measured) {
  std::this_thread::sleep_for(settle);
  measured.link().send("rss");
  return parse_resident(measured.link().receive(5s).value_or(""));
}

std::string cell(const resident_set& r) {
  return fmt::format("{} | {}", r.total_kib, r.anonymous_kib);
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
  auto system = parse_resident(*system_kib);
  auto idle = rss_of(*measured);
  std::vector<child> peers;
  std::vector<std::pair<std::size_t, resident_set>> readings;
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
  const auto& first = readings.front().second;
  const auto& last = readings.back().second;
  auto per_peer = [&](long resident_set::*field) {
    return static_cast<double>(last.*field - first.*field) / static_cast<double>(count - 1);
  };
  auto settings = config.node_settings("measured");
  auto connections = settings.parallelism * settings.channels.size();
  auto line = result::of("troupe", "memory", "troupe-memory");
  line.set({{"system_kib", system.total_kib},
            {"idle_kib", idle.total_kib},
            {"idle_anon_kib", idle.anonymous_kib},
            {"first_peer_kib", first.total_kib - idle.total_kib},
            {"first_peer_anon_kib", first.anonymous_kib - idle.anonymous_kib}})
    .set("per_peer_kib", per_peer(&resident_set::total_kib), 1)
    .set("per_peer_anon_kib", per_peer(&resident_set::anonymous_kib), 1)
    .set({{"peers", count}, {"connections_per_peer", connections}});
  fmt::print("{}\n", line.line());
  table t{{"the measured node", "RSS KiB", "of it anonymous KiB"}};
  t.add({"actor system alone (CAF, before the node starts)", cell(system)});
  t.add({"idle node (actor system + troupe node, no peers)", cell(idle)});
  for (const auto& [peers_connected, reading] : readings)
    t.add({fmt::format("with {} peer(s)", peers_connected), cell(reading)});
  t.add({"first peer (libcrypto's pages, the I/O thread's arena)",
         fmt::format("{} | {}", first.total_kib - idle.total_kib,
                     first.anonymous_kib - idle.anonymous_kib)});
  t.add({fmt::format("each additional peer ({} connection(s) each)", connections),
         fmt::format("{:.1f} | {:.1f}", per_peer(&resident_set::total_kib),
                     per_peer(&resident_set::anonymous_kib))});
  t.print();
  return 0;
}

} // namespace troupe::bench
