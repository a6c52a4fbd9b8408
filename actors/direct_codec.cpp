#include "actors/direct_codec.hpp"

#include <array>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include <caf/atom.hpp>
#include <caf/type_nr.hpp>

#include "actors/received_element.hpp"

namespace troupe {

namespace {

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

template <class... Ts>
struct type_list {};

/// The element types of the typed shapes.
using typed_types = type_list<caf::atom_value, std::vector<char>, std::string, std::uint64_t,
                              std::int64_t, std::uint32_t, std::int32_t>;

template <class... Ts>
caf::mailbox_element_ptr decode_into_element(wire::byte_reader& in,
                                             receive_gauge::receipt& receipt) {
  std::tuple<Ts...> values;
  auto read = [&](auto& value) {
    using value_type = std::decay_t<decltype(value)>;
    return direct_codec_for(caf::type_nr<value_type>::value)->load(in, &value);
  };
  if (!std::apply([&](auto&... value) { return (read(value) && ...); }, values))
    return nullptr;
  return std::apply(
    [&](auto&... value) {
      return caf::mailbox_element_ptr{
        new received_values<Ts...>(std::move(receipt), std::move(value)...)};
    },
    values);
}

std::uint32_t key_of(std::span<const std::uint16_t> types) {
  std::uint32_t key = 0;
  for (auto nr : types)
    key = key << 16 | nr;
  return key;
}

using typed_table = std::unordered_map<std::uint32_t, typed_decoder>;

template <class... Ts>
void add_typed(typed_table& table) {
  table[key_of(std::array{caf::type_nr<Ts>::value...})] = decode_into_element<Ts...>;
}

template <class First, class... Seconds>
void add_pairs(typed_table& table, type_list<Seconds...>) {
  (add_typed<First, Seconds>(table), ...);
}

template <class... Ts>
typed_table make_typed_table(type_list<Ts...> types) {
  typed_table table;
  (add_typed<Ts>(table), ...);
  (add_pairs<Ts>(table, types), ...);
  return table;
}

} // namespace

const direct_codec* direct_codec_for(std::uint16_t nr) {
  const auto& table = direct_codecs();
  return nr < table.size() && table[nr] ? &*table[nr] : nullptr;
}

typed_decoder typed_decoder_for(std::span<const std::uint16_t> types) {
  static const auto table = make_typed_table(typed_types{});
  if (types.empty() || types.size() > max_typed_elements)
    return nullptr;
  auto found = table.find(key_of(types));
  return found == table.end() ? nullptr : found->second;
}

} // namespace troupe
