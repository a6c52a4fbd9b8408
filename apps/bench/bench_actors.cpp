#include "apps/bench/bench_actors.hpp"

#include <algorithm>
#include <memory>

#include <caf/all.hpp>

namespace troupe::bench {

namespace {

using ping_atom = caf::atom_constant<caf::atom("ping")>;
using pong_atom = caf::atom_constant<caf::atom("pong")>;
using data_atom = caf::atom_constant<caf::atom("data")>;
using mark_atom = caf::atom_constant<caf::atom("mark")>;
using credit_atom = caf::atom_constant<caf::atom("credit")>;
using done_atom = caf::atom_constant<caf::atom("done")>;
using ack_atom = caf::atom_constant<caf::atom("ack")>;

using clock_type = std::chrono::steady_clock;
using bytes = std::vector<char>;
using samples = std::vector<std::chrono::nanoseconds>;

/// A promise that an actor keeps and its exit fulfills with `T{}` if the
/// actor did not (its server went away). Held outside the actor's state,
/// which is gone by the time exit functors run.
template <class T>
class answer {
public:
  explicit answer(std::promise<T> promise) : promise_(std::move(promise)) {}

  void give(T value) {
    if (!std::exchange(given_, true))
      promise_.set_value(std::move(value));
  }

private:
  std::promise<T> promise_;
  bool given_ = false;
};

template <class T>
using answer_ptr = std::shared_ptr<answer<T>>;

/// Ends `self` when `server` goes down, and makes sure `out` is answered.
template <class T>
void watch(caf::event_based_actor* self, const caf::actor& server, const answer_ptr<T>& out) {
  self->set_down_handler([=](caf::down_msg&) { self->quit(); });
  self->monitor(server);
  self->attach_functor([out] { out->give(T{}); });
}

struct server_state {
  std::uint64_t received = 0;
  std::uint64_t bytes = 0;
};

caf::behavior server(caf::stateful_actor<server_state>* self) {
  return {
    [](ping_atom, bytes& payload) { return caf::make_message(pong_atom::value, std::move(payload)); },
    [=](data_atom, const bytes& payload) {
      ++self->state.received;
      self->state.bytes += payload.size();
    },
    [](mark_atom, std::uint64_t k) { return caf::make_message(credit_atom::value, k); },
    [=](done_atom, std::uint64_t) {
      auto answer = caf::make_message(ack_atom::value, self->state.received, self->state.bytes);
      self->state = {};
      return answer;
    },
  };
}

struct latency_state {
  std::size_t done = 0;
  clock_type::time_point sent;
  caf::message ping;
  samples measured;
};

using latency_actor = caf::stateful_actor<latency_state>;

/// Records the round trip that just ended; true if another one is due.
bool record(latency_actor* self, const latency_plan& plan, const answer_ptr<samples>& out) {
  auto& st = self->state;
  auto took = clock_type::now() - st.sent;
  if (st.done++ >= plan.warmup)
    st.measured.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(took));
  if (st.done < plan.warmup + plan.rounds)
    return true;
  out->give(std::move(st.measured));
  self->quit();
  return false;
}

void request_ping(latency_actor* self, caf::actor server, latency_plan plan,
                  answer_ptr<samples> out) {
  self->state.sent = clock_type::now();
  self->request(server, caf::infinite, self->state.ping)
    .then([=](pong_atom, const bytes&) {
      if (record(self, plan, out))
        request_ping(self, server, plan, out);
    });
}

caf::behavior latency_client(latency_actor* self, caf::actor server, latency_plan plan,
                             answer_ptr<samples> out) {
  auto& st = self->state;
  st.measured.reserve(plan.rounds);
  st.ping = caf::make_message(ping_atom::value, bytes(plan.size, 'x'));
  watch(self, server, out);
  if (plan.request) {
    request_ping(self, server, plan, out);
    return {[](caf::unit_t) {}}; // the responses go to the handlers of the requests
  }
  st.sent = clock_type::now();
  self->send(server, st.ping);
  return {
    [=](pong_atom, const bytes&) {
      if (record(self, plan, out)) {
        self->state.sent = clock_type::now();
        self->send(server, self->state.ping);
      }
    },
  };
}

struct throughput_state {
  bool warming_up = true;
  std::size_t target = 0;
  std::size_t sent = 0;
  clock_type::time_point start;
  caf::message data;
};

using throughput_actor = caf::stateful_actor<throughput_state>;

/// Sends the next part of the batch: all of it without a window, half a
/// window with one; then a mark (more to come) or done.
void pump(throughput_actor* self, const caf::actor& server, const throughput_plan& plan) {
  auto& st = self->state;
  auto chunk = plan.window == 0 ? st.target - st.sent
                                : std::min(std::max<std::size_t>(1, plan.window / 2),
                                           st.target - st.sent);
  for (std::size_t i = 0; i < chunk; ++i)
    self->send(server, st.data); // the payload is shared, not copied
  st.sent += chunk;
  if (st.sent < st.target)
    self->send(server, mark_atom::value, std::uint64_t{st.sent});
  else
    self->send(server, done_atom::value, std::uint64_t{st.target});
}

void start_batch(throughput_actor* self, const caf::actor& server, const throughput_plan& plan,
                 std::size_t messages) {
  self->state.target = messages;
  self->state.sent = 0;
  pump(self, server, plan);
  if (plan.window != 0 && self->state.sent < messages)
    pump(self, server, plan); // two half windows in flight
}

caf::behavior throughput_client(throughput_actor* self, caf::actor server, throughput_plan plan,
                                answer_ptr<throughput_outcome> out) {
  self->state.data = caf::make_message(data_atom::value, bytes(plan.size, 'x'));
  watch(self, server, out);
  start_batch(self, server, plan, plan.warmup);
  return {
    [=](credit_atom, std::uint64_t) {
      if (self->state.sent < self->state.target)
        pump(self, server, plan);
    },
    [=](ack_atom, std::uint64_t received, std::uint64_t payload_bytes) {
      auto& st = self->state;
      if (std::exchange(st.warming_up, false)) {
        st.start = clock_type::now();
        start_batch(self, server, plan, plan.messages);
        return;
      }
      out->give({clock_type::now() - st.start, received, payload_bytes});
      self->quit();
    },
  };
}

} // namespace

caf::actor spawn_server(caf::actor_system& system) {
  return system.spawn(server);
}

caf::actor run_latency(caf::actor_system& system, const caf::actor& server,
                       const latency_plan& plan, std::promise<samples> done) {
  return system.spawn(latency_client, server, plan, std::make_shared<answer<samples>>(std::move(done)));
}

caf::actor run_throughput(caf::actor_system& system, const caf::actor& server,
                          const throughput_plan& plan, std::promise<throughput_outcome> done) {
  return system.spawn(throughput_client, server, plan,
               std::make_shared<answer<throughput_outcome>>(std::move(done)));
}

} // namespace troupe::bench
