#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace troupe::bench {

/// One measurement as a `RESULT key=value ...` line, the format the anchors'
/// benchmarks print and /work/shared/anchors/summarize.py tables: latency
/// lines carry median_us p99_us mean_us, throughput lines size n msgs_per_s
/// MB_per_s, and every line a label naming the configuration.
class result {
public:
  /// Adds `key`, or replaces its value.
  result& set(std::string_view key, std::string value);
  result& set(std::string_view key, double value, int decimals);

  /// Adds integer fields, in order.
  result& set(std::initializer_list<std::pair<std::string_view, std::int64_t>> fields);

  /// A line of `test` on `stack`, labeled `label`.
  static result of(std::string_view stack, std::string_view test, std::string label);

  std::optional<std::string> get(std::string_view key) const;

  /// The value of `key` as a number; NaN when missing or not a number.
  double number(std::string_view key) const;

  /// True if the line says the run accounted for every message (ok=1).
  bool ok() const { return get("ok") == "1"; }

  std::string line() const;

  /// Reads what line() wrote; nullopt for any other line.
  static std::optional<result> parse(std::string_view line);

private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

/// Round-trip samples summarized as the anchors do: the value at rank
/// p * (n - 1), rounded, of the sorted samples.
struct latency_summary {
  std::size_t n = 0;
  double median_us = 0;
  double p99_us = 0;
  double p999_us = 0;
  double mean_us = 0;
  double min_us = 0;
  double max_us = 0;
};

latency_summary summarize(std::vector<std::chrono::nanoseconds> samples);

/// The process's peak resident set so far, in MiB.
long peak_rss_mib();

/// The process's resident set now, in KiB (from /proc/self/status): all of
/// it, and the anonymous part (heap, stacks: memory of this process's own,
/// unlike the pages of shared libraries it touched).
struct resident_set {
  long total_kib = 0;
  long anonymous_kib = 0;
};

resident_set resident_now();

} // namespace troupe::bench
