#include "protocols/wire/frame.hpp"

#include <cstring>

namespace troupe::wire {

std::string_view to_string(frame_kind kind) noexcept {
  switch (kind) {
    case frame_kind::hello: return "hello";
    case frame_kind::challenge: return "challenge";
    case frame_kind::proof: return "proof";
    case frame_kind::welcome: return "welcome";
    case frame_kind::refuse: return "refuse";
    case frame_kind::message: return "message";
    case frame_kind::heartbeat: return "heartbeat";
    case frame_kind::ping: return "ping";
    case frame_kind::pong: return "pong";
    case frame_kind::goodbye: return "goodbye";
    case frame_kind::service: return "service";
  }
  return "unknown";
}

std::string_view to_string(decode_error error) noexcept {
  switch (error) {
    case decode_error::bad_magic: return "not a troupe frame (bad magic byte)";
    case decode_error::version_mismatch: return "frame of another protocol version";
    case decode_error::too_large: return "frame larger than the limit";
    case decode_error::unknown_kind: return "unknown frame kind";
    case decode_error::reserved_bits: return "reserved header bits set";
    case decode_error::malformed_body: return "malformed frame body";
    case decode_error::unexpected_kind: return "frame not allowed at this point";
  }
  return "unknown decode error";
}

namespace {

bool is_known_kind(std::uint8_t kind) {
  switch (static_cast<frame_kind>(kind)) {
    case frame_kind::hello:
    case frame_kind::challenge:
    case frame_kind::proof:
    case frame_kind::welcome:
    case frame_kind::refuse:
    case frame_kind::message:
    case frame_kind::heartbeat:
    case frame_kind::ping:
    case frame_kind::pong:
    case frame_kind::goodbye:
    case frame_kind::service:
      return true;
  }
  return false;
}

} // namespace

std::expected<frame_scan, decode_error> scan_frame(byte_span input, std::uint32_t body_limit) {
  if (input.size() < header_size)
    return frame_scan{};
  byte_reader reader{input.first(header_size)};
  auto body_size = reader.integer<std::uint32_t>();
  auto magic = reader.integer<std::uint8_t>();
  auto version = reader.integer<std::uint8_t>();
  auto kind = reader.integer<std::uint8_t>();
  auto reserved = reader.integer<std::uint8_t>();
  if (magic != frame_magic)
    return std::unexpected{decode_error::bad_magic};
  if (version != protocol_version)
    return std::unexpected{decode_error::version_mismatch};
  if (!is_known_kind(kind))
    return std::unexpected{decode_error::unknown_kind};
  if (reserved != 0)
    return std::unexpected{decode_error::reserved_bits};
  if (body_size > body_limit || body_size > hard_body_limit)
    return std::unexpected{decode_error::too_large};
  frame_scan scan{.frame_size = header_size + body_size};
  if (input.size() >= scan.frame_size)
    scan.frame = frame_view{{body_size, version, static_cast<frame_kind>(kind)},
                            input.subspan(header_size, body_size)};
  return scan;
}

std::size_t begin_frame(byte_buffer& out, frame_kind kind) {
  auto start = out.size();
  byte_writer writer{out};
  writer.integer(std::uint32_t{0});
  writer.integer(frame_magic);
  writer.integer(protocol_version);
  writer.integer(static_cast<std::uint8_t>(kind));
  writer.integer(std::uint8_t{0});
  return start;
}

void end_frame(byte_buffer& out, std::size_t frame_start) {
  auto body_size = static_cast<std::uint32_t>(out.size() - frame_start - header_size);
  std::memcpy(out.data() + frame_start, &body_size, sizeof(body_size));
}

} // namespace troupe::wire
