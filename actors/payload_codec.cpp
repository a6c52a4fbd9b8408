#include "actors/payload_codec.hpp"

#include <array>

#include <caf/actor_system.hpp>
#include <caf/binary_serializer.hpp>
#include <caf/detail/dynamic_message_data.hpp>
#include <caf/make_counted.hpp>
#include <caf/type_nr.hpp>
#include <caf/uniform_type_info_map.hpp>

#include "actors/bounded_deserializer.hpp"
#include "actors/direct_codec.hpp"
#include "actors/received_element.hpp"

namespace troupe {

namespace {

/// What CAF's type registry calls a type nobody added.
constexpr std::string_view unknown_type_name = "???";

bool encode_types(caf::execution_unit* context, const caf::message& msg, wire::byte_writer& out) {
  out.integer(static_cast<std::uint16_t>(msg.size()));
  for (std::size_t i = 0; i < msg.size(); ++i) {
    auto type = msg.type(i);
    out.integer(type.first);
    if (type.first != 0)
      continue;
    // A type of the program's own: by the name it was registered under.
    const auto& name = context->system().types().portable_name(type);
    if (name == unknown_type_name || name.empty() || name.size() > 255)
      return false; // not registered: the peer could not decode it
    out.short_string(name);
  }
  return true;
}

bool encode_values(caf::execution_unit* context, const caf::message& msg, wire::byte_buffer& out) {
  wire::byte_writer writer{out};
  for (std::size_t i = 0; i < msg.size(); ++i) {
    if (auto* direct = direct_codec_for(msg.type(i).first)) {
      direct->save(writer, msg.get(i));
      continue;
    }
    caf::binary_serializer sink{context, out};
    if (msg.save(i, sink))
      return false;
  }
  return true;
}

std::optional<std::vector<caf::type_erased_value_ptr>> decode_types(caf::execution_unit* context,
                                                                    wire::byte_reader& in) {
  auto count = in.integer<std::uint16_t>();
  // Every element takes at least its two type bytes: no allocation for lies.
  if (!in.ok() || count > in.remaining() / 2)
    return std::nullopt;
  const auto& types = context->system().types();
  std::vector<caf::type_erased_value_ptr> values;
  values.reserve(count);
  for (std::uint16_t i = 0; i < count; ++i) {
    auto nr = in.integer<std::uint16_t>();
    if (nr >= caf::type_nrs)
      return std::nullopt;
    auto value = nr != 0 ? types.make_value(nr) : types.make_value(in.short_string());
    if (!in.ok() || !value)
      return std::nullopt;
    values.push_back(std::move(value));
  }
  return values;
}

/// The common shapes (see typed_decoder_for) without a value object per
/// element; leaves `in` alone and returns null for any other payload.
caf::mailbox_element_ptr decode_typed(wire::byte_reader& in, receive_gauge::receipt& receipt) {
  auto peek = in;
  auto count = peek.integer<std::uint16_t>();
  if (count == 0 || count > max_typed_elements)
    return nullptr;
  std::array<std::uint16_t, max_typed_elements> types{};
  for (std::uint16_t i = 0; i < count; ++i)
    types[i] = peek.integer<std::uint16_t>();
  auto decoder = peek.ok() ? typed_decoder_for({types.data(), count}) : nullptr;
  if (!decoder)
    return nullptr;
  auto element = decoder(peek, receipt);
  if (!element || !peek.ok_and_done())
    return nullptr;
  in = peek;
  return element;
}

bool decode_value(caf::execution_unit* context, wire::byte_reader& in,
                  caf::type_erased_value& value) {
  if (auto* direct = direct_codec_for(value.type().first))
    return direct->load(in, value.get_mutable());
  auto rest = in.rest();
  bounded_deserializer source{context, rest};
  if (value.load(source))
    return false;
  in = wire::byte_reader{rest.last(source.remaining())};
  return true;
}

} // namespace

bool encode_payload(caf::execution_unit* context, caf::message& msg, wire::byte_buffer& out) {
  try {
    wire::byte_writer writer{out};
    return encode_types(context, msg, writer) && encode_values(context, msg, out);
  } catch (...) {
    return false;
  }
}

caf::mailbox_element_ptr decode_payload(caf::execution_unit* context, wire::byte_span payload,
                                        receive_gauge::receipt receipt) {
  auto in_element = [&](caf::message msg) {
    return caf::mailbox_element_ptr{new received_message(std::move(receipt), std::move(msg))};
  };
  try {
    wire::byte_reader in{payload};
    if (auto typed = decode_typed(in, receipt))
      return typed;
    auto values = decode_types(context, in);
    if (!values)
      return nullptr;
    for (auto& value : *values)
      if (!decode_value(context, in, *value))
        return nullptr;
    if (!in.ok_and_done())
      return nullptr;
    if (values->empty())
      return in_element(caf::message{});
    auto data = caf::make_counted<caf::detail::dynamic_message_data>(std::move(*values));
    return in_element(caf::message{caf::message::data_ptr{data.detach(), false}});
  } catch (...) {
    return nullptr;
  }
}

} // namespace troupe
