#include "apps/bench/bench_config.hpp"

#include <caf/config_option_adder.hpp>
#include <caf/settings.hpp>
#include <fmt/format.h>

namespace troupe::bench {

namespace {

using sizes_t = std::vector<std::size_t>;
using strings = std::vector<std::string>;

/// The anchors' message counts (run_all.sh), so that rows compare 1:1; 1 MiB
/// is troupe-bench's own, about 2 GB a run like the others.
std::size_t anchor_messages(std::size_t size) {
  if (size <= 64)
    return 500000;
  if (size <= 1024)
    return 200000;
  if (size <= 32768)
    return 30000;
  return 2000;
}

} // namespace

bench_config::bench_config() {
  opt_group{custom_options_, "global"}
    .add<size_t>("rounds", "latency: measured round trips (default 20000)")
    .add<size_t>("warmup", "latency: warm-up round trips (default 2000)")
    .add<sizes_t>("sizes", "throughput: payload sizes (default [64,1024,32768,1048576])")
    .add<size_t>("messages", "throughput: messages per run (default: the anchors' counts)")
    .add<size_t>("timeout", "seconds one run may take before it is killed (default 90)")
    .add<bool>("caf-unbounded", "caf: also stream without a credit window (CAF queues "
                                "everything)")
    .add<sizes_t>("rtts", "echo: added round-trip times in ms (default [1,20])")
    .add<sizes_t>("payloads", "echo: payload sizes (default [524288,8388608])")
    .add<sizes_t>("concurrency", "echo: requesters per node (default [16,64])")
    .add<strings>("layouts", "echo: p<parallelism>c<channels> (default [p1c1,p16c1,p1c4,p16c4])")
    .add<size_t>("echo-ms", "echo: how long the requesters of one run start echoes, at least one "
                            "round of them at 250 MB/s (default 4000)")
    .add<size_t>("iperf-seconds", "echo: iperf3 through the same network for reference, per "
                                  "stream count (default 3; 0: none)")
    .add<size_t>("peers", "memory: peer nodes connected one after another (default 16)");
}

node_config bench_config::node_settings(std::string_view name, std::string_view host) const {
  auto settings = node().value_or(node_config{});
  settings.name = fmt::format("{}@{}", name, host);
  settings.listen = {fmt::format("{}:0", host)};
  if (settings.cookie.empty())
    settings.cookie = "troupe-bench";
  if (!caf::get_if<std::string>(&content, "troupe.log-level"))
    settings.log = log_level::warning;
  return settings;
}

std::size_t bench_config::rounds() const {
  return caf::get_or(content, "rounds", size_t{20000});
}

std::size_t bench_config::warmup_rounds() const {
  return caf::get_or(content, "warmup", size_t{2000});
}

std::vector<std::size_t> bench_config::sizes() const {
  return caf::get_or(content, "sizes", sizes_t{64, 1024, 32768, 1048576});
}

std::size_t bench_config::messages(std::size_t size) const {
  return caf::get_or(content, "messages", anchor_messages(size));
}

std::size_t bench_config::warmup_messages(std::size_t size) const {
  return messages(size) / 25 + 1;
}

std::chrono::seconds bench_config::timeout() const {
  return std::chrono::seconds{caf::get_or(content, "timeout", size_t{90})};
}

bool bench_config::caf_unbounded() const {
  return caf::get_or(content, "caf-unbounded", false);
}

std::vector<std::size_t> bench_config::rtts_ms() const {
  return caf::get_or(content, "rtts", sizes_t{1, 20});
}

std::vector<std::size_t> bench_config::payloads() const {
  return caf::get_or(content, "payloads", sizes_t{524288, 8388608});
}

std::vector<std::size_t> bench_config::concurrency() const {
  return caf::get_or(content, "concurrency", sizes_t{16, 64});
}

std::vector<std::string> bench_config::layouts() const {
  return caf::get_or(content, "layouts", strings{"p1c1", "p16c1", "p1c4", "p16c4"});
}

std::chrono::milliseconds bench_config::echo_duration() const {
  return std::chrono::milliseconds{caf::get_or(content, "echo-ms", size_t{4000})};
}

std::chrono::seconds bench_config::iperf_duration() const {
  return std::chrono::seconds{caf::get_or(content, "iperf-seconds", size_t{3})};
}

std::size_t bench_config::peers() const {
  return caf::get_or(content, "peers", size_t{16});
}

} // namespace troupe::bench
