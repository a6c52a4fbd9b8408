#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>

#include "protocols/membership/member_set.hpp"
#include "protocols/wire/byte_buffer.hpp"

namespace troupe::proto {

/// Limits on a member set from the wire; larger sets are malformed, so
/// decoding never builds unbounded lists. Specs also obey the handshake's
/// limits (wire::max_listen_addresses, max_channels, max_channel_name,
/// max_parallelism).
///
/// Members: full mesh and client-server clusters are meant for hundreds of
/// nodes (Partisan says 60-200 for client-server); 4096 is headroom, a guess.
inline constexpr std::size_t max_members = 4096;
/// Dots per member: each spec is added once, by the run it describes, so one
/// dot is what this code writes; the rest is headroom.
inline constexpr std::size_t max_member_dots = 4;
/// Context entries: one per node run ever seen, since the context remembers
/// removed runs so that they stay removed. 16 restarts per member at the
/// member limit; a guess.
inline constexpr std::size_t max_context_entries = 16 * max_members;
/// Longest tag, in bytes.
inline constexpr std::size_t max_tag_size = 64;

/// The first byte of an encoded set, so that a later format can be told apart.
inline constexpr std::uint8_t member_set_format = 1;

/// Appends `set` in the wire format: format byte, the context as sorted
/// (actor, counter) entries, then the sorted specs, each with its dots as
/// (index of its actor in the context, counter). Integers are little-endian,
/// counts and strings length-prefixed as in byte_writer. A set beyond the
/// limits above encodes, but no node decodes it.
void encode(wire::byte_buffer& out, const member_set& set);

/// Parses exactly one encoded set. Refuses, with the reason in words,
/// anything that is truncated, has trailing bytes, breaks a limit, is not in
/// the canonical order, or is not a state a replica could hold.
std::expected<member_set, std::string> decode_member_set(wire::byte_span bytes);

} // namespace troupe::proto
