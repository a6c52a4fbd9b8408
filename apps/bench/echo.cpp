// The echo scenario (Partisan's echo experiment): three nodes in network
// namespaces with a delay added to every packet they receive; on every
// node C requesters doing synchronous echoes of one payload with the other
// two nodes (alternately), for a fixed window (longer for large rounds).
// Reported: payload bytes echoed per second over all nodes, for each layout
// of connections.
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "apps/bench/commands.hpp"
#include "apps/bench/echo_actors.hpp"
#include "apps/bench/netns.hpp"
#include "apps/bench/netns_iperf.hpp"
#include "apps/bench/table.hpp"

namespace troupe::bench {

namespace {

using namespace std::chrono_literals;

constexpr std::size_t node_count = 3;
constexpr auto setup_timeout = 60s;

/// Connections per peer: `parallelism` lanes in each of `channels` channels.
struct layout {
  std::uint16_t parallelism = 1;
  std::size_t channels = 1;

  std::string name() const { return fmt::format("p{}c{}", parallelism, channels); }

  static std::optional<layout> parse(const std::string& text) {
    unsigned parallelism = 0;
    std::size_t channels = 0;
    if (std::sscanf(text.c_str(), "p%uc%zu", &parallelism, &channels) != 2 || parallelism == 0
        || parallelism > 256 || channels == 0 || channels > 64)
      return std::nullopt;
    return layout{static_cast<std::uint16_t>(parallelism), channels};
  }
};

struct echo_run {
  std::size_t rtt_ms = 0;
  std::size_t payload = 0;
  std::size_t concurrency = 0;
  layout connections;
  std::chrono::milliseconds window{0};
};

/// The window of a run: as asked, but at least what the first round of
/// every requester's echo takes at this rate. 64 requesters of 8 MiB on 3
/// nodes put 3.2 GB on the wire before the last of them returns, and
/// faulting in the memory for it takes seconds on this machine: in a 4 s
/// window nothing of it arrived (parallelism 16, 4 channels).
constexpr double slowest_expected_bytes_per_s = 250e6;

std::chrono::milliseconds window_for(std::size_t payload, std::size_t concurrency,
                                     std::chrono::milliseconds asked) {
  auto first_round = 2.0 * static_cast<double>(payload * concurrency * node_count);
  std::chrono::duration<double> needed{first_round / slowest_expected_bytes_per_s};
  return std::max(asked, std::chrono::ceil<std::chrono::milliseconds>(needed));
}

std::vector<std::string> channel_names(std::size_t count) {
  std::vector<std::string> names;
  for (std::size_t i = 0; i < count; ++i)
    names.push_back(fmt::format("c{}", i));
  return names;
}

std::vector<std::string> words(const std::string& line) {
  std::istringstream in{line};
  std::vector<std::string> result;
  for (std::string word; in >> word;)
    result.push_back(word);
  return result;
}

/// Requester k echoes with peer k % peers; the requesters of one peer
/// spread over the channels, then over the lanes (by partition key).
echo_plan plan_for(std::size_t k, const std::vector<node_name>& peers, const echo_run& run,
                   std::chrono::steady_clock::time_point deadline) {
  auto slot = k / peers.size();
  auto channels = channel_names(run.connections.channels);
  return {.server = remote_ref{peers[k % peers.size()], "echo"},
          .options = {.channel = channels[slot % channels.size()],
                      .partition_key = slot / channels.size()},
          .payload = run.payload,
          .deadline = deadline};
}

/// Connects to the peers named after this node (the others dial it) and
/// waits until all are connected.
bool join_peers(node& self_node, const std::vector<std::string>& addresses) {
  for (const auto& address : addresses) {
    auto peer = peer_address::parse(address);
    if (peer && peer->name && *peer->name > self_node.name())
      if (auto connected = self_node.connect(address);
          !connected && connected.error().what != connect_error::code::ignored)
        return false;
  }
  auto deadline = std::chrono::steady_clock::now() + setup_timeout;
  while (self_node.nodes().size() < addresses.size()) {
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

/// One node of a run, in its namespace: READY, then PEERS -> CONNECTED,
/// then GO -> DONE <echoes> <payload bytes moved> after the window.
int echo_node(bench_config& config, const std::string& host, std::size_t index,
              const echo_run& run, line_link& driver) {
  echo_tally tally; // outlives the actors: the system waits for them as it ends
  caf::actor_system system{config};
  auto settings = config.node_settings(fmt::format("n{}", index), host);
  settings.parallelism = run.connections.parallelism;
  settings.channels = channel_names(run.connections.channels);
  auto started = node::start(system, settings);
  if (!started)
    return driver.send("ERROR " + started.error().message), 1;
  auto& self_node = *started;
  auto server = spawn_echo_server(system, self_node, tally);
  self_node.register_name("echo", server);
  auto listen = self_node.spec().listen.front();
  driver.send("READY " + self_node.name().str() + listen.substr(listen.rfind(':')));
  auto peers_line = driver.receive(setup_timeout);
  if (!peers_line)
    return 1;
  auto addresses = words(*peers_line);
  if (!join_peers(self_node, addresses))
    return driver.send("ERROR cannot connect to all peers"), 1;
  std::vector<node_name> peers;
  for (const auto& address : addresses)
    peers.push_back(*peer_address::parse(address)->name);
  driver.send("CONNECTED");
  if (driver.receive(setup_timeout) != "GO")
    return 1;
  auto deadline = std::chrono::steady_clock::now() + run.window;
  std::vector<caf::actor> requesters;
  for (std::size_t k = 0; k < run.concurrency; ++k)
    requesters.push_back(spawn_requester(system, self_node, plan_for(k, peers, run, deadline), tally));
  std::this_thread::sleep_until(deadline);
  // Half of each echo that came back, and half of each request that arrived.
  auto moved = (tally.echoed_bytes.load() + tally.request_bytes.load()) / 2;
  driver.send(fmt::format("DONE {} {}", tally.echoes.load(), moved));
  driver.receive(setup_timeout); // the driver ends the node
  return 0;
}

std::expected<std::string, std::string> expect(child& node, std::string_view prefix) {
  auto line = node.link().receive(setup_timeout);
  if (!line || !line->starts_with(prefix))
    return std::unexpected{line.value_or("no answer")};
  return line->substr(prefix.size());
}

std::expected<result, std::string> measure_echo(bench_config& config, const echo_network& network,
                                                const echo_run& run) {
  std::vector<child> nodes;
  std::vector<std::string> addresses;
  for (std::size_t i = 0; i < network.size(); ++i) {
    auto started = child::start([&](line_link& driver) {
      if (!network.enter(i))
        return driver.send("ERROR cannot enter the namespace"), 1;
      return echo_node(config, network.address(i), i, run, driver);
    });
    if (!started)
      return std::unexpected{"cannot fork"};
    auto ready = expect(*started, "READY ");
    if (!ready)
      return std::unexpected{ready.error()};
    addresses.push_back(*ready);
    nodes.push_back(std::move(*started));
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    std::string others;
    for (std::size_t j = 0; j < addresses.size(); ++j)
      if (j != i)
        others += addresses[j] + " ";
    nodes[i].link().send(others);
  }
  for (auto& n : nodes)
    if (auto connected = expect(n, "CONNECTED"); !connected)
      return std::unexpected{connected.error()};
  for (auto& n : nodes)
    n.link().send("GO");
  std::uint64_t echoes = 0;
  std::uint64_t bytes = 0;
  for (auto& n : nodes) {
    auto done = expect(n, "DONE ");
    if (!done)
      return std::unexpected{done.error()};
    auto counts = words(*done);
    echoes += std::stoull(counts.at(0));
    bytes += std::stoull(counts.at(1));
  }
  auto secs = std::chrono::duration<double>(run.window).count();
  auto line = result::of("troupe", "echo",
                         fmt::format("troupe-echo-{}ms-{}-c{}-{}", run.rtt_ms, run.payload,
                                     run.concurrency, run.connections.name()));
  line.set({{"rtt_ms", run.rtt_ms},
            {"size", run.payload},
            {"concurrency", run.concurrency},
            {"parallelism", run.connections.parallelism},
            {"channels", run.connections.channels},
            {"n", echoes}})
    .set("secs", secs, 2)
    .set("echoes_per_s", static_cast<double>(echoes) / secs, 1)
    .set("MB_per_s", static_cast<double>(bytes) / secs / 1e6, 2)
    .set({{"ok", bytes > 0}});
  return line;
}

/// iperf3 with as many streams as each layout has connections per peer.
void report_tcp_reference(const echo_network& network, std::size_t rtt,
                          const std::vector<layout>& layouts, std::chrono::seconds duration) {
  if (duration.count() == 0)
    return;
  std::set<int> streams;
  for (const auto& l : layouts)
    streams.insert(static_cast<int>(l.parallelism * l.channels));
  for (auto count : streams)
    if (auto rate = iperf_mb_per_s(network, count, duration)) {
      auto line = result::of("iperf3", "netns-stream", fmt::format("iperf3-netns-{}ms-P{}", rtt, count));
      line.set({{"rtt_ms", rtt}, {"streams", count}}).set("MB_per_s", *rate, 1);
      fmt::print("{}\n", line.line());
    }
}

std::string netdelay_binary() {
  return (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "troupe-netdelay")
    .string();
}

void print_echo_table(const std::map<std::string, result>& done, const bench_config& config,
                      const std::vector<layout>& layouts) {
  std::vector<std::string> headers{"RTT", "payload", "requesters/node"};
  for (const auto& l : layouts)
    headers.push_back(l.name() + " MB/s");
  for (std::size_t i = 1; i < layouts.size(); ++i)
    headers.push_back(fmt::format("{} / {}", layouts[i].name(), layouts[0].name()));
  table t{headers};
  for (auto rtt : config.rtts_ms())
    for (auto payload : config.payloads())
      for (auto c : config.concurrency()) {
        std::vector<std::string> cells{fmt::format("{} ms", rtt), fmt::format("{} KiB", payload / 1024),
                                       std::to_string(c)};
        std::vector<double> rates;
        for (const auto& l : layouts) {
          auto found = done.find(fmt::format("{}-{}-{}-{}", rtt, payload, c, l.name()));
          rates.push_back(found == done.end() ? std::nan("") : found->second.number("MB_per_s"));
          cells.push_back(fmt::format("{:.1f}", rates.back()));
        }
        for (std::size_t i = 1; i < rates.size(); ++i)
          cells.push_back(ratio(rates[i], rates[0]));
        t.add(cells);
      }
  t.print();
}

} // namespace

int echo_command(bench_config& config) {
  if (auto missing = echo_network::missing_prerequisites()) {
    fmt::print("echo: skipped: {}\n", *missing);
    return skipped_exit_code;
  }
  std::vector<layout> layouts;
  for (const auto& text : config.layouts()) {
    auto parsed = layout::parse(text);
    if (!parsed)
      return fmt::print(stderr, "echo: bad layout '{}' (use p<parallelism>c<channels>)\n", text), 2;
    layouts.push_back(*parsed);
  }
  std::map<std::string, result> done;
  bool all_ok = true;
  for (auto rtt : config.rtts_ms()) {
    // Each side holds what it receives for half the round trip.
    auto network = echo_network::create(node_count, std::chrono::microseconds{rtt * 500},
                                        netdelay_binary());
    if (!network)
      return fmt::print(stderr, "echo: {}\n", network.error()), 1;
    report_tcp_reference(*network, rtt, layouts, config.iperf_duration());
    for (auto payload : config.payloads())
      for (auto c : config.concurrency())
        for (const auto& l : layouts) {
          echo_run run{rtt, payload, c, l, window_for(payload, c, config.echo_duration())};
          auto outcome = measure_echo(config, *network, run);
          if (!outcome) {
            fmt::print("RESULT stack=troupe test=echo label=troupe-echo FAILED ({})\n",
                       outcome.error());
            all_ok = false;
            continue;
          }
          fmt::print("{}\n", outcome->line());
          std::fflush(stdout);
          all_ok = all_ok && outcome->ok();
          done.insert_or_assign(fmt::format("{}-{}-{}-{}", rtt, payload, c, l.name()),
                                std::move(*outcome));
        }
  }
  print_echo_table(done, config, layouts);
  return all_ok ? 0 : 1;
}

} // namespace troupe::bench
