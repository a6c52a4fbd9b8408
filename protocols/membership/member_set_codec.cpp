#include "protocols/membership/member_set_codec.hpp"

#include <algorithm>
#include <optional>
#include <string_view>

#include "protocols/wire/messages.hpp"

namespace troupe::proto {

namespace {

using wire::byte_reader;
using wire::byte_writer;

// A byte_reader that also remembers why the input was refused: the first
// broken rule, or truncation when a read ran out of bytes first.
class decoder {
public:
  explicit decoder(wire::byte_span bytes) : reader_(bytes) {}

  byte_reader& read() noexcept { return reader_; }

  /// Refuses the input with `reason` unless `rule` holds.
  void require(bool rule, std::string_view reason) {
    if (!rule && reader_.ok()) {
      error_ = reason;
      reader_.fail();
    }
  }

  bool ok() const noexcept { return reader_.ok(); }

  std::string error() const { return error_.empty() ? "truncated" : error_; }

private:
  byte_reader reader_;
  std::string error_;
};

// -- writing -----------------------------------------------------------------

void write_strings(byte_writer& w, const std::vector<std::string>& items) {
  w.integer(static_cast<std::uint8_t>(items.size()));
  for (const auto& item : items)
    w.short_string(item);
}

void write_actor(byte_writer& w, const member_actor& actor) {
  w.short_string(actor.name.str());
  w.integer(actor.incarnation);
}

void write_spec(byte_writer& w, const member_spec& spec) {
  write_actor(w, actor_of(spec));
  write_strings(w, spec.listen);
  write_strings(w, spec.channels);
  w.integer(spec.parallelism);
  w.short_string(spec.tag);
}

// A dot names its actor by the actor's index in the context, which is
// sorted by actor.
void write_dots(byte_writer& w, const member_set::dot_set& dots,
                const member_set::clock_type& context) {
  const auto& actors = context.entries();
  w.integer(static_cast<std::uint8_t>(dots.size()));
  for (const auto& d : dots) {
    auto at = std::ranges::lower_bound(actors, d.actor, {}, &member_set::clock_type::entry::first);
    w.integer(static_cast<std::uint32_t>(at - actors.begin()));
    w.integer(d.counter);
  }
}

// -- reading -----------------------------------------------------------------

struct string_rules {
  std::size_t max_items;
  std::size_t max_item;
  bool allow_empty;
  std::string_view what;
};

std::vector<std::string> read_strings(decoder& in, const string_rules& rules) {
  auto count = in.read().integer<std::uint8_t>();
  in.require(count <= rules.max_items, rules.what);
  std::vector<std::string> items;
  for (std::size_t i = 0; i < count && in.ok(); ++i) {
    items.push_back(in.read().short_string());
    in.require(items.back().size() <= rules.max_item
                   && (rules.allow_empty || !items.back().empty()),
               rules.what);
  }
  return items;
}

std::optional<member_actor> read_actor(decoder& in) {
  auto name = node_name::parse(in.read().short_string());
  auto incarnation = in.read().integer<std::uint64_t>();
  in.require(name.has_value(), "invalid node name");
  if (!in.ok())
    return std::nullopt;
  return member_actor{*name, incarnation};
}

constexpr string_rules listen_rules{wire::max_listen_addresses, 255, true,
                                    "too many or too long listen addresses"};
constexpr string_rules channel_rules{wire::max_channels, wire::max_channel_name, false,
                                     "too many, empty or too long channel names"};

std::optional<member_spec> read_spec(decoder& in) {
  auto actor = read_actor(in);
  auto listen = read_strings(in, listen_rules);
  auto channels = read_strings(in, channel_rules);
  auto parallelism = in.read().integer<std::uint16_t>();
  auto tag = in.read().short_string();
  in.require(!channels.empty(), "a member without channels");
  in.require(parallelism >= 1 && parallelism <= wire::max_parallelism,
             "parallelism out of range");
  in.require(tag.size() <= max_tag_size, "tag too long");
  if (!actor || !in.ok())
    return std::nullopt;
  return member_spec{actor->name,         actor->incarnation, std::move(listen),
                     std::move(channels), parallelism,        std::move(tag)};
}

member_set::clock_type read_context(decoder& in) {
  auto count = in.read().integer<std::uint32_t>();
  in.require(count <= max_context_entries, "too many context entries");
  member_set::clock_type clock;
  for (std::uint32_t i = 0; i < count && in.ok(); ++i) {
    auto actor = read_actor(in);
    auto counter = in.read().integer<std::uint64_t>();
    if (!actor)
      break;
    const auto& known = clock.entries();
    in.require(counter != 0, "a context entry without events");
    in.require(known.empty() || known.back().first < *actor, "context not in order");
    clock.witness({std::move(*actor), counter});
  }
  return clock;
}

member_set::dot_set read_dots(decoder& in, const member_set::clock_type& context) {
  const auto& actors = context.entries();
  auto count = in.read().integer<std::uint8_t>();
  in.require(count >= 1 && count <= max_member_dots, "a member with no or too many dots");
  member_set::dot_set dots;
  for (std::size_t i = 0; i < count && in.ok(); ++i) {
    auto index = in.read().integer<std::uint32_t>();
    auto counter = in.read().integer<std::uint64_t>();
    in.require(index < actors.size(), "a dot of an actor not in the context");
    if (in.ok())
      dots.push_back({actors[index].first, counter});
  }
  return dots;
}

member_set::entries_type read_entries(decoder& in, const member_set::clock_type& context) {
  auto count = in.read().integer<std::uint32_t>();
  in.require(count <= max_members, "too many members");
  member_set::entries_type entries;
  for (std::uint32_t i = 0; i < count && in.ok(); ++i) {
    auto spec = read_spec(in);
    auto dots = read_dots(in, context);
    if (!spec)
      break;
    in.require(entries.empty() || entries.rbegin()->first < *spec, "members not in order");
    if (in.ok())
      entries.emplace_hint(entries.end(), std::move(*spec), std::move(dots));
  }
  return entries;
}

} // namespace

void encode(wire::byte_buffer& out, const member_set& set) {
  byte_writer w{out};
  w.integer(member_set_format);
  w.integer(static_cast<std::uint32_t>(set.context().entries().size()));
  for (const auto& [actor, counter] : set.context().entries()) {
    write_actor(w, actor);
    w.integer(counter);
  }
  w.integer(static_cast<std::uint32_t>(set.entries().size()));
  for (const auto& [spec, dots] : set.entries()) {
    write_spec(w, spec);
    write_dots(w, dots, set.context());
  }
}

std::expected<member_set, std::string> decode_member_set(wire::byte_span bytes) {
  decoder in{bytes};
  in.require(in.read().integer<std::uint8_t>() == member_set_format, "unknown format");
  auto context = read_context(in);
  auto entries = read_entries(in, context);
  in.require(in.read().remaining() == 0, "trailing bytes");
  if (!in.ok())
    return std::unexpected{in.error()};
  auto set = member_set::from_parts(std::move(entries), std::move(context));
  if (!set)
    return std::unexpected{"not a state a replica could hold"};
  return std::move(*set);
}

} // namespace troupe::proto
