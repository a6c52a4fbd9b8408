#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <sys/wait.h>

#include "apps/bench/result.hpp"

using troupe::bench::result;

namespace {

/// The exit code of troupe-bench when the scenario cannot run here.
constexpr int skipped = 77;

struct bench_run {
  int exit_code = -1;
  std::string output;
  std::vector<result> results;

  std::vector<result> of(std::string_view test) const {
    std::vector<result> selected;
    for (const auto& r : results)
      if (r.get("test") == test)
        selected.push_back(r);
    return selected;
  }
};

bench_run run_bench(const std::string& arguments) {
  bench_run run;
  auto command = std::string{TROUPE_BENCH_BINARY} + " " + arguments + " 2>&1";
  auto* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe);
  char line[4096];
  while (std::fgets(line, sizeof line, pipe)) {
    run.output += line;
    std::string_view text{line};
    if (text.ends_with('\n'))
      text.remove_suffix(1);
    if (auto parsed = result::parse(text))
      run.results.push_back(*parsed);
  }
  auto status = ::pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

/// The RESULT lines of `test` from a run of troupe-bench that must succeed
/// and report `count` of them.
std::vector<result> expect_results(const bench_run& run, std::string_view test, std::size_t count) {
  CAPTURE(run.output);
  REQUIRE(run.exit_code == 0);
  auto lines = run.of(test);
  REQUIRE(lines.size() == count);
  return lines;
}

void check_latency(const result& r, double rounds) {
  CAPTURE(r.line());
  CHECK(r.ok());
  CHECK(r.number("n") == rounds);
  CHECK(r.number("median_us") > 0);
  CHECK(r.number("median_us") <= r.number("p99_us"));
  CHECK(r.number("p99_us") <= r.number("max_us"));
}

void check_throughput(const result& r, double messages) {
  CAPTURE(r.line());
  CHECK(r.ok());
  CHECK(r.number("n") == messages);
  CHECK(r.number("msgs_per_s") > 0);
  CHECK(r.number("MB_per_s") > 0);
  CHECK(r.number("client_maxrss_mb") > 0);
  CHECK(r.number("server_maxrss_mb") > 0);
}

} // namespace

TEST_CASE("latency: both variants measure every round trip") {
  for (const auto& r : expect_results(run_bench("latency --rounds=300 --warmup=30"), "latency", 2))
    check_latency(r, 300);
}

TEST_CASE("throughput: every size arrives complete") {
  auto run = run_bench("throughput --sizes=[64,1024,32768,1048576] --messages=300");
  for (const auto& r : expect_results(run, "throughput", 4))
    check_throughput(r, 300);
}

TEST_CASE("caf and compare: CAF's remote actors measured the same way, with ratios") {
  auto run = run_bench("compare --rounds=300 --warmup=30 --sizes=[1024] --messages=300");
  for (const auto& r : expect_results(run, "latency", 4))
    check_latency(r, 300);
  for (const auto& r : expect_results(run, "throughput", 2))
    check_throughput(r, 300);
  CHECK(run.output.find("troupe / caf") != std::string::npos);
}

TEST_CASE("memory: an idle node and its peers are measured") {
  auto lines = expect_results(run_bench("memory --peers=2"), "memory", 1);
  CHECK(lines[0].number("system_kib") > 0);
  CHECK(lines[0].number("idle_kib") >= lines[0].number("system_kib"));
  CHECK(lines[0].number("peers") == 2);
}

TEST_CASE("echo: every layout echoes in the namespaces, or says why it cannot run") {
  auto run = run_bench("echo --rtts=[1] --payloads=[65536] --concurrency=[2] "
                       "--layouts=[\"p1c1\",\"p2c2\"] --echo-ms=500");
  CAPTURE(run.output);
  if (run.exit_code == skipped) {
    std::printf("%s", run.output.c_str());
    std::fflush(stdout);
    std::quick_exit(skipped); // ctest shows the test as skipped, with this output
  }
  for (const auto& r : expect_results(run, "echo", 2)) {
    CAPTURE(r.line());
    CHECK(r.ok());
    CHECK(r.number("n") > 0);
    CHECK(r.number("MB_per_s") > 0);
  }
}
