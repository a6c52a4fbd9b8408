#include <doctest/doctest.h>

#include <random>

#include <caf/all.hpp>

#include "protocols/wire/frame.hpp"
#include "tests/support/raw_client.hpp"
#include "tests/support/test_cluster.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::test;

namespace {

caf::behavior echo(caf::event_based_actor*) {
  return {[](const std::string& text) { return text; }};
}

/// Node a serves node b; strangers attack a's port meanwhile.
struct served_pair {
  std::unique_ptr<test_node> a = start_node("a");
  std::unique_ptr<test_node> b = start_node("b");
  caf::actor echo_actor = a->system->spawn(echo);

  served_pair() {
    REQUIRE((*b)->connect(a->address()));
    REQUIRE((*a)->register_name("echo", echo_actor));
  }

  ~served_pair() { caf::anon_send_exit(echo_actor, caf::exit_reason::user_shutdown); }

  /// b's request to a's echo gets its answer.
  bool a_still_serves_b() {
    caf::scoped_actor self{*b->system};
    bool answered = false;
    self->request((*b)->remote_actor(remote_ref{(*a)->name(), "echo"}), 3s, std::string{"hi"})
      .receive([&](const std::string& text) { answered = text == "hi"; },
               [&](const caf::error&) {});
    return answered && (*a)->nodes() == std::vector{(*b)->name()};
  }
};

wire::byte_buffer random_bytes(std::mt19937& random, std::size_t size) {
  wire::byte_buffer bytes(size);
  for (auto& byte : bytes)
    byte = static_cast<char>(random());
  return bytes;
}

/// A frame header announcing `body_size` bytes of `kind`.
wire::byte_buffer header(std::uint32_t body_size, wire::frame_kind kind) {
  wire::byte_buffer bytes(wire::header_size);
  std::memcpy(bytes.data(), &body_size, 4);
  bytes[4] = static_cast<char>(wire::frame_magic);
  bytes[5] = static_cast<char>(wire::protocol_version);
  bytes[6] = static_cast<char>(kind);
  return bytes;
}

/// What a stranger may send: noise, a frame cut short, a length prefix over
/// every limit, or a well-formed frame of a kind that does not belong.
std::vector<wire::byte_buffer> attacks(std::mt19937& random) {
  std::vector<wire::byte_buffer> result;
  for (std::size_t size : {1, 7, 8, 9, 100, 4096, 70000})
    result.push_back(random_bytes(random, size));
  auto truncated = header(200, wire::frame_kind::hello);
  auto half_body = random_bytes(random, 50);
  truncated.insert(truncated.end(), half_body.begin(), half_body.end());
  result.push_back(truncated);
  result.push_back(header(0xFFFFFFFFu, wire::frame_kind::message));
  result.push_back(header(wire::hard_body_limit, wire::frame_kind::message));
  result.push_back(header(0, wire::frame_kind::message));
  auto bad_kind = header(0, wire::frame_kind::heartbeat);
  bad_kind[6] = 99;
  result.push_back(bad_kind);
  return result;
}

} // namespace

TEST_CASE("noise, cut frames and huge lengths before the handshake only end that connection") {
  served_pair nodes;
  std::mt19937 random{7};
  for (const auto& attack : attacks(random)) {
    raw_client stranger{nodes.a->port()};
    stranger.send(attack);
    // Every attack ends the connection: at once, or at the handshake timeout.
    CHECK(stranger.closed_by_peer(4s));
  }
  CHECK(nodes.a_still_serves_b());
  CHECK((*nodes.a)->connected_count() == 1);
}

TEST_CASE("an authenticated peer that sends garbage is dropped, and the node serves on") {
  // Declared before the nodes: listeners hear the nodes stop, too.
  std::vector<std::string> downs;
  std::mutex downs_mutex;
  served_pair nodes;
  (*nodes.a)->on_peer_event([&](const peer_event& event) {
    std::lock_guard lock{downs_mutex};
    if (event.what == peer_event::kind::down)
      downs.push_back(event.node.str() + ": " + event.reason);
  });
  std::mt19937 random{11};
  int round = 0;
  for (const auto& attack : attacks(random)) {
    auto name = "rogue" + std::to_string(round++) + "@127.0.0.1";
    raw_client rogue{nodes.a->port()};
    auto joined = rogue.handshake(name, "secret");
    REQUIRE_MESSAGE(joined, (joined ? "" : joined.error()));
    CHECK(eventually([&] { return (*nodes.a)->connected_count() == 2; }));
    rogue.send(attack);
    // A cut frame leaves the rogue silent, which the idle timeout ends.
    CHECK(rogue.closed_by_peer(4s));
    CHECK(eventually([&] { return (*nodes.a)->connected_count() == 1; }));
  }
  CHECK(nodes.a_still_serves_b());
  std::lock_guard lock{downs_mutex};
  CHECK(downs.size() == attacks(random).size());
  for (const auto& down : downs)
    CHECK_MESSAGE(down.find("rogue") == 0, down);
}

TEST_CASE("the cookie never crosses the wire, and a wrong one gets a refusal and no session") {
  const std::string cookie = "a-cookie-nobody-could-guess-4711";
  auto settings = local_config("a");
  settings.cookie = cookie;
  auto a = start_node(settings);
  auto contains_cookie = [&](const wire::byte_buffer& bytes) {
    return std::search(bytes.begin(), bytes.end(), cookie.begin(), cookie.end()) != bytes.end();
  };
  raw_client good{a->port()};
  REQUIRE(good.handshake("good@127.0.0.1", cookie));
  CHECK(eventually([&] { return (*a)->connected_count() == 1; }));
  CHECK_FALSE(contains_cookie(good.sent()));
  CHECK_FALSE(contains_cookie(good.received()));

  raw_client wrong{a->port()};
  auto refused = wrong.handshake("wrong@127.0.0.1", "not-the-cookie");
  REQUIRE_FALSE(refused);
  CHECK(refused.error() == "authentication failed (wrong cookie)");
  CHECK(wrong.closed_by_peer(2s));
  CHECK((*a)->nodes() == std::vector{*node_name::parse("good@127.0.0.1")});
  CHECK_FALSE(contains_cookie(wrong.received()));
}
