#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include <fmt/core.h>

#include "apps/experiments/experiments.hpp"

namespace {

using troupe::experiments::options;

constexpr std::string_view usage
  = "usage: troupe-experiments overlay|reliability|plumtree [--nodes N] [--seed S]\n"
    "  overlay      the overlay after N nodes joined (HyParView paper)\n"
    "  reliability  delivery after 0-90% of the nodes fail at once (HyParView paper)\n"
    "  plumtree     RMR, LDH and reliability beside a flood (Plumtree paper)\n";

[[noreturn]] void fail() {
  fmt::print(stderr, "{}", usage);
  std::exit(2);
}

options parse(int argc, char** argv) {
  options opts;
  for (int i = 2; i < argc; ++i) {
    std::string_view flag = argv[i];
    if (i + 1 == argc)
      fail();
    auto value = std::stoull(argv[++i]);
    if (flag == "--nodes" && value >= 2)
      opts.nodes = value;
    else if (flag == "--seed")
      opts.seed = value;
    else
      fail();
  }
  return opts;
}

} // namespace

int main(int argc, char** argv) {
  const std::map<std::string_view, std::function<std::uint64_t(const options&)>> commands{
    {"overlay", troupe::experiments::overlay_experiment},
    {"reliability", troupe::experiments::reliability_experiment},
    {"plumtree", troupe::experiments::plumtree_experiment}};
  if (argc < 2 || !commands.contains(argv[1]))
    fail();
  auto opts = parse(argc, argv);
  auto started = std::chrono::steady_clock::now();
  auto events = commands.at(argv[1])(opts);
  std::chrono::duration<double> wall = std::chrono::steady_clock::now() - started;
  fmt::print("Simulated {} events in {:.1f} s.\n", events, wall.count());
}
