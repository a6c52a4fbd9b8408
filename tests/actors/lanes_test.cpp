#include <doctest/doctest.h>

#include <set>
#include <thread>

#include <caf/all.hpp>

#include "tests/support/test_cluster.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::test;

namespace {

using count_atom = caf::atom_constant<caf::atom("count")>;

// Counts (sender, sequence number) messages and the ones that came out of
// order for their sender.
struct collector_state {
  std::map<std::uint64_t, std::uint64_t> next;
  std::uint64_t received = 0;
  std::uint64_t out_of_order = 0;
};

caf::behavior collector(caf::stateful_actor<collector_state>* self) {
  return {
    [=](std::uint64_t sender, std::uint64_t seq) {
      auto& expected = self->state.next[sender];
      if (seq != expected)
        ++self->state.out_of_order;
      expected = seq + 1;
      ++self->state.received;
    },
    [=](count_atom) {
      return std::make_tuple(self->state.received, self->state.out_of_order);
    },
  };
}

std::pair<std::uint64_t, std::uint64_t> counts(caf::actor_system& system, const caf::actor& who) {
  caf::scoped_actor self{system};
  std::pair<std::uint64_t, std::uint64_t> result;
  self->request(who, 5s, count_atom::value)
    .receive([&](std::uint64_t received, std::uint64_t out_of_order) {
               result = {received, out_of_order};
             },
             [&](const caf::error&) {});
  return result;
}

node_config wide(std::string_view name) {
  auto config = local_config(name);
  config.parallelism = 4;
  config.channels = {"default", "bulk"};
  return config;
}

} // namespace

TEST_CASE("with parallelism 4 a peer has 4 connections in each channel") {
  auto a = start_node(wide("a"));
  auto b = start_node(wide("b"));
  REQUIRE((*a)->connect(b->address()));
  REQUIRE(eventually([&] { return (*b)->links((*a)->name()).size() == 8; }));
  auto links = (*a)->links((*b)->name());
  REQUIRE(links.size() == 8);
  std::set<std::pair<std::string, std::uint16_t>> slots;
  std::set<std::string> endpoints;
  for (const auto& link : links) {
    slots.emplace(link.channel, link.lane);
    endpoints.insert(link.local);
    CHECK(link.outbound);
  }
  CHECK(slots.size() == 8);
  CHECK(endpoints.size() == 8); // eight distinct TCP connections
  CHECK(slots.contains({"bulk", 3}));
}

/// a and b, 2 channels x 4 lanes, and a collector registered on b.
struct wide_pair {
  std::unique_ptr<test_node> a = start_node(wide("a"));
  std::unique_ptr<test_node> b = start_node(wide("b"));
  caf::actor sink;

  wide_pair() {
    REQUIRE((*a)->connect(b->address()));
    REQUIRE(eventually([&] { return (*b)->connected_count() == 1; }));
    sink = b->system->spawn(collector);
    REQUIRE((*b)->register_name("collector", sink));
  }

  ~wide_pair() { caf::anon_send_exit(sink, caf::exit_reason::user_shutdown); }
};

TEST_CASE_FIXTURE(wide_pair, "partition keys pick lanes and keep each sender's order under concurrent senders") {
  constexpr std::uint64_t senders = 8;
  constexpr std::uint64_t per_sender = 2000;
  std::vector<std::thread> threads;
  for (std::uint64_t sender = 0; sender < senders; ++sender)
    threads.emplace_back([&, sender] {
      send_options options{.channel = "", .partition_key = sender % 4};
      for (std::uint64_t seq = 0; seq < per_sender; ++seq)
        REQUIRE((*a)->forward_message((*b)->name(), "collector",
                                      caf::make_message(sender, seq), options));
    });
  for (auto& t : threads)
    t.join();
  REQUIRE(eventually([&] { return counts(*b->system, sink).first == senders * per_sender; }));
  CHECK(counts(*b->system, sink).second == 0);
  // Keys 0..3 land on lanes 0..3 of the default channel, two senders each.
  for (const auto& link : (*b)->links((*a)->name())) {
    CAPTURE(link.channel);
    CAPTURE(link.lane);
    CHECK(link.messages_received == (link.channel == "default" ? 2 * per_sender : 0));
  }
}

TEST_CASE_FIXTURE(wide_pair, "a message names its channel and travels on it") {
  for (std::uint64_t seq = 0; seq < 10; ++seq)
    REQUIRE((*a)->forward_message((*b)->name(), "collector", caf::make_message(std::uint64_t{0}, seq),
                                  {.channel = "bulk", .partition_key = 2}));
  REQUIRE(eventually([&] { return counts(*b->system, sink).first == 10; }));
  for (const auto& link : (*b)->links((*a)->name()))
    CHECK(link.messages_received == (link.channel == "bulk" && link.lane == 2 ? 10 : 0));
}
