#include "protocols/handshake.hpp"

namespace troupe::proto {

handshake handshake::initiate(wire::node_identity self, cookie secret, wire::nonce nonce,
                              std::string expected_peer, wire::connection_slot slot) {
  handshake result{true, std::move(self), std::move(secret), nonce};
  result.phase_ = phase::awaiting_challenge;
  result.expected_peer_ = std::move(expected_peer);
  result.slot_ = slot;
  return result;
}

handshake handshake::accept(wire::node_identity self, cookie secret, wire::nonce nonce) {
  return handshake{false, std::move(self), std::move(secret), nonce};
}

handshake::step handshake::begin() {
  step out;
  if (initiator_)
    encode(out.send, wire::hello{self_, expected_peer_, slot_, own_nonce_});
  return out;
}

namespace {

template <class T>
bool allowed(const wire::frame_view& frame, bool in_phase) {
  return frame.header.kind == T::kind && in_phase;
}

} // namespace

handshake::step handshake::on_frame(const wire::frame_view& frame) {
  if (phase_ == phase::done)
    return {};
  auto malformed = [&] {
    return fail(wire::refusal::protocol_error,
                "malformed " + std::string{to_string(frame.header.kind)} + " frame");
  };
  auto dispatch = [&]<class T>(T*, auto handler) {
    auto msg = wire::decode<T>(frame.body);
    return msg ? (this->*handler)(*msg) : malformed();
  };
  if (frame.header.kind == wire::frame_kind::refuse) {
    auto msg = wire::decode<wire::refuse>(frame.body);
    return msg ? failed_by_peer(*msg) : malformed();
  }
  if (allowed<wire::hello>(frame, !initiator_ && phase_ == phase::awaiting_hello))
    return dispatch(static_cast<wire::hello*>(nullptr), &handshake::on_hello);
  if (allowed<wire::challenge>(frame, initiator_ && phase_ == phase::awaiting_challenge))
    return dispatch(static_cast<wire::challenge*>(nullptr), &handshake::on_challenge);
  if (allowed<wire::proof>(frame, !initiator_ && phase_ == phase::awaiting_proof))
    return dispatch(static_cast<wire::proof*>(nullptr), &handshake::on_proof);
  if (allowed<wire::welcome>(frame, initiator_ && phase_ == phase::awaiting_welcome)) {
    if (!wire::decode<wire::welcome>(frame.body))
      return malformed();
    return finish(established{*peer_, slot_});
  }
  return fail(wire::refusal::protocol_error,
              "unexpected " + std::string{to_string(frame.header.kind)} + " frame during handshake");
}

handshake::step handshake::on_decode_error(wire::decode_error error) {
  if (phase_ == phase::done)
    return {};
  auto reason = error == wire::decode_error::version_mismatch ? wire::refusal::version_mismatch
                                                              : wire::refusal::protocol_error;
  auto detail = std::string{to_string(error)};
  if (reason == wire::refusal::version_mismatch)
    detail += "; this node speaks version " + std::to_string(wire::protocol_version);
  return fail(reason, std::move(detail));
}

handshake::step handshake::on_hello(const wire::hello& msg) {
  peer_ = msg.from;
  peer_nonce_ = msg.nonce;
  slot_ = msg.slot;
  if (msg.from.name == self_.name) {
    if (msg.from.incarnation == self_.incarnation)
      return fail(wire::refusal::self_connection, "node " + self_.name.str() + " dialed itself");
    return fail(wire::refusal::duplicate_name, "node " + self_.name.str() + " is already running");
  }
  if (!msg.expected_peer.empty() && msg.expected_peer != self_.name.str())
    return fail(wire::refusal::wrong_node,
                "expected " + msg.expected_peer + " but this is " + self_.name.str());
  step out;
  auto proof = secret_.prove(cookie::side::acceptor, peer_nonce_, own_nonce_, peer_->name,
                             self_.name);
  encode(out.send, wire::challenge{self_, own_nonce_, proof});
  phase_ = phase::awaiting_proof;
  return out;
}

handshake::step handshake::on_challenge(const wire::challenge& msg) {
  peer_ = msg.from;
  peer_nonce_ = msg.nonce;
  if (!secret_.verify(msg.proof, cookie::side::acceptor, own_nonce_, peer_nonce_, self_.name,
                      msg.from.name))
    return fail(wire::refusal::auth_failed,
                "node " + msg.from.name.str() + " did not prove it knows the cookie");
  if (!expected_peer_.empty() && msg.from.name.str() != expected_peer_)
    return fail(wire::refusal::wrong_node,
                "expected " + expected_peer_ + " but reached " + msg.from.name.str());
  if (msg.from.name == self_.name)
    return fail(wire::refusal::self_connection, "node " + self_.name.str() + " dialed itself");
  phase_ = phase::awaiting_admission;
  return step{{}, authenticated{*peer_, slot_}};
}

handshake::step handshake::on_proof(const wire::proof& msg) {
  if (!secret_.verify(msg.value, cookie::side::initiator, peer_nonce_, own_nonce_, peer_->name,
                      self_.name))
    return fail(wire::refusal::auth_failed,
                "node " + peer_->name.str() + " did not prove it knows the cookie");
  phase_ = phase::awaiting_admission;
  return step{{}, authenticated{*peer_, slot_}};
}

handshake::step handshake::admit() {
  if (phase_ != phase::awaiting_admission)
    return {};
  if (initiator_) {
    step out;
    auto proof = secret_.prove(cookie::side::initiator, own_nonce_, peer_nonce_, self_.name,
                               peer_->name);
    encode(out.send, wire::proof{proof});
    phase_ = phase::awaiting_welcome;
    return out;
  }
  auto out = finish(established{*peer_, slot_});
  encode(out.send, wire::welcome{});
  return out;
}

handshake::step handshake::refuse(wire::refusal reason, std::string detail) {
  if (phase_ == phase::done)
    return {};
  return fail(reason, std::move(detail));
}

handshake::step handshake::finish(established result) {
  phase_ = phase::done;
  return step{{}, std::move(result)};
}

handshake::step handshake::fail(wire::refusal reason, std::string detail) {
  phase_ = phase::done;
  step out;
  encode(out.send, wire::refuse{reason, detail});
  out.happened = failed{reason, std::move(detail), false};
  return out;
}

handshake::step handshake::failed_by_peer(const wire::refuse& msg) {
  phase_ = phase::done;
  return step{{}, failed{msg.reason, msg.detail, true}};
}

} // namespace troupe::proto
