// troupe-bench: troupe's benchmarks, side by side with CAF 0.17's own remote
// actors (BASP), in the anchors' RESULT format (see docs/benchmarks.md).
//
//   troupe-bench latency      round trip of 64 B between two processes
//   troupe-bench throughput   one-way streams of 64 B, 1 KiB, 32 KiB, 1 MiB
//   troupe-bench caf          the same two on CAF's BASP remote actors
//   troupe-bench compare      both stacks in one run, with troupe / CAF ratios
//   troupe-bench echo         Partisan's echo experiment in network namespaces (root)
//   troupe-bench memory       resident memory of an idle node and per peer
//
// Every process of a run is forked from this one before it creates an actor
// system; --troupe.* and --caf#... options apply to all of them.
#include <cstdio>
#include <string>

#include <fmt/format.h>

#include "apps/bench/commands.hpp"

namespace {

using troupe::bench::stack;

int usage() {
  fmt::print(stderr, "usage: troupe-bench latency|throughput|caf|compare|echo|memory "
                     "[options] (--help lists them)\n");
  return 2;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-')
    return usage();
  std::string command = argv[1];
  troupe::bench::bench_config config;
  // CAF's parser skips its first argument (the program name): give it the
  // command's place, so that the options after the command are parsed.
  if (auto error = config.parse(argc - 1, argv + 1))
    return fmt::print(stderr, "troupe-bench: {}\n", config.render(error)), 2;
  if (config.cli_helptext_printed)
    return 0;
  if (!config.remainder.empty())
    return usage();
  if (command == "latency")
    return troupe::bench::pair_command(config, {stack::troupe}, true, false);
  if (command == "throughput")
    return troupe::bench::pair_command(config, {stack::troupe}, false, true);
  if (command == "caf")
    return troupe::bench::pair_command(config, {stack::caf}, true, true);
  if (command == "compare")
    return troupe::bench::pair_command(config, {stack::troupe, stack::caf}, true, true);
  if (command == "echo")
    return troupe::bench::echo_command(config);
  if (command == "memory")
    return troupe::bench::memory_command(config);
  return usage();
}
