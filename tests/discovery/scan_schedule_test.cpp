#include <doctest/doctest.h>

#include "protocols/discovery/scan_schedule.hpp"

using namespace std::chrono_literals;
using troupe::proto::scan_schedule;

namespace {

const std::vector<std::string> addresses{"10.0.0.1", "10.0.0.2", "10.0.0.3"};
const scan_schedule::config settings{.backoff_min = 1s, .backoff_max = 10s, .max_probes = 8};
const scan_schedule::clock::time_point t0{std::chrono::hours{1}};

} // namespace

TEST_CASE("a scan first probes every address of the range") {
  scan_schedule schedule{addresses, settings, 1};
  CHECK(schedule.due(t0) == addresses);
}

TEST_CASE("a silent address waits a random back-off that doubles up to the ceiling") {
  scan_schedule schedule{addresses, settings, 7};
  std::vector<scan_schedule::clock::duration> waits;
  for (int miss = 0; miss < 6; ++miss) {
    schedule.missed("10.0.0.2", t0);
    waits.push_back(schedule.next_probe("10.0.0.2") - t0);
  }
  CHECK((waits[0] >= 1s && waits[0] <= 2s));
  CHECK((waits[1] >= 2s && waits[1] <= 4s));
  CHECK((waits[2] >= 4s && waits[2] <= 8s));
  CHECK(waits[5] == 10s);
  CHECK(schedule.due(t0) == std::vector<std::string>{"10.0.0.1", "10.0.0.3"});
  CHECK(schedule.due(t0 + 10s) == addresses);
}

TEST_CASE("an address that answers again is probed at every round again") {
  scan_schedule schedule{addresses, settings, 3};
  schedule.missed("10.0.0.1", t0);
  schedule.missed("10.0.0.1", t0);
  schedule.answered("10.0.0.1");
  CHECK(schedule.due(t0) == addresses);
  schedule.missed("10.0.0.1", t0);
  CHECK(schedule.next_probe("10.0.0.1") - t0 <= 2s);
}

TEST_CASE("the back-off is random: two nodes that start together drift apart") {
  scan_schedule one{addresses, settings, 1};
  scan_schedule two{addresses, settings, 2};
  one.missed("10.0.0.1", t0);
  two.missed("10.0.0.1", t0);
  CHECK(one.next_probe("10.0.0.1") != two.next_probe("10.0.0.1"));
}

TEST_CASE("a round probes at most max_probes addresses and the next one goes on from there") {
  scan_schedule schedule{addresses, {.max_probes = 2}, 1};
  CHECK(schedule.due(t0) == std::vector<std::string>{"10.0.0.1", "10.0.0.2"});
  CHECK(schedule.due(t0) == std::vector<std::string>{"10.0.0.3", "10.0.0.1"});
  CHECK(schedule.due(t0) == std::vector<std::string>{"10.0.0.2", "10.0.0.3"});
}
