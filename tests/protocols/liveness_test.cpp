#include <doctest/doctest.h>

#include "protocols/liveness.hpp"

using namespace std::chrono_literals;
using troupe::proto::liveness;

TEST_CASE("an idle link sends heartbeats and a silent peer is declared dead") {
  troupe::proto::time_point t0{};
  liveness link{{.heartbeat_interval = 1s, .idle_timeout = 3s}, t0};
  CHECK(link.tick(t0 + 500ms, false, true) == liveness::action::none);
  CHECK(link.tick(t0 + 1000ms, false, true) == liveness::action::send_heartbeat);
  CHECK(link.tick(t0 + 1500ms, false, false) == liveness::action::none);
  // Traffic counts as a heartbeat.
  CHECK(link.tick(t0 + 2000ms, true, false) == liveness::action::none);
  CHECK(link.tick(t0 + 3000ms, false, false) == liveness::action::send_heartbeat);
  CHECK(link.tick(t0 + 3900ms, false, false) == liveness::action::none);
  CHECK(link.tick(t0 + 4000ms, false, false) == liveness::action::declare_dead);
}

TEST_CASE("ticks come four times per heartbeat interval or idle timeout") {
  CHECK(liveness::tick_period({.heartbeat_interval = 1s, .idle_timeout = 5s}) == 250ms);
  CHECK(liveness::tick_period({.heartbeat_interval = 10s, .idle_timeout = 2s}) == 500ms);
}
