#pragma once

#include <optional>
#include <string>
#include <variant>

#include "protocols/cookie.hpp"
#include "protocols/wire/frame.hpp"
#include "protocols/wire/messages.hpp"

namespace troupe::proto {

/// The handshake of one connection, as an IO-less state machine.
///
///     initiator                          acceptor
///     hello(identity, slot, nonce_i)  ->
///                                     <- challenge(identity, nonce_a, proof_a)
///     proof(proof_i)                  ->
///                                        [authenticated: the node admits or refuses]
///                                     <- welcome | refuse(reason)
///
/// Either side may answer any frame with `refuse` and close. The acceptor
/// refuses a hello from itself or from another node using its name before
/// spending anything on it; every other decision that needs the node's view
/// of its peers (duplicates, crossed dials) comes after authentication,
/// through `admit` or `refuse`.
class handshake {
public:
  /// The peer proved it knows the cookie; the acceptor now awaits the node's
  /// `admit` or `refuse`. The initiator reports this too, before it sends its
  /// proof, so that its node can drop a dial that turns out redundant.
  struct authenticated {
    wire::node_identity peer;
    wire::connection_slot slot;
  };

  /// The connection is open for frames of the established phase.
  struct established {
    wire::node_identity peer;
    wire::connection_slot slot;
  };

  /// The handshake ended without a connection.
  struct failed {
    wire::refusal reason;
    std::string detail;
    bool by_peer = false; ///< the peer refused, rather than this side
  };

  using event = std::variant<authenticated, established, failed>;

  /// What one input produced: frames to write, in order, and at most one event.
  struct step {
    wire::byte_buffer send;
    std::optional<event> happened;
  };

  /// A connection this node dialed. `expected_peer` is empty to accept any node.
  static handshake initiate(wire::node_identity self, cookie secret, wire::nonce nonce,
                            std::string expected_peer, wire::connection_slot slot);

  /// A connection this node accepted.
  static handshake accept(wire::node_identity self, cookie secret, wire::nonce nonce);

  /// The initiator's hello; nothing for the acceptor.
  step begin();

  /// A complete frame from the peer.
  step on_frame(const wire::frame_view& frame);

  /// The peer's bytes did not decode; the connection ends.
  step on_decode_error(wire::decode_error error);

  /// The node admits the authenticated peer: the acceptor sends welcome; the
  /// initiator sends its proof and waits for the welcome.
  step admit();

  /// The node refuses the authenticated peer.
  step refuse(wire::refusal reason, std::string detail);

  bool is_initiator() const noexcept { return initiator_; }

  /// The peer, once its hello (acceptor) or challenge (initiator) arrived.
  const std::optional<wire::node_identity>& peer() const noexcept { return peer_; }

  /// The connection's place in its session: the initiator's from the start,
  /// the acceptor's from the hello on.
  const wire::connection_slot& slot() const noexcept { return slot_; }

  /// True once `established` or `failed` happened.
  bool finished() const noexcept { return phase_ == phase::done; }

private:
  enum class phase {
    awaiting_hello,
    awaiting_challenge,
    awaiting_admission,
    awaiting_proof,
    awaiting_welcome,
    done,
  };

  handshake(bool initiator, wire::node_identity self, cookie secret, wire::nonce nonce)
    : initiator_(initiator), self_(std::move(self)), secret_(std::move(secret)),
      own_nonce_(nonce) {}

  step on_hello(const wire::hello& msg);
  step on_challenge(const wire::challenge& msg);
  step on_proof(const wire::proof& msg);
  step finish(established result);
  step fail(wire::refusal reason, std::string detail);
  step failed_by_peer(const wire::refuse& msg);

  bool initiator_;
  phase phase_ = phase::awaiting_hello;
  wire::node_identity self_;
  cookie secret_;
  wire::nonce own_nonce_;
  wire::nonce peer_nonce_{};
  std::string expected_peer_;
  wire::connection_slot slot_;
  std::optional<wire::node_identity> peer_;
};

} // namespace troupe::proto
