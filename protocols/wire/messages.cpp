#include "protocols/wire/messages.hpp"

#include <algorithm>

namespace troupe::wire {

std::string_view to_string(refusal reason) noexcept {
  switch (reason) {
    case refusal::version_mismatch: return "protocol version mismatch";
    case refusal::auth_failed: return "authentication failed (wrong cookie)";
    case refusal::duplicate_name: return "another node with this name is connected";
    case refusal::self_connection: return "connection to itself";
    case refusal::wrong_node: return "a different node answered";
    case refusal::crossed_dial: return "both nodes dialed; the other dial wins";
    case refusal::already_connected: return "already connected";
    case refusal::unknown_session: return "unknown session";
    case refusal::shutting_down: return "node is shutting down";
    case refusal::protocol_error: return "protocol error";
    case refusal::partitioned: return "partitioned (injected)";
  }
  return "unknown refusal";
}

namespace {

// -- fields shared by several messages ---------------------------------------

void write_list(byte_writer& w, const std::vector<std::string>& items) {
  w.integer(static_cast<std::uint8_t>(items.size()));
  for (const auto& item : items)
    w.short_string(item);
}

std::vector<std::string> read_list(byte_reader& r, std::size_t max_items, std::size_t max_item) {
  auto count = r.integer<std::uint8_t>();
  if (count > max_items) {
    r.fail();
    return {};
  }
  std::vector<std::string> items;
  for (std::size_t i = 0; i < count && r.ok(); ++i) {
    items.push_back(r.short_string());
    if (items.back().size() > max_item)
      r.fail();
  }
  return items;
}

void write(byte_writer& w, const node_identity& x) {
  w.short_string(x.name.str());
  w.integer(x.incarnation);
  write_list(w, x.listen);
  w.short_string(x.runtime_id);
  write_list(w, x.channels);
  w.integer(x.parallelism);
}

std::optional<node_identity> read_identity(byte_reader& r) {
  auto name = node_name::parse(r.short_string());
  auto incarnation = r.integer<std::uint64_t>();
  auto listen = read_list(r, max_listen_addresses, 255);
  auto runtime_id = r.short_string();
  auto channels = read_list(r, max_channels, max_channel_name);
  auto parallelism = r.integer<std::uint16_t>();
  bool channels_ok = !channels.empty()
                     && std::ranges::none_of(channels, [](auto& c) { return c.empty(); });
  if (!r.ok() || !name || !channels_ok || parallelism == 0 || parallelism > max_parallelism)
    return std::nullopt;
  return node_identity{*name, incarnation, std::move(listen), std::move(runtime_id),
                       std::move(channels), parallelism};
}

template <class Array>
void write_array(byte_writer& w, const Array& x) {
  w.bytes({reinterpret_cast<const char*>(x.data()), x.size()});
}

template <class Array>
Array read_array(byte_reader& r) {
  Array x{};
  auto raw = r.take(x.size());
  std::copy(raw.begin(), raw.end(), reinterpret_cast<char*>(x.data()));
  return x;
}

// -- one writer and one reader per message -----------------------------------

void write(byte_writer& w, const hello& x) {
  write(w, x.from);
  w.short_string(x.expected_peer);
  w.integer(x.slot.session_id);
  w.integer(x.slot.channel);
  w.integer(x.slot.lane);
  write_array(w, x.nonce);
}

std::optional<hello> read(byte_reader& r, hello*) {
  auto from = read_identity(r);
  if (!from)
    return std::nullopt;
  hello x{.from = std::move(*from)};
  x.expected_peer = r.short_string();
  x.slot.session_id = r.integer<std::uint64_t>();
  x.slot.channel = r.integer<std::uint16_t>();
  x.slot.lane = r.integer<std::uint16_t>();
  x.nonce = read_array<nonce>(r);
  if (!x.expected_peer.empty() && !node_name::parse(x.expected_peer))
    return std::nullopt;
  return x;
}

void write(byte_writer& w, const challenge& x) {
  write(w, x.from);
  write_array(w, x.nonce);
  write_array(w, x.proof);
}

std::optional<challenge> read(byte_reader& r, challenge*) {
  auto from = read_identity(r);
  if (!from)
    return std::nullopt;
  challenge x{.from = std::move(*from)};
  x.nonce = read_array<nonce>(r);
  x.proof = read_array<mac>(r);
  return x;
}

void write(byte_writer& w, const proof& x) { write_array(w, x.value); }

std::optional<proof> read(byte_reader& r, proof*) { return proof{read_array<mac>(r)}; }

void write(byte_writer&, const welcome&) {}

std::optional<welcome> read(byte_reader&, welcome*) { return welcome{}; }

void write(byte_writer& w, const refuse& x) {
  w.integer(static_cast<std::uint8_t>(x.reason));
  w.string(x.detail);
}

std::optional<refuse> read(byte_reader& r, refuse*) {
  auto reason = r.integer<std::uint8_t>();
  auto detail = r.string();
  if (reason < static_cast<std::uint8_t>(refusal::version_mismatch)
      || reason > static_cast<std::uint8_t>(refusal::partitioned))
    return std::nullopt;
  return refuse{static_cast<refusal>(reason), std::move(detail)};
}

void write(byte_writer&, const heartbeat&) {}

std::optional<heartbeat> read(byte_reader&, heartbeat*) { return heartbeat{}; }

void write(byte_writer& w, const ping& x) { w.integer(x.id); }

std::optional<ping> read(byte_reader& r, ping*) { return ping{r.integer<std::uint64_t>()}; }

void write(byte_writer& w, const pong& x) { w.integer(x.id); }

std::optional<pong> read(byte_reader& r, pong*) { return pong{r.integer<std::uint64_t>()}; }

void write(byte_writer& w, const goodbye& x) { w.string(x.reason); }

std::optional<goodbye> read(byte_reader& r, goodbye*) { return goodbye{r.string()}; }

template <class T>
void encode_frame(byte_buffer& out, const T& msg) {
  auto start = begin_frame(out, T::kind);
  byte_writer writer{out};
  write(writer, msg);
  end_frame(out, start);
}

} // namespace


template <class T>
std::optional<T> decode(byte_span body) {
  byte_reader reader{body};
  auto result = read(reader, static_cast<T*>(nullptr));
  if (!result || !reader.ok_and_done())
    return std::nullopt;
  return result;
}

#define TROUPE_WIRE_MESSAGE(T)                                                                     \
  void encode(byte_buffer& out, const T& msg) { encode_frame(out, msg); }                          \
  template std::optional<T> decode<T>(byte_span body);

TROUPE_WIRE_MESSAGE(hello)
TROUPE_WIRE_MESSAGE(challenge)
TROUPE_WIRE_MESSAGE(proof)
TROUPE_WIRE_MESSAGE(welcome)
TROUPE_WIRE_MESSAGE(refuse)
TROUPE_WIRE_MESSAGE(heartbeat)
TROUPE_WIRE_MESSAGE(ping)
TROUPE_WIRE_MESSAGE(pong)
TROUPE_WIRE_MESSAGE(goodbye)

#undef TROUPE_WIRE_MESSAGE

// -- actor messages: the hot path, so no intermediate structs -----------------

namespace {

constexpr std::uint8_t dest_by_name = 0x01;

} // namespace

std::size_t begin_message(byte_buffer& out, const message_header& header) {
  auto start = begin_frame(out, frame_kind::message);
  byte_writer writer{out};
  bool by_name = !header.dest_name.empty();
  writer.integer(by_name ? dest_by_name : std::uint8_t{0});
  if (by_name)
    writer.short_string(header.dest_name);
  else
    writer.integer(header.dest_id);
  writer.integer(header.sender_id);
  writer.integer(header.message_id);
  return start;
}

std::optional<decoded_message> decode_message(byte_span body) {
  byte_reader reader{body};
  decoded_message result;
  auto flags = reader.integer<std::uint8_t>();
  if (flags & ~dest_by_name)
    return std::nullopt;
  if (flags & dest_by_name) {
    auto size = reader.integer<std::uint8_t>();
    auto name = reader.take(size);
    result.header.dest_name = {name.data(), name.size()};
    if (result.header.dest_name.empty())
      reader.fail();
  } else {
    result.header.dest_id = reader.integer<std::uint64_t>();
  }
  result.header.sender_id = reader.integer<std::uint64_t>();
  result.header.message_id = reader.integer<std::uint64_t>();
  result.payload = reader.rest();
  if (!reader.ok())
    return std::nullopt;
  return result;
}

// -- service frames ------------------------------------------------------------

std::size_t begin_service(byte_buffer& out, service_id service) {
  auto start = begin_frame(out, frame_kind::service);
  byte_writer{out}.integer(static_cast<std::uint8_t>(service));
  return start;
}

std::optional<decoded_service> decode_service(byte_span body) {
  byte_reader reader{body};
  decoded_service result{reader.integer<std::uint8_t>(), {}};
  result.body = reader.rest();
  if (!reader.ok())
    return std::nullopt;
  return result;
}

} // namespace troupe::wire
