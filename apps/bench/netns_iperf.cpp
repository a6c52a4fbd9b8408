#include "apps/bench/netns_iperf.hpp"

#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace troupe::bench {

namespace {

using namespace std::chrono_literals;

constexpr std::string_view iperf = "/usr/bin/iperf3";
constexpr std::string_view port = "5299";

/// Runs `args` in node `i`'s namespace, its standard output to the driver.
std::optional<child> run_in(const echo_network& network, std::size_t i,
                            std::vector<std::string> args) {
  return child::start([&network, i, args](line_link& driver) mutable {
    if (!network.enter(i))
      return 1;
    driver.send_as_stdout();
    std::vector<char*> argv;
    for (auto& arg : args)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    return 127;
  });
}

} // namespace

std::optional<double> iperf_mb_per_s(const echo_network& network, int streams,
                                     std::chrono::seconds duration) {
  if (::access(std::string{iperf}.c_str(), X_OK) != 0)
    return std::nullopt;
  auto server = run_in(network, 1, {std::string{iperf}, "-s", "-1", "-p", std::string{port}});
  std::this_thread::sleep_for(300ms); // until it listens
  auto client = run_in(network, 0,
                       {std::string{iperf}, "-c", network.address(1), "-p", std::string{port},
                        "-t", std::to_string(duration.count()), "-P", std::to_string(streams),
                        "-J"});
  if (!server || !client)
    return std::nullopt;
  std::string report;
  while (auto line = client->link().receive(duration + 10s))
    report += *line + "\n";
  auto json = nlohmann::json::parse(report, nullptr, false);
  if (json.is_discarded() || !json.contains("end"))
    return std::nullopt;
  return json["end"]["sum_received"]["bits_per_second"].get<double>() / 8 / 1e6;
}

} // namespace troupe::bench
