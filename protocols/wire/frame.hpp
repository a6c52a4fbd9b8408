#pragma once

#include <cstdint>
#include <expected>
#include <optional>
#include <string_view>

#include "protocols/wire/byte_buffer.hpp"

namespace troupe::wire {

/// The protocol version this build speaks. A peer with another version is
/// refused during the handshake with `refusal::version_mismatch`.
inline constexpr std::uint8_t protocol_version = 2;

/// First byte after the length: catches peers that are not troupe nodes and
/// streams that lost their framing.
inline constexpr std::uint8_t frame_magic = 0x54; // 'T'

/// Every frame starts with this many bytes:
/// u32 body size | u8 magic | u8 version | u8 kind | u8 reserved (zero).
inline constexpr std::size_t header_size = 8;

/// No configuration can raise the body limit above this (1 GiB).
inline constexpr std::uint32_t hard_body_limit = 1u << 30;

/// Body limit while a connection is not authenticated: a stranger cannot make
/// a node buffer more than this much.
inline constexpr std::uint32_t handshake_body_limit = 16 * 1024;

enum class frame_kind : std::uint8_t {
  hello = 1,     ///< initiator introduces itself and sends its nonce
  challenge = 2, ///< acceptor introduces itself, sends its nonce and proof
  proof = 3,     ///< initiator proves it knows the cookie
  welcome = 4,   ///< acceptor admits the connection
  refuse = 5,    ///< either side refuses, with a reason; the connection closes
  message = 16,  ///< an actor message
  heartbeat = 17,///< keeps an idle link alive
  ping = 18,     ///< asks for a pong with the same id
  pong = 19,     ///< answers a ping
  goodbye = 20,  ///< the sender closes the link on purpose, with a reason
  service = 21,  ///< a message of one of troupe's own services (membership, monitors)
};

std::string_view to_string(frame_kind kind) noexcept;

struct frame_header {
  std::uint32_t body_size = 0;
  std::uint8_t version = protocol_version;
  frame_kind kind = frame_kind::heartbeat;
};

/// A complete frame inside a receive buffer (the body is not copied).
struct frame_view {
  frame_header header;
  byte_span body;
};

/// Why a byte stream is not a valid frame sequence. Every one of these ends
/// the connection: after a bad frame the stream cannot be trusted.
enum class decode_error : std::uint8_t {
  bad_magic,        ///< not a troupe frame, or the framing was lost
  version_mismatch, ///< a frame of another protocol version
  too_large,        ///< the length prefix exceeds the connection's limit
  unknown_kind,     ///< a frame kind this version does not know
  reserved_bits,    ///< the reserved header byte is not zero
  malformed_body,   ///< the body does not parse as its kind
  unexpected_kind,  ///< a valid frame at a point where it is not allowed
};

std::string_view to_string(decode_error error) noexcept;

/// What the front of a byte stream holds.
struct frame_scan {
  /// Bytes the first frame occupies, header included; 0 until the header is in.
  std::size_t frame_size = 0;
  /// The first frame, once all of its bytes are in the input.
  std::optional<frame_view> frame;
};

/// Looks at the first frame in `input`. Never reads past `input` and never
/// accepts a body larger than `body_limit`; a reader therefore never needs a
/// buffer larger than `header_size + body_limit`.
std::expected<frame_scan, decode_error> scan_frame(byte_span input, std::uint32_t body_limit);

/// Starts a frame of `kind` at the end of `out`; write the body, then call
/// `end_frame` with the returned offset to fill in the length.
std::size_t begin_frame(byte_buffer& out, frame_kind kind);

void end_frame(byte_buffer& out, std::size_t frame_start);

} // namespace troupe::wire
