#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "protocols/node_name.hpp"
#include "protocols/wire/frame.hpp"

namespace troupe::wire {

/// Limits on what a peer may declare about itself; larger values are
/// malformed, so decoding never builds unbounded lists.
inline constexpr std::size_t max_listen_addresses = 16;
inline constexpr std::size_t max_channels = 64;
inline constexpr std::size_t max_channel_name = 64;
inline constexpr std::uint16_t max_parallelism = 256;

using nonce = std::array<std::uint8_t, 32>;
using mac = std::array<std::uint8_t, 32>;

/// How a node describes itself to a peer during the handshake.
struct node_identity {
  node_name name;
  std::uint64_t incarnation = 0;
  std::vector<std::string> listen;   ///< "host:port", where it accepts connections
  std::string runtime_id;            ///< opaque id of the actor runtime (CAF's node id)
  std::vector<std::string> channels; ///< channel names; index 0 is the default
  std::uint16_t parallelism = 1;     ///< connections per channel
  friend bool operator==(const node_identity&, const node_identity&) = default;
};

/// Which connection of a session a hello opens.
struct connection_slot {
  std::uint64_t session_id = 0; ///< chosen by the dialer, shared by all its connections
  std::uint16_t channel = 0;
  std::uint16_t lane = 0;
  friend bool operator==(const connection_slot&, const connection_slot&) = default;
};

/// Why a side refuses a connection.
enum class refusal : std::uint8_t {
  version_mismatch = 1, ///< the peers speak different protocol versions
  auth_failed,          ///< the peer does not know the cookie
  duplicate_name,       ///< another live node already uses this name
  self_connection,      ///< the node dialed itself
  wrong_node,           ///< the node that answered is not the one expected
  crossed_dial,         ///< both nodes dialed; the lower name's dial wins
  already_connected,    ///< a session with this node exists
  unknown_session,      ///< an extra lane names a session that does not exist
  shutting_down,        ///< the node is stopping
  protocol_error,       ///< a malformed or unexpected frame
  partitioned,          ///< a partition between the nodes was injected (tests)
};

std::string_view to_string(refusal reason) noexcept;

struct hello {
  static constexpr frame_kind kind = frame_kind::hello;
  node_identity from;
  std::string expected_peer; ///< node the dialer wants to reach; empty: any
  connection_slot slot;
  wire::nonce nonce{};
  friend bool operator==(const hello&, const hello&) = default;
};

struct challenge {
  static constexpr frame_kind kind = frame_kind::challenge;
  node_identity from;
  wire::nonce nonce{};
  wire::mac proof{};
  friend bool operator==(const challenge&, const challenge&) = default;
};

struct proof {
  static constexpr frame_kind kind = frame_kind::proof;
  wire::mac value{};
  friend bool operator==(const proof&, const proof&) = default;
};

struct welcome {
  static constexpr frame_kind kind = frame_kind::welcome;
  friend bool operator==(const welcome&, const welcome&) = default;
};

struct refuse {
  static constexpr frame_kind kind = frame_kind::refuse;
  refusal reason = refusal::protocol_error;
  std::string detail; ///< human-readable, at most 65535 bytes
  friend bool operator==(const refuse&, const refuse&) = default;
};

struct heartbeat {
  static constexpr frame_kind kind = frame_kind::heartbeat;
  friend bool operator==(const heartbeat&, const heartbeat&) = default;
};

struct ping {
  static constexpr frame_kind kind = frame_kind::ping;
  std::uint64_t id = 0;
  friend bool operator==(const ping&, const ping&) = default;
};

struct pong {
  static constexpr frame_kind kind = frame_kind::pong;
  std::uint64_t id = 0;
  friend bool operator==(const pong&, const pong&) = default;
};

struct goodbye {
  static constexpr frame_kind kind = frame_kind::goodbye;
  std::string reason;
  friend bool operator==(const goodbye&, const goodbye&) = default;
};

/// Appends one complete frame holding `msg`.
void encode(byte_buffer& out, const hello& msg);
void encode(byte_buffer& out, const challenge& msg);
void encode(byte_buffer& out, const proof& msg);
void encode(byte_buffer& out, const welcome& msg);
void encode(byte_buffer& out, const refuse& msg);
void encode(byte_buffer& out, const heartbeat& msg);
void encode(byte_buffer& out, const ping& msg);
void encode(byte_buffer& out, const pong& msg);
void encode(byte_buffer& out, const goodbye& msg);

/// Parses the body of a frame of T's kind; nullopt if it is malformed or has
/// trailing bytes.
template <class T>
std::optional<T> decode(byte_span body);

/// Routing part of an actor message; the payload follows it in the frame.
struct message_header {
  /// Destination: a registered name if not empty, else an actor id.
  std::string_view dest_name;
  std::uint64_t dest_id = 0;
  /// Sending actor's id on the sending node; 0 if there is none.
  std::uint64_t sender_id = 0;
  /// The actor runtime's message id (request/response correlation).
  std::uint64_t message_id = 0;
};

/// Longest registered name that a message can address.
inline constexpr std::size_t max_registered_name = 255;

/// Starts a message frame; append the payload, then call `end_frame`.
std::size_t begin_message(byte_buffer& out, const message_header& header);

struct decoded_message {
  message_header header; ///< dest_name points into the frame body
  byte_span payload;
};

std::optional<decoded_message> decode_message(byte_span body);

/// The services of troupe's own that talk to their peers in service frames.
/// A node drops (and counts) frames of a service it does not run.
enum class service_id : std::uint8_t {
  membership = 1, ///< peer-service managers: membership state
  monitors = 2,   ///< remote monitors: monitor, demonitor, down
};

/// Starts a service frame; append the service's bytes, then call `end_frame`.
std::size_t begin_service(byte_buffer& out, service_id service);

struct decoded_service {
  std::uint8_t service = 0; ///< raw: a newer peer may run services this node does not know
  byte_span body;
};

/// Never fails on a non-empty body: what the body means is the service's business.
std::optional<decoded_service> decode_service(byte_span body);

} // namespace troupe::wire
