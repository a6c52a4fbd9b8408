#include "protocols/monitoring/messages.hpp"

#include "protocols/remote_ref.hpp"

namespace troupe::proto::monitoring {

namespace {

enum class tag : std::uint8_t { monitor = 1, demonitor, down };

void write(wire::byte_writer& w, const monitor& x) {
  w.integer(static_cast<std::uint8_t>(tag::monitor));
  w.integer(x.ref);
  w.short_string(x.target.name);
  w.integer(x.target.actor_id);
  w.integer(x.target.incarnation);
}

void write(wire::byte_writer& w, const demonitor& x) {
  w.integer(static_cast<std::uint8_t>(tag::demonitor));
  w.integer(x.ref);
}

void write(wire::byte_writer& w, const down& x) {
  w.integer(static_cast<std::uint8_t>(tag::down));
  w.integer(x.ref);
  w.integer(static_cast<std::uint8_t>(x.reason));
  w.string(x.detail.size() > 65535 ? x.detail.substr(0, 65535) : x.detail);
}

std::optional<message> read_monitor(wire::byte_reader& r) {
  monitor x{r.integer<std::uint64_t>(), {r.short_string(), 0, 0}};
  x.target.actor_id = r.integer<std::uint64_t>();
  x.target.incarnation = r.integer<std::uint64_t>();
  if (!x.target.name.empty() && !is_valid_registered_name(x.target.name))
    r.fail();
  return x;
}

std::optional<message> read_down(wire::byte_reader& r) {
  down x{r.integer<std::uint64_t>()};
  auto reason = r.integer<std::uint8_t>();
  if (reason < static_cast<std::uint8_t>(down_reason::exited)
      || reason > static_cast<std::uint8_t>(down_reason::noconnection))
    r.fail();
  x.reason = static_cast<down_reason>(reason);
  x.detail = r.string();
  return x;
}

} // namespace

void encode(wire::byte_buffer& out, const message& msg) {
  wire::byte_writer writer{out};
  std::visit([&](const auto& x) { write(writer, x); }, msg);
}

std::optional<message> decode(wire::byte_span body) {
  wire::byte_reader reader{body};
  std::optional<message> result;
  switch (static_cast<tag>(reader.integer<std::uint8_t>())) {
    case tag::monitor: result = read_monitor(reader); break;
    case tag::demonitor: result = demonitor{reader.integer<std::uint64_t>()}; break;
    case tag::down: result = read_down(reader); break;
    default: return std::nullopt;
  }
  if (!reader.ok_and_done())
    return std::nullopt;
  return result;
}

} // namespace troupe::proto::monitoring
