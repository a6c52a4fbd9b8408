#include "apps/bench/pair_scenarios.hpp"

#include <future>

#include <fmt/format.h>

#include "apps/bench/bench_actors.hpp"

namespace troupe::bench {

namespace {

/// Waits for what the client actor promised, within the run's timeout.
template <class T>
std::expected<T, std::string> await(std::future<T>& outcome, std::chrono::seconds timeout) {
  if (outcome.wait_for(timeout) != std::future_status::ready)
    return std::unexpected{"timed out"};
  return outcome.get();
}

} // namespace

std::expected<result, std::string> measure_latency(bench_config& config, stack which,
                                                   bool request) {
  latency_plan plan{.warmup = config.warmup_rounds(), .rounds = config.rounds(), .size = 64,
                    .request = request};
  auto timeout = config.timeout();
  return run_pair(config, which,
                  [=](caf::actor_system& system,
                      const caf::actor& server) -> std::expected<result, std::string> {
                    std::promise<std::vector<std::chrono::nanoseconds>> done;
                    auto samples = done.get_future();
                    auto client = run_latency(system, server, plan, std::move(done));
                    auto measured = await(samples, timeout);
                    if (!measured)
                      return std::unexpected{measured.error()};
                    auto s = summarize(std::move(*measured));
                    auto variant = request ? "request" : "send";
                    auto line = result::of(to_string(which), "latency",
                                           fmt::format("{}-lat-{}", to_string(which), variant));
                    line.set("variant", variant)
                      .set({{"size", plan.size}, {"n", s.n}})
                      .set("median_us", s.median_us, 1)
                      .set("p99_us", s.p99_us, 1)
                      .set("p999_us", s.p999_us, 1)
                      .set("mean_us", s.mean_us, 1)
                      .set("min_us", s.min_us, 1)
                      .set("max_us", s.max_us, 1)
                      .set({{"ok", s.n == plan.rounds}});
                    return line;
                  });
}

std::expected<result, std::string> measure_throughput(bench_config& config, stack which,
                                                      std::size_t size, std::size_t window) {
  throughput_plan plan{.size = size, .messages = config.messages(size),
                       .warmup = config.warmup_messages(size), .window = window};
  auto timeout = config.timeout();
  return run_pair(config, which,
                  [=](caf::actor_system& system,
                      const caf::actor& server) -> std::expected<result, std::string> {
                    std::promise<throughput_outcome> done;
                    auto outcome = done.get_future();
                    auto client = run_throughput(system, server, plan, std::move(done));
                    auto measured = await(outcome, timeout);
                    if (!measured)
                      return std::unexpected{measured.error()};
                    auto secs = measured->elapsed.count();
                    auto label = fmt::format("{}-{}tp-{}", to_string(which),
                                             window == 0 ? "" : "win-", size);
                    auto line = result::of(to_string(which), "throughput", label);
                    line.set({{"size", size}, {"n", measured->received}})
                      .set("secs", secs, 4)
                      .set("msgs_per_s", static_cast<double>(measured->received) / secs, 0)
                      .set("MB_per_s", static_cast<double>(measured->bytes) / secs / 1e6, 2)
                      .set({{"ok", measured->received == plan.messages}, {"window", window}});
                    return line;
                  });
}

std::size_t caf_window(std::size_t size) {
  return std::max<std::size_t>(2, (2u << 20) / size);
}

} // namespace troupe::bench
