#include <map>

#include <fmt/format.h>

#include "apps/bench/commands.hpp"
#include "apps/bench/pair_scenarios.hpp"
#include "apps/bench/table.hpp"

namespace troupe::bench {

namespace {

/// Results by (stack, row key), e.g. (caf, "send") or (troupe, "1024").
using results = std::map<std::pair<stack, std::string>, result>;

struct suite {
  bench_config& config;
  const std::vector<stack>& stacks;
  results done;
  bool all_ok = true;

  void keep(stack which, const std::string& key, std::expected<result, std::string> outcome,
            std::string_view what) {
    if (!outcome) {
      fmt::print("RESULT stack={} label={} FAILED ({})\n", to_string(which), what, outcome.error());
      all_ok = false;
      return;
    }
    fmt::print("{}\n", outcome->line());
    std::fflush(stdout);
    all_ok = all_ok && outcome->ok();
    done.insert_or_assign({which, key}, std::move(*outcome));
  }

  double number(stack which, const std::string& key, std::string_view field) const {
    auto found = done.find({which, key});
    return found == done.end() ? std::nan("") : found->second.number(field);
  }

  bool both() const { return stacks.size() > 1; }
};

void run_latency(suite& s) {
  for (bool request : {false, true})
    for (auto which : s.stacks)
      s.keep(which, request ? "request" : "send", measure_latency(s.config, which, request),
             "latency");
}

void run_throughput(suite& s) {
  for (auto size : s.config.sizes()) {
    auto key = std::to_string(size);
    for (auto which : s.stacks) {
      auto window = which == stack::caf ? caf_window(size) : 0;
      s.keep(which, key, measure_throughput(s.config, which, size, window), "throughput");
      if (which == stack::caf && s.config.caf_unbounded())
        s.keep(which, key + "-unbounded", measure_throughput(s.config, which, size, 0),
               "throughput");
    }
  }
}

/// A table with `columns` for each stack after the first column, and the
/// ratio troupe / CAF of `compared` at the end when both ran.
table table_of(const suite& s, std::string first, std::initializer_list<std::string_view> columns,
               std::string_view compared) {
  std::vector<std::string> headers{std::move(first)};
  for (auto which : s.stacks)
    for (auto column : columns)
      headers.push_back(fmt::format("{} {}", to_string(which), column));
  if (s.both())
    headers.push_back(fmt::format("troupe / caf {}", compared));
  return table{headers};
}

void print_latency(const suite& s) {
  auto t = table_of(s, "round trip, 64 B", {"p50 us", "p99 us", "p999 us"}, "p50");
  for (std::string variant : {"send", "request"}) {
    std::vector<std::string> cells{variant == "send" ? "send + reply" : "request().then()"};
    for (auto which : s.stacks)
      for (auto field : {"median_us", "p99_us", "p999_us"})
        cells.push_back(fmt::format("{:.1f}", s.number(which, variant, field)));
    if (s.both())
      cells.push_back(ratio(s.number(stack::troupe, variant, "median_us"),
                            s.number(stack::caf, variant, "median_us")));
    t.add(cells);
  }
  t.print();
}

void print_throughput(const suite& s) {
  auto t = table_of(s, "one-way, payload", {"msg/s", "MB/s", "peak RSS sender/receiver MB"},
                    "msg/s");
  for (auto size : s.config.sizes()) {
    auto key = std::to_string(size);
    std::vector<std::string> cells{fmt::format("{} B x {}", size, s.config.messages(size))};
    for (auto which : s.stacks) {
      cells.push_back(grouped(s.number(which, key, "msgs_per_s")));
      cells.push_back(fmt::format("{:.1f}", s.number(which, key, "MB_per_s")));
      cells.push_back(fmt::format("{:.0f} / {:.0f}", s.number(which, key, "client_maxrss_mb"),
                                  s.number(which, key, "server_maxrss_mb")));
    }
    if (s.both())
      cells.push_back(ratio(s.number(stack::troupe, key, "msgs_per_s"),
                            s.number(stack::caf, key, "msgs_per_s")));
    t.add(cells);
  }
  t.print();
  if (std::ranges::find(s.stacks, stack::caf) != s.stacks.end())
    fmt::print("caf runs use a credit window of 2 MiB of payload (CAF has no back-pressure); "
               "troupe runs rely on troupe's bounded send buffers.\n");
}

} // namespace

int pair_command(bench_config& config, const std::vector<stack>& stacks, bool latency,
                 bool throughput) {
  suite s{config, stacks, {}};
  if (latency)
    run_latency(s);
  if (throughput)
    run_throughput(s);
  if (latency)
    print_latency(s);
  if (throughput)
    print_throughput(s);
  return s.all_ok ? 0 : 1;
}

} // namespace troupe::bench
