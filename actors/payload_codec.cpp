#include "actors/payload_codec.hpp"

#include <array>

#include <caf/actor_system.hpp>
#include <caf/binary_serializer.hpp>
#include <caf/detail/dynamic_message_data.hpp>
#include <caf/make_counted.hpp>
#include <caf/type_nr.hpp>
#include <caf/uniform_type_info_map.hpp>

#include "actors/bounded_deserializer.hpp"

namespace troupe {

namespace {

/// Reads and writes a value of one built-in type without CAF's serializer,
/// whose per-field virtual calls and error objects cost more than the copy.
struct direct_codec {
  void (*save)(wire::byte_writer& out, const void* value);
  bool (*load)(wire::byte_reader& in, void* value);
};

template <class T>
direct_codec integer_codec() {
  return {[](wire::byte_writer& out, const void* value) { out.integer(*static_cast<const T*>(value)); },
          [](wire::byte_reader& in, void* value) {
            *static_cast<T*>(value) = in.integer<T>();
            return in.ok();
          }};
}

/// std::string and std::vector<char>: a u32 length, then the bytes.
template <class T>
direct_codec bytes_codec() {
  return {[](wire::byte_writer& out, const void* value) {
            const auto& bytes = *static_cast<const T*>(value);
            out.integer(static_cast<std::uint32_t>(bytes.size()));
            out.bytes({bytes.data(), bytes.size()});
          },
          [](wire::byte_reader& in, void* value) {
            auto raw = in.take(in.integer<std::uint32_t>());
            static_cast<T*>(value)->assign(raw.begin(), raw.end());
            return in.ok();
          }};
}

direct_codec atom_codec() {
  return {[](wire::byte_writer& out, const void* value) {
            out.integer(static_cast<std::uint64_t>(*static_cast<const caf::atom_value*>(value)));
          },
          [](wire::byte_reader& in, void* value) {
            *static_cast<caf::atom_value*>(value) = static_cast<caf::atom_value>(
              in.integer<std::uint64_t>());
            return in.ok();
          }};
}

using direct_table = std::array<std::optional<direct_codec>, caf::type_nrs>;

template <class T>
void add_integer(direct_table& table) {
  table[caf::type_nr<T>::value] = integer_codec<T>();
}

const direct_table& direct_codecs() {
  static const direct_table table = [] {
    direct_table result;
    result[caf::type_nr<caf::atom_value>::value] = atom_codec();
    result[caf::type_nr<std::vector<char>>::value] = bytes_codec<std::vector<char>>();
    result[caf::type_nr<std::string>::value] = bytes_codec<std::string>();
    add_integer<std::int8_t>(result);
    add_integer<std::uint8_t>(result);
    add_integer<std::int16_t>(result);
    add_integer<std::uint16_t>(result);
    add_integer<std::int32_t>(result);
    add_integer<std::uint32_t>(result);
    add_integer<std::int64_t>(result);
    add_integer<std::uint64_t>(result);
    return result;
  }();
  return table;
}

const direct_codec* direct_codec_for(std::uint16_t nr) {
  const auto& table = direct_codecs();
  return nr < table.size() && table[nr] ? &*table[nr] : nullptr;
}

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

std::optional<caf::message> decode_payload(caf::execution_unit* context, wire::byte_span payload) {
  try {
    wire::byte_reader in{payload};
    auto values = decode_types(context, in);
    if (!values)
      return std::nullopt;
    for (auto& value : *values)
      if (!decode_value(context, in, *value))
        return std::nullopt;
    if (!in.ok_and_done())
      return std::nullopt;
    if (values->empty())
      return caf::message{};
    auto data = caf::make_counted<caf::detail::dynamic_message_data>(std::move(*values));
    return caf::message{caf::message::data_ptr{data.detach(), false}};
  } catch (...) {
    return std::nullopt;
  }
}

} // namespace troupe
