#include <doctest/doctest.h>

#include <random>

#include "protocols/handshake.hpp"

using namespace troupe::wire;
using troupe::node_name;
using troupe::proto::cookie;
using troupe::proto::handshake;

namespace {

node_identity identity(std::string_view name, std::uint64_t incarnation = 1) {
  return {*node_name::parse(name), incarnation, {"127.0.0.1:1"}, "rt", {"default"}, 1};
}

// Two handshakes joined by a perfect pipe. Every byte either side sends is
// kept, so tests can look at what crossed the wire.
struct pipe {
  handshake initiator;
  handshake acceptor;
  byte_buffer wire_bytes;
  std::optional<handshake::event> initiator_event;
  std::optional<handshake::event> acceptor_event;

  // Delivers `step`'s frames to `to`, following up with replies until quiet.
  // The acceptor admits every authenticated peer unless told otherwise.
  void run(handshake::step step, bool from_initiator, bool admit = true) {
    while (!step.send.empty() || step.happened) {
      auto& own_event = from_initiator ? initiator_event : acceptor_event;
      if (step.happened)
        own_event = step.happened;
      bool authenticated = step.happened
                           && std::holds_alternative<handshake::authenticated>(*step.happened);
      if (authenticated) {
        auto& self = from_initiator ? initiator : acceptor;
        auto next = admit || from_initiator ? self.admit()
                                            : self.refuse(refusal::duplicate_name, "taken");
        next.send.insert(next.send.begin(), step.send.begin(), step.send.end());
        step = std::move(next);
        continue;
      }
      wire_bytes.insert(wire_bytes.end(), step.send.begin(), step.send.end());
      auto& receiver = from_initiator ? acceptor : initiator;
      handshake::step reply;
      byte_span rest{step.send};
      while (!rest.empty()) {
        auto scan = scan_frame(rest, handshake_body_limit);
        REQUIRE(scan);
        REQUIRE(scan->frame);
        auto out = receiver.on_frame(*scan->frame);
        reply.send.insert(reply.send.end(), out.send.begin(), out.send.end());
        if (out.happened)
          reply.happened = out.happened;
        rest = rest.subspan(scan->frame_size);
      }
      step = std::move(reply);
      from_initiator = !from_initiator;
    }
  }
};

pipe make_pipe(node_identity a, std::string_view cookie_a, node_identity b,
               std::string_view cookie_b, std::string expected = "") {
  return pipe{handshake::initiate(std::move(a), *cookie::make(cookie_a), nonce{1},
                                  std::move(expected), {77, 0, 0}),
              handshake::accept(std::move(b), *cookie::make(cookie_b), nonce{2}),
              {}, {}, {}};
}

template <class T>
const T& as(const std::optional<handshake::event>& event) {
  REQUIRE(event);
  REQUIRE(std::holds_alternative<T>(*event));
  return std::get<T>(*event);
}

} // namespace

TEST_CASE("nodes with the same cookie establish and learn each other") {
  auto p = make_pipe(identity("a@h"), "secret", identity("b@h"), "secret", "b@h");
  p.run(p.initiator.begin(), true);
  auto& at_initiator = as<handshake::established>(p.initiator_event);
  auto& at_acceptor = as<handshake::established>(p.acceptor_event);
  CHECK(at_initiator.peer == identity("b@h"));
  CHECK(at_acceptor.peer == identity("a@h"));
  CHECK(at_acceptor.slot == connection_slot{77, 0, 0});
  CHECK(p.initiator.finished());
  CHECK(p.acceptor.finished());
}

TEST_CASE("a wrong cookie fails on both sides and the cookie never crosses") {
  auto p = make_pipe(identity("a@h"), "initiator-secret", identity("b@h"), "acceptor-secret");
  p.run(p.initiator.begin(), true);
  auto& at_initiator = as<handshake::failed>(p.initiator_event);
  CHECK(at_initiator.reason == refusal::auth_failed);
  CHECK_FALSE(at_initiator.by_peer);
  auto& at_acceptor = as<handshake::failed>(p.acceptor_event);
  CHECK(at_acceptor.reason == refusal::auth_failed);
  CHECK(at_acceptor.by_peer);
  std::string_view bytes{p.wire_bytes.data(), p.wire_bytes.size()};
  CHECK(bytes.find("initiator-secret") == std::string_view::npos);
  CHECK(bytes.find("acceptor-secret") == std::string_view::npos);
}

TEST_CASE("the cookie never crosses in a successful handshake either") {
  auto p = make_pipe(identity("a@h"), "the-shared-secret", identity("b@h"), "the-shared-secret");
  p.run(p.initiator.begin(), true);
  as<handshake::established>(p.initiator_event);
  std::string_view bytes{p.wire_bytes.data(), p.wire_bytes.size()};
  CHECK(bytes.find("the-shared-secret") == std::string_view::npos);
  CHECK(bytes.find("a@h") != std::string_view::npos); // names do cross
}

TEST_CASE("an initiator without the cookie cannot complete against a replayed challenge") {
  // A relay that knows no cookie forwards a genuine challenge for another
  // handshake: the proof is bound to the nonces, so it fails.
  auto genuine = make_pipe(identity("a@h"), "secret", identity("b@h"), "secret");
  genuine.run(genuine.initiator.begin(), true);
  auto other = handshake::initiate(identity("a@h"), *cookie::make("secret"), nonce{3}, "", {});
  (void) other.begin();
  auto scan = scan_frame(genuine.wire_bytes, handshake_body_limit);
  auto hello_size = scan->frame_size;
  auto challenge_scan = scan_frame(byte_span{genuine.wire_bytes}.subspan(hello_size), 4096);
  auto step = other.on_frame(*challenge_scan->frame);
  CHECK(as<handshake::failed>(step.happened).reason == refusal::auth_failed);
}

TEST_CASE("a node that dials itself is refused as a self connection") {
  auto p = make_pipe(identity("a@h", 5), "s", identity("a@h", 5), "s");
  p.run(p.initiator.begin(), true);
  CHECK(as<handshake::failed>(p.initiator_event).reason == refusal::self_connection);
  CHECK(as<handshake::failed>(p.initiator_event).by_peer);
}

TEST_CASE("a second node with the acceptor's name is refused as a duplicate") {
  auto p = make_pipe(identity("a@h", 5), "s", identity("a@h", 6), "s");
  p.run(p.initiator.begin(), true);
  CHECK(as<handshake::failed>(p.initiator_event).reason == refusal::duplicate_name);
}

TEST_CASE("reaching another node than expected is refused") {
  auto p = make_pipe(identity("a@h"), "s", identity("c@h"), "s", "b@h");
  p.run(p.initiator.begin(), true);
  CHECK(as<handshake::failed>(p.initiator_event).reason == refusal::wrong_node);
}

TEST_CASE("the acceptor's node can refuse an authenticated peer") {
  auto p = make_pipe(identity("a@h"), "s", identity("b@h"), "s");
  p.run(p.initiator.begin(), true, false);
  auto& failed = as<handshake::failed>(p.initiator_event);
  CHECK(failed.reason == refusal::duplicate_name);
  CHECK(failed.detail == "taken");
  CHECK(failed.by_peer);
}

TEST_CASE("a frame of another version is answered with a version refusal") {
  auto acceptor = handshake::accept(identity("b@h"), *cookie::make("s"), nonce{});
  auto step = acceptor.on_decode_error(decode_error::version_mismatch);
  CHECK(as<handshake::failed>(step.happened).reason == refusal::version_mismatch);
  auto scan = scan_frame(step.send, handshake_body_limit);
  REQUIRE(scan->frame);
  auto refused = decode<refuse>(scan->frame->body);
  REQUIRE(refused);
  CHECK(refused->reason == refusal::version_mismatch);
  CHECK(acceptor.finished());
}

TEST_CASE("frames out of order end the handshake with a protocol error") {
  auto acceptor = handshake::accept(identity("b@h"), *cookie::make("s"), nonce{});
  byte_buffer frame;
  encode(frame, proof{});
  auto scan = scan_frame(frame, handshake_body_limit);
  auto step = acceptor.on_frame(*scan->frame);
  CHECK(as<handshake::failed>(step.happened).reason == refusal::protocol_error);
  // Once finished, further frames are ignored.
  CHECK_FALSE(acceptor.on_frame(*scan->frame).happened);
}

TEST_CASE("random bodies in any handshake frame never get a peer admitted") {
  std::mt19937 rng{7};
  std::uniform_int_distribution<int> byte{0, 255};
  std::uniform_int_distribution<int> kind{1, 20};
  for (int round = 0; round < 5000; ++round) {
    auto acceptor = handshake::accept(identity("b@h"), *cookie::make("s"), nonce{});
    auto initiator = handshake::initiate(identity("a@h"), *cookie::make("s"), nonce{}, "", {});
    (void) initiator.begin();
    byte_buffer body(static_cast<std::size_t>(byte(rng)));
    for (auto& c : body)
      c = static_cast<char>(byte(rng));
    frame_view frame{{static_cast<std::uint32_t>(body.size()), protocol_version,
                      static_cast<frame_kind>(kind(rng))},
                     body};
    for (auto* h : {&acceptor, &initiator}) {
      auto step = h->on_frame(frame);
      if (step.happened)
        CHECK(std::holds_alternative<handshake::failed>(*step.happened));
    }
  }
}
