#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include <caf/mailbox_element.hpp>

#include "actors/receive_gauge.hpp"
#include "protocols/wire/byte_buffer.hpp"

namespace troupe {

/// Reads and writes a value of one of CAF's built-in types without CAF's
/// serializer, whose per-field virtual calls and error objects cost more
/// than the copy: atoms, integers, strings and byte vectors (a u32 length,
/// then the bytes).
struct direct_codec {
  void (*save)(wire::byte_writer& out, const void* value);
  bool (*load)(wire::byte_reader& in, void* value);
};

/// The codec for CAF's type number `nr`, or null for the types it does not handle.
const direct_codec* direct_codec_for(std::uint16_t nr);

/// Messages of one or two elements of the types above (an atom and a
/// value, say: the common shape) decode straight into a mailbox element
/// that holds them (received_values): one allocation for the element and
/// its values, instead of a value object per element in a dynamic message,
/// a message and an element. Reads the values (the types are read already)
/// and moves `receipt` into the element; null if the values do not decode.
using typed_decoder = caf::mailbox_element_ptr (*)(wire::byte_reader& in,
                                                   receive_gauge::receipt& receipt);

inline constexpr std::size_t max_typed_elements = 2;

/// The decoder for elements of the type numbers `types`, or null.
typed_decoder typed_decoder_for(std::span<const std::uint16_t> types);

} // namespace troupe
