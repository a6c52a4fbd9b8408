#pragma once

#include <atomic>
#include <expected>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <caf/actor_system.hpp>

#include "actors/connection.hpp"
#include "actors/errors.hpp"
#include "actors/io_execution_unit.hpp"
#include "actors/io_thread.hpp"
#include "actors/log.hpp"
#include "actors/message_path.hpp"
#include "actors/monitor_service.hpp"
#include "actors/node_config.hpp"
#include "actors/partition.hpp"
#include "actors/peer_event.hpp"
#include "actors/session.hpp"
#include "protocols/cookie.hpp"
#include "protocols/peer_address.hpp"
#include "protocols/peer_directory.hpp"

namespace troupe {

/// The node's machinery: listening, dialing, handshakes, sessions,
/// heartbeats, pings and peer events, all on one I/O thread that owns this
/// state, so no lock guards it. The message path (message_path) is the part
/// other threads use directly.
class node_runtime final : public std::enable_shared_from_this<node_runtime>,
                           private connection::owner {
public:
  using connect_result = std::expected<void, connect_error>;
  using connect_callback = std::function<void(connect_result)>;

  /// Validates `config`, binds the listen addresses and starts the I/O thread.
  static std::expected<std::shared_ptr<node_runtime>, start_error>
  start(caf::actor_system& system, const node_config& config);

  ~node_runtime() override;

  /// Says goodbye to every peer, closes everything and joins the I/O thread
  /// (unless called on it). Idempotent.
  void stop();

  const wire::node_identity& identity() const noexcept { return identity_; }
  const node_config& config() const noexcept { return config_; }
  bool running() const noexcept { return running_; }
  bool on_io_thread() const noexcept { return loop_.in_loop(); }
  const logger& log() const noexcept { return log_; }
  const std::shared_ptr<message_path>& messages() const noexcept { return messages_; }
  const std::shared_ptr<monitor_service>& monitors() const noexcept { return monitors_; }

  // -- control: any thread; callbacks run on the I/O thread ----------------------

  void connect(peer_address target, connect_callback done);
  void ping(const node_name& peer, std::function<void(bool)> done);
  /// Closes the session with `peer`, saying goodbye; `done(false)` if there was none.
  void disconnect(const node_name& peer, std::function<void(bool)> done);
  void add_listener(peer_listener listener);

  // -- injected partitions (tests); `done` runs on the I/O thread ---------------
  void inject_partition(const node_name& peer, proto::duration ttl,
                        std::function<void(partition_ref)> done);
  void resolve_partition(partition_ref ref, std::function<void(bool)> done);
  void partitions(std::function<void(std::vector<partition>)> done);
  /// Installs the handler of `service`'s frames (replacing any earlier one).
  void on_service(wire::service_id service, service_handler handler);
  std::uint64_t handshakes_refused() const noexcept { return handshakes_refused_; }
  std::uint64_t service_frames_dropped() const noexcept { return unknown_service_frames_; }

private:
  struct dial {
    std::uint64_t id; ///< the session id its connections carry
    peer_address target;
    std::vector<connect_callback> waiters;
    std::optional<node_name> peer; ///< from the target, or learned in the handshake
    bool crossed = false;          ///< lost a crossed dial: waits for the peer's session
    asio::steady_timer deadline;
    asio::ip::tcp::resolver::results_type endpoints;
  };

  struct pending_ping {
    node_name peer;
    std::function<void(bool)> done;
    std::unique_ptr<asio::steady_timer> timeout;
  };

  node_runtime(caf::actor_system& system, node_config config, proto::cookie cookie,
               node_name name);

  // -- startup -----------------------------------------------------------------
  std::optional<start_error> listen();
  void accept(asio::ip::tcp::acceptor& acceptor);
  void schedule_tick();

  // -- dialing -----------------------------------------------------------------
  void start_dial(peer_address target, connect_callback done);
  void open_lane(dial& d, wire::connection_slot slot);
  void open_other_lanes(std::uint64_t session_id);
  void dial_ended(std::uint64_t id, const close_reason& reason,
                  const std::optional<wire::node_identity>& peer);
  void finish_dial(std::uint64_t id, connect_result result);
  dial* find_dial(std::uint64_t id);

  // -- connection::owner -------------------------------------------------------
  void on_authenticated(connection& conn) override;
  void on_established(connection& conn) override;
  void on_message(connection& conn, const wire::decoded_message& msg) override;
  void on_pong(connection& conn, std::uint64_t id) override;
  void on_service(connection& conn, const wire::decoded_service& msg) override;
  void on_closed(connection& conn, const close_reason& reason) override;

  // -- sessions ----------------------------------------------------------------
  std::shared_ptr<connection> make_connection(asio::ip::tcp::socket socket,
                                              proto::handshake handshake);
  std::optional<std::string> runtime_id_problem(const wire::node_identity& peer);
  void add_to_session(connection& conn);
  session* session_of(const connection& conn);
  void session_up(const std::shared_ptr<session>& s);
  void close_session(std::uint64_t id, const std::string& reason);
  void end_session(std::uint64_t id, bool was_up, const std::string& reason);
  void settle(const wire::node_identity& peer, const std::string& reason);
  void fail_pings(const node_name& peer);
  bool partitioned(const node_name& peer) const;
  void mute_sessions(const node_name& peer, bool on);
  void expire_partitions(proto::time_point now);
  void finish_ping(std::uint64_t id, bool answered);
  void emit(const peer_event& event);
  wire::nonce fresh_nonce();

  caf::actor_system& system_;
  node_config config_;
  logger log_;
  proto::cookie cookie_;
  wire::node_identity identity_;
  connection_limits limits_;
  connection::waiting_senders waiting_senders_ = std::make_shared<std::atomic<int>>(0);
  std::shared_ptr<message_path> messages_;
  std::shared_ptr<monitor_service> monitors_;
  std::atomic<bool> running_{false};
  std::atomic<std::uint64_t> handshakes_refused_{0};

  /// Shared with the connections (see connection's constructor).
  std::shared_ptr<asio::io_context> io_owner_ = std::make_shared<asio::io_context>();
  asio::io_context& io_ = *io_owner_;
  io_thread loop_;
  io_execution_unit io_unit_; ///< runs actors woken by deliveries
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::list<asio::ip::tcp::acceptor> acceptors_;
  asio::steady_timer tick_timer_;

  // Owned by the I/O thread.
  proto::peer_directory directory_;
  std::unordered_set<std::shared_ptr<connection>> connections_;
  std::unordered_map<std::uint64_t, std::shared_ptr<session>> sessions_;
  std::unordered_map<std::uint64_t, std::unique_ptr<dial>> dials_;
  std::unordered_map<std::uint64_t, pending_ping> pings_;
  /// Peers (and their incarnation) that listeners heard come up and not yet down.
  std::unordered_map<node_name, std::uint64_t> reported_up_;
  std::uint64_t next_ping_id_ = 1;
  std::map<std::uint64_t, partition> partitions_;
  std::uint64_t next_partition_id_ = 1;
  std::mt19937_64 ids_;

  std::unordered_map<std::uint8_t, service_handler> services_; ///< I/O thread
  std::atomic<std::uint64_t> unknown_service_frames_{0};

  std::mutex listeners_mutex_;
  std::vector<peer_listener> listeners_;
};

} // namespace troupe
