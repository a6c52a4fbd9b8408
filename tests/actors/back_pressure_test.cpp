#include <doctest/doctest.h>

#include <algorithm>
#include <future>
#include <thread>

#include <caf/all.hpp>

#include "tests/support/test_cluster.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::test;

namespace {

using chunk = std::vector<char>;

constexpr std::size_t chunk_size = 64 * 1024;
constexpr std::size_t chunks = 200;
constexpr std::uint64_t receive_limit = 1u << 20; // 16 chunks

struct sink_report {
  std::size_t received = 0;
  std::size_t most_queued = 0; ///< the longest the mailbox was
  bool in_order = true;
};

/// Takes `stall` over the first chunk and `pause` over each; reports once
/// all chunks have come. Detached: its sleeps keep no other actor waiting.
caf::behavior slow_sink(caf::stateful_actor<sink_report>* self, std::chrono::milliseconds stall,
                        std::chrono::milliseconds pause,
                        std::shared_ptr<std::promise<sink_report>> done) {
  return {[=](const chunk& bytes) {
    auto& report = self->state;
    std::this_thread::sleep_for(report.received == 0 ? stall : pause);
    report.most_queued = std::max(report.most_queued, self->mailbox().size());
    report.in_order = report.in_order && bytes.front() == static_cast<char>(report.received % 128);
    if (++report.received == chunks)
      done->set_value(report);
  }};
}

/// Streams the chunks from a to a slow sink on b, whose node reads no more
/// than `receive_limit` ahead of it.
sink_report stream_to_slow_sink(std::chrono::milliseconds stall, std::chrono::milliseconds pause) {
  auto a = start_node("a");
  auto b_config = local_config("b");
  b_config.receive_buffer_limit = receive_limit;
  auto b = start_node(b_config);
  REQUIRE((*a)->connect(b->address()));
  auto done = std::make_shared<std::promise<sink_report>>();
  auto report = done->get_future();
  auto sink = b->system->spawn<caf::detached>(slow_sink, stall, pause, done);
  REQUIRE((*b)->register_name("sink", sink));
  auto remote_sink = (*a)->remote_actor(remote_ref{(*b)->name(), "sink"});
  for (std::size_t i = 0; i < chunks; ++i)
    caf::anon_send(remote_sink, chunk(chunk_size, static_cast<char>(i % 128)));
  REQUIRE(report.wait_for(20s) == std::future_status::ready);
  CHECK((*a)->connected_count() == 1);
  caf::anon_send_exit(sink, caf::exit_reason::user_shutdown);
  return report.get();
}

} // namespace

TEST_CASE("a slow actor's mailbox holds no more of a peer's messages than the receive limit") {
  auto report = stream_to_slow_sink(0ms, 1ms);
  CHECK(report.received == chunks);
  CHECK(report.in_order);
  // 16 chunks fit the limit; a read may bring one or two more before the pause.
  CHECK(report.most_queued <= 20);
  CHECK(report.most_queued >= 8); // the sender did keep it busy
}

TEST_CASE("a link paused for back-pressure longer than the idle timeout stays up") {
  // The sink stalls 2.5 s, past the 1 s idle timeout of the local preset:
  // the peer's heartbeats wait unread in the socket meanwhile.
  auto report = stream_to_slow_sink(2500ms, 0ms);
  CHECK(report.received == chunks);
  CHECK(report.in_order);
}

namespace {

struct echo_count {
  std::size_t rounds = 0;
};

/// Sends `payload` to `server` again each time it comes back, `rounds` times.
caf::behavior echo_requester(caf::stateful_actor<echo_count>* self, caf::actor server,
                             std::size_t rounds, std::shared_ptr<std::atomic<int>> finished) {
  self->send(server, chunk(2u << 20, 'e'));
  return {[=](chunk& back) {
    if (++self->state.rounds == rounds) {
      ++*finished;
      return self->quit();
    }
    self->send(server, std::move(back));
  }};
}

} // namespace

TEST_CASE("two nodes echoing large messages at each other over one link do not stall") {
  // Each node's server soon holds more of the other's requests than the
  // receive limit while it waits to send its replies: if both stopped
  // reading, each would wait for the other for ever.
  constexpr int requesters_per_node = 8;
  constexpr std::size_t rounds = 5;
  std::vector<std::unique_ptr<test_node>> nodes;
  for (auto name : {"a", "b"}) {
    auto settings = local_config(name);
    settings.receive_buffer_limit = receive_limit;
    settings.send_buffer_limit = receive_limit;
    nodes.push_back(start_node(settings));
  }
  REQUIRE((*nodes[0])->connect(nodes[1]->address()));
  for (auto& n : nodes)
    REQUIRE((*n)->register_name("echo", n->system->spawn([]() -> caf::behavior {
      return {[](chunk& bytes) { return std::move(bytes); }};
    })));
  auto finished = std::make_shared<std::atomic<int>>(0);
  // Held here: being known to a peer does not keep an actor alive.
  std::vector<caf::actor> requesters;
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    auto& other = *nodes[1 - i];
    auto server = (*nodes[i])->remote_actor(remote_ref{other->name(), "echo"});
    for (int k = 0; k < requesters_per_node; ++k)
      requesters.push_back(nodes[i]->system->spawn(echo_requester, server, rounds, finished));
  }
  CHECK(eventually([&] { return finished->load() == 2 * requesters_per_node; }, 30s));
  CHECK((*nodes[0])->connected_count() == 1);
}
