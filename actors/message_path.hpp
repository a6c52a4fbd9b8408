#pragma once

#include <atomic>
#include <chrono>
#include <expected>
#include <memory>
#include <map>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include <caf/actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/message_id.hpp>
#include <caf/proxy_registry.hpp>
#include <caf/scoped_execution_unit.hpp>

#include "actors/delivery_cache.hpp"
#include "actors/destination.hpp"
#include "actors/errors.hpp"
#include "actors/exported_actors.hpp"
#include "actors/io_execution_unit.hpp"
#include "actors/log.hpp"
#include "actors/name_registry.hpp"
#include "actors/node_stats.hpp"
#include "actors/send_options.hpp"
#include "protocols/remote_ref.hpp"
#include "protocols/wire/messages.hpp"

namespace troupe {

/// How actor messages cross between this node and its peers, both ways.
///
/// Sending runs on the sender's thread: find the peer's session, pick the
/// lane, serialize into the connection's buffer. Receiving runs on the I/O
/// thread: deserialize and enqueue into the destination's mailbox. Neither
/// direction goes through another actor. Remote actors appear to CAF as
/// proxies (CAF's proxy registry, fed by this class), so replies, request
/// timeouts and monitors of proxies work as CAF users expect.
class message_path final : public std::enable_shared_from_this<message_path>,
                           private caf::proxy_registry::backend {
public:
  message_path(caf::actor_system& system, node_name self, std::uint64_t incarnation,
               std::uint32_t max_frame_size, const logger& log);

  // -- peers and sessions ------------------------------------------------------

  /// The peer object for `name`, created on first use.
  std::shared_ptr<peer> intern(const node_name& name);

  /// Opens the session to senders.
  void publish(std::shared_ptr<const session> s);

  /// Closes it to senders and ends every proxy of the peer's run with `reason`.
  void retract(const session& s, const std::string& reason);

  /// The peers with a session open to senders.
  std::vector<node_name> connected() const;

  // -- sending (any thread) ----------------------------------------------------

  /// Sends `msg`; the error says why it did not leave this node.
  std::expected<void, errc> transmit(const destination& to, const send_options& options,
                                     const caf::strong_actor_ptr& sender, caf::message_id mid,
                                     caf::message& msg);

  /// Sends a frame of `service` to `peer` on the default channel, on the lane
  /// of `key` (so that it keeps its place among that key's messages). False
  /// if there is no session or the frame is larger than the peer accepts.
  bool transmit_service(const node_name& peer, wire::service_id service,
                        std::span<const char> body, std::uint64_t key);

  /// Accounts for a message that cannot be delivered: a request gets `why` as
  /// its answer, anything else is counted and logged as a drop.
  void undeliverable(const caf::strong_actor_ptr& sender, caf::message_id mid, errc why,
                     std::string_view detail);

  // -- receiving (I/O thread) --------------------------------------------------

  /// Deserializes `msg` and puts it into its destination's mailbox through
  /// `unit`, which runs the destination if that wakes it.
  void deliver(const session& from, connection& conn, const wire::decoded_message& msg,
               io_execution_unit& unit);

  // -- refs --------------------------------------------------------------------

  /// A local actor handle that forwards everything to `ref`.
  caf::actor proxy_for(const remote_ref& ref, send_options options);

  /// The pid ref of a local actor; remote nodes can address it from now on.
  remote_ref ref_of(const caf::strong_actor_ptr& actor);

  name_registry& names() noexcept { return names_; }

  const node_name& self() const noexcept { return self_; }

  /// The live local actor with `id` (exported, or in CAF's registry), or null.
  caf::strong_actor_ptr local_actor(std::uint64_t id) const;

  /// Counts and logs a service frame from `from` that did not decode.
  void note_malformed_service(std::string_view service, const node_name& from);

  node_stats stats() const;

  /// Ends all proxies and registrations; sends fail from now on.
  void stop();

private:
  // caf::proxy_registry::backend: proxies for actors named in incoming messages.
  caf::strong_actor_ptr make_proxy(caf::node_id nid, caf::actor_id aid) override;
  void set_last_hop(caf::node_id*) override {}

  std::uint64_t export_sender(const caf::strong_actor_ptr& sender);
  caf::strong_actor_ptr resolve(const wire::message_header& header) const;
  /// The destination (null if there is none) and the sender's proxy.
  delivery_cache::endpoints endpoints_of(const session& from, const connection& conn,
                                         const wire::message_header& header);
  void answer_with_error(connection& conn, const wire::message_header& header,
                         caf::error error);
  void note_drop(std::atomic<std::uint64_t>& counter, std::string_view reason,
                 std::string_view detail);

  caf::actor_system& system_;
  node_name self_;
  std::uint64_t incarnation_;
  std::uint32_t max_frame_size_;
  const logger& log_;
  name_registry names_;
  exported_actors exported_;
  caf::proxy_registry proxies_;
  caf::scoped_execution_unit context_;
  delivery_cache last_delivery_; ///< I/O thread

  mutable std::mutex peers_mutex_;
  std::unordered_map<node_name, std::shared_ptr<peer>> peers_;
  std::map<caf::node_id, std::shared_ptr<const session>> sessions_by_runtime_;

  struct counters {
    std::atomic<std::uint64_t> sent{0};
    std::atomic<std::uint64_t> delivered{0};
    std::atomic<std::uint64_t> not_connected{0};
    std::atomic<std::uint64_t> unknown_destination{0};
    std::atomic<std::uint64_t> undecodable{0};
    std::atomic<std::uint64_t> stale_ref{0};
    std::atomic<std::uint64_t> malformed_service{0};
  } counters_;

  // Drops are logged at most once a second per counter, with the count since.
  struct drop_report {
    std::chrono::steady_clock::time_point last;
    std::uint64_t unreported = 0;
  };
  std::mutex drop_log_mutex_;
  std::unordered_map<const std::atomic<std::uint64_t>*, drop_report> drop_log_;
};

} // namespace troupe
