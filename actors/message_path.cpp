#include "actors/message_path.hpp"

#include <algorithm>

#include <caf/actor_cast.hpp>
#include <caf/actor_registry.hpp>
#include <caf/make_message.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/sec.hpp>

#include "actors/payload_codec.hpp"
#include "actors/remote_proxy.hpp"

namespace troupe {

message_path::message_path(caf::actor_system& system, node_name self, std::uint64_t incarnation,
                           std::uint32_t max_frame_size, const logger& log)
  : system_(system), self_(std::move(self)), incarnation_(incarnation),
    max_frame_size_(max_frame_size), log_(log), proxies_(system, *this), context_(&system) {
  context_.proxy_registry_ptr(&proxies_);
}

// -- peers and sessions --------------------------------------------------------

std::shared_ptr<peer> message_path::intern(const node_name& name) {
  std::lock_guard lock{peers_mutex_};
  auto& entry = peers_[name];
  if (!entry)
    entry = std::make_shared<peer>(name);
  return entry;
}

void message_path::publish(std::shared_ptr<const session> s) {
  auto target = intern(s->peer.name);
  {
    std::lock_guard lock{peers_mutex_};
    sessions_by_runtime_[s->runtime] = s;
  }
  target->publish(std::move(s));
}

void message_path::retract(const session& s, const std::string& reason) {
  intern(s.peer.name)->retract(s);
  {
    std::lock_guard lock{peers_mutex_};
    if (auto found = sessions_by_runtime_.find(s.runtime);
        found != sessions_by_runtime_.end() && found->second.get() == &s)
      sessions_by_runtime_.erase(found);
  }
  // Monitors and links of the proxies learn that the node is gone.
  log_.debug("ending the proxies of {}: {}", s.peer.name.str(), reason);
  proxies_.erase(s.runtime);
}

std::vector<node_name> message_path::connected() const {
  std::lock_guard lock{peers_mutex_};
  std::vector<node_name> result;
  for (const auto& [name, p] : peers_)
    if (p->current())
      result.push_back(name);
  std::ranges::sort(result);
  return result;
}

caf::strong_actor_ptr message_path::make_proxy(caf::node_id nid, caf::actor_id aid) {
  std::shared_ptr<const session> s;
  {
    std::lock_guard lock{peers_mutex_};
    if (auto found = sessions_by_runtime_.find(nid); found != sessions_by_runtime_.end())
      s = found->second;
  }
  if (!s)
    return nullptr;
  destination to{intern(s->peer.name), s->peer.incarnation, aid, {}};
  caf::actor_config config;
  return caf::make_actor<remote_proxy, caf::strong_actor_ptr>(
    aid, nid, &system_, config, shared_from_this(), std::move(to), send_options{});
}

// -- sending -------------------------------------------------------------------

std::expected<void, errc> message_path::transmit(const destination& to,
                                                 const send_options& options,
                                                 const caf::strong_actor_ptr& sender,
                                                 caf::message_id mid, caf::message& msg) {
  auto s = to.node->current();
  if (!s)
    return std::unexpected{errc::not_connected};
  if (to.incarnation && *to.incarnation != s->peer.incarnation)
    return std::unexpected{errc::stale_ref};
  auto key = options.partition_key.value_or(sender ? sender->id() : 0);
  auto& lane = s->lane(s->channel_index(options.channel), key);
  wire::message_header header{to.name, to.actor_id, export_sender(sender), mid.integer_value()};
  auto result = lane.send([&](wire::byte_buffer& out) {
    auto start = wire::begin_message(out, header);
    if (!encode_payload(&context_, msg, out)
        || out.size() - start - wire::header_size > max_frame_size_)
      return false;
    wire::end_frame(out, start);
    return true;
  });
  switch (result) {
    case connection::send_result::sent:
      counters_.sent.fetch_add(1, std::memory_order_relaxed);
      return {};
    case connection::send_result::closed:
      return std::unexpected{errc::not_connected};
    case connection::send_result::encode_failed:
      return std::unexpected{errc::serialization_failed};
  }
  return std::unexpected{errc::serialization_failed};
}

bool message_path::transmit_service(const node_name& peer, wire::service_id service,
                                    std::span<const char> body, std::uint64_t key) {
  auto s = intern(peer)->current();
  if (!s || body.size() + 1 > max_frame_size_)
    return false;
  auto result = s->lane(0, key).send([&](wire::byte_buffer& out) {
    auto start = wire::begin_service(out, service);
    out.insert(out.end(), body.begin(), body.end());
    wire::end_frame(out, start);
    return true;
  });
  return result == connection::send_result::sent;
}

std::uint64_t message_path::export_sender(const caf::strong_actor_ptr& sender) {
  // Only local actors can be named by id on the wire.
  if (!sender || sender->node() != system_.node())
    return 0;
  return exported_.add(sender);
}

void message_path::undeliverable(const caf::strong_actor_ptr& sender, caf::message_id mid,
                                 errc why, std::string_view detail) {
  switch (why) {
    case errc::not_connected:
    case errc::node_stopped:
      note_drop(counters_.not_connected, to_string(why), detail);
      break;
    case errc::stale_ref:
      note_drop(counters_.stale_ref, to_string(why), detail);
      break;
    default:
      note_drop(counters_.undecodable, to_string(why), detail);
  }
  if (mid.is_request() && sender)
    sender->enqueue(caf::make_mailbox_element(nullptr, mid.response_id(), {},
                                              make_error(why, std::string{detail})),
                    nullptr);
}

void message_path::note_drop(std::atomic<std::uint64_t>& counter, std::string_view reason,
                             std::string_view detail) {
  counter.fetch_add(1, std::memory_order_relaxed);
  auto now = std::chrono::steady_clock::now();
  std::lock_guard lock{drop_log_mutex_};
  auto& report = drop_log_[&counter];
  ++report.unreported;
  if (report.last != std::chrono::steady_clock::time_point{}
      && now - report.last < std::chrono::seconds{1})
    return;
  log_.warning("dropped {} message(s): {} ({})", report.unreported, reason, detail);
  report = {now, 0};
}

// -- receiving -----------------------------------------------------------------

caf::strong_actor_ptr message_path::resolve(const wire::message_header& header) const {
  // Actors named inside payloads are in CAF's registry, where CAF's own
  // serialization puts them; all others are in ours.
  if (header.dest_name.empty())
    return local_actor(header.dest_id);
  return caf::actor_cast<caf::strong_actor_ptr>(names_.get(header.dest_name));
}

caf::strong_actor_ptr message_path::local_actor(std::uint64_t id) const {
  auto exported = exported_.get(id);
  return exported ? exported : system_.registry().get(id);
}

void message_path::note_malformed_service(std::string_view service, const node_name& from) {
  note_drop(counters_.malformed_service, fmt::format("malformed {} frame", service),
            "from " + from.str());
}

void message_path::deliver(const session& from, connection& conn,
                           const wire::decoded_message& msg, io_execution_unit& unit) {
  caf::message_id mid{msg.header.message_id};
  auto origin = [&] { return "from " + from.peer.name.str(); };
  // Stream control categories are CAF-internal; peers only send plain messages.
  if (mid.category() > caf::message_id::normal_message_category) {
    note_drop(counters_.undecodable, "message category not accepted", origin());
    return;
  }
  auto element = decode_payload(&context_, msg.payload, conn.receipt_for(msg.payload.size()));
  if (!element) {
    note_drop(counters_.undecodable, "payload does not decode", origin());
    answer_with_error(conn, msg.header, make_error(errc::serialization_failed));
    return;
  }
  auto found = endpoints_of(from, conn, msg.header);
  if (!found.dest) {
    auto what = msg.header.dest_name.empty()
                  ? "no actor " + std::to_string(msg.header.dest_id)
                  : "no actor registered as '" + std::string{msg.header.dest_name} + "'";
    note_drop(counters_.unknown_destination, what, origin());
    answer_with_error(conn, msg.header,
                      msg.header.dest_name.empty()
                        ? caf::error{caf::sec::request_receiver_down}
                        : make_error(errc::unknown_name, what + " on " + self_.str()));
    return;
  }
  counters_.delivered.fetch_add(1, std::memory_order_relaxed);
  auto& dest = *found.dest->get();
  element->sender = std::move(found.sender);
  element->mid = mid;
  unit.deliver(dest, std::move(element));
}

delivery_cache::endpoints message_path::endpoints_of(const session& from, const connection& conn,
                                                     const wire::message_header& header) {
  if (auto cached = last_delivery_.find(conn, header))
    return std::move(*cached);
  delivery_cache::endpoints found{resolve(header), nullptr};
  if (!found.dest)
    return found;
  if (header.sender_id != 0)
    found.sender = proxies_.get_or_put(from.runtime, header.sender_id);
  last_delivery_.keep(conn, header, found);
  return found;
}

void message_path::answer_with_error(connection& conn, const wire::message_header& header,
                                     caf::error error) {
  caf::message_id mid{header.message_id};
  if (!mid.is_request() || header.sender_id == 0)
    return;
  auto answer = caf::make_message(std::move(error));
  wire::message_header reply{{}, header.sender_id, 0, mid.response_id().integer_value()};
  conn.send([&](wire::byte_buffer& out) {
    auto start = wire::begin_message(out, reply);
    if (!encode_payload(&context_, answer, out))
      return false;
    wire::end_frame(out, start);
    return true;
  });
}

// -- refs ----------------------------------------------------------------------

caf::actor message_path::proxy_for(const remote_ref& ref, send_options options) {
  destination to{intern(ref.node()), std::nullopt, 0, {}};
  if (auto* pid = ref.actor()) {
    to.incarnation = pid->incarnation;
    to.actor_id = pid->id;
  } else {
    to.name = *ref.registered_name();
  }
  // A local forwarder: it exists before (and across) sessions with the node.
  caf::actor_config config;
  return caf::make_actor<remote_proxy, caf::actor>(system_.next_actor_id(), system_.node(),
                                                   &system_, config, shared_from_this(),
                                                   std::move(to), std::move(options));
}

remote_ref message_path::ref_of(const caf::strong_actor_ptr& actor) {
  export_sender(actor);
  return remote_ref{self_, remote_ref::pid{incarnation_, actor ? actor->id() : 0}};
}

node_stats message_path::stats() const {
  auto get = [](const std::atomic<std::uint64_t>& x) { return x.load(std::memory_order_relaxed); };
  return {.messages_sent = get(counters_.sent),
          .messages_delivered = get(counters_.delivered),
          .dropped_not_connected = get(counters_.not_connected),
          .dropped_unknown_destination = get(counters_.unknown_destination),
          .dropped_undecodable = get(counters_.undecodable),
          .dropped_stale_ref = get(counters_.stale_ref),
          .malformed_service_frames = get(counters_.malformed_service)};
}

void message_path::stop() {
  {
    std::lock_guard lock{peers_mutex_};
    for (auto& [name, p] : peers_)
      p->publish(nullptr);
    sessions_by_runtime_.clear();
  }
  proxies_.clear();
  names_.clear();
}

} // namespace troupe
