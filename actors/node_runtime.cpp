#include "actors/node_runtime.hpp"

#include <algorithm>
#include <set>

#include <asio/connect.hpp>
#include <asio/post.hpp>
#include <openssl/rand.h>

#include "actors/runtime_id.hpp"

namespace troupe {

namespace {

// One node per actor system: the node's identity is the system's.
std::mutex started_mutex;
std::set<const caf::actor_system*> started_systems;

std::uint64_t new_incarnation() {
  // Microseconds since the epoch: a restarted node gets a larger number.
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                      std::chrono::system_clock::now().time_since_epoch())
                                      .count());
}

start_error bind_error(const std::string& address, const asio::error_code& error) {
  auto message = "cannot listen on " + address + ": " + error.message();
  if (error == asio::error::address_in_use)
    return {start_error::code::address_in_use, message};
  if (error == asio::error::access_denied || error == asio::error::no_permission)
    return {start_error::code::system_error, message};
  return {start_error::code::network_error, message};
}

connect_error::code code_of(wire::refusal refusal) {
  using enum wire::refusal;
  switch (refusal) {
    case auth_failed: return connect_error::code::auth_failed;
    case version_mismatch: return connect_error::code::version_mismatch;
    case duplicate_name: return connect_error::code::duplicate_name;
    case self_connection: return connect_error::code::self_connection;
    case wrong_node: return connect_error::code::wrong_node;
    case already_connected: return connect_error::code::ignored;
    default: return connect_error::code::refused;
  }
}

connect_error dial_error(const std::string& target, const asio::error_code& error) {
  auto message = "cannot reach " + target + ": " + error.message();
  if (error == asio::error::connection_refused || error == asio::error::host_not_found
      || error == asio::error::host_not_found_try_again || error == asio::error::host_unreachable
      || error == asio::error::network_unreachable)
    return {connect_error::code::not_found, message};
  if (error == asio::error::timed_out)
    return {connect_error::code::timeout, message};
  return {connect_error::code::network_error, message};
}

} // namespace

// -- lifecycle -------------------------------------------------------------------

node_runtime::node_runtime(caf::actor_system& system, node_config config, proto::cookie cookie,
                           node_name name)
  : system_(system), config_(std::move(config)), log_(name.str(), config_.log),
    cookie_(std::move(cookie)),
    identity_{name, new_incarnation(), {}, runtime_id_of(system), config_.channels,
              config_.parallelism},
    limits_{config_.max_frame_size, config_.send_buffer_limit, config_.receive_buffer_limit,
            config_.handshake_timeout, {config_.heartbeat_interval, config_.idle_timeout}},
    messages_(std::make_shared<message_path>(system, name, identity_.incarnation,
                                             config_.max_frame_size, log_)),
    monitors_(std::make_shared<monitor_service>(system, messages_, identity_.incarnation)),
    loop_(io_,
          [this](const std::exception& error) {
            log_.error("I/O thread: unhandled exception: {}", error.what());
          }),
    io_unit_(system, loop_, config_.inline_delivery_budget), work_(io_.get_executor()),
    tick_timer_(io_), directory_(identity_),
    ids_(std::random_device{}()) {}

std::expected<std::shared_ptr<node_runtime>, start_error>
node_runtime::start(caf::actor_system& system, const node_config& config) {
  using code = start_error::code;
  auto name = node_name::parse(config.name);
  if (!name)
    return std::unexpected{start_error{code::invalid_name, name.error()}};
  if (config.cookie.size() > proto::cookie::max_size)
    return std::unexpected{start_error{code::cookie_too_long, "the cookie is longer than 255 bytes"}};
  auto cookie = proto::cookie::make(config.cookie);
  if (!cookie)
    return std::unexpected{start_error{code::invalid_config, cookie.error()}};
  if (auto problem = config.validate())
    return std::unexpected{start_error{code::invalid_config, *problem}};
  if (system.node() == caf::node_id{})
    return std::unexpected{start_error{code::invalid_config,
                                       "the actor system has no node id: build its config "
                                       "from troupe::config (or load caf::io::middleman)"}};
  {
    std::lock_guard lock{started_mutex};
    if (!started_systems.insert(&system).second)
      return std::unexpected{start_error{code::already_started,
                                         "this actor system already runs a node"}};
  }
  std::shared_ptr<node_runtime> runtime{
    new node_runtime(system, config, std::move(*cookie), std::move(*name))};
  if (auto failed = runtime->listen()) {
    std::lock_guard lock{started_mutex};
    started_systems.erase(&system);
    return std::unexpected{std::move(*failed)};
  }
  runtime->add_listener([monitors = runtime->monitors_](const peer_event& event) {
    monitors->on_peer_event(event);
  });
  runtime->services_[static_cast<std::uint8_t>(wire::service_id::monitors)] =
    [monitors = runtime->monitors_](const node_name& from, std::span<const char> body) {
      monitors->on_frame(from, body);
    };
  runtime->running_ = true;
  for (auto& acceptor : runtime->acceptors_)
    runtime->accept(acceptor);
  runtime->schedule_tick();
  runtime->loop_.start();
  runtime->log_.info("started, incarnation {}, listening on {}", runtime->identity_.incarnation,
                     fmt::join(runtime->identity_.listen, ", "));
  return runtime;
}

std::optional<start_error> node_runtime::listen() {
  asio::ip::tcp::resolver resolver{io_};
  for (const auto& text : config_.listen) {
    auto address = *peer_address::parse_listen(text); // validated by node_config
    asio::error_code error;
    auto endpoints = resolver.resolve(address.host, std::to_string(address.port),
                                      asio::ip::tcp::resolver::passive, error);
    if (error || endpoints.empty())
      return start_error{start_error::code::network_error,
                         "cannot resolve listen address " + text + ": " + error.message()};
    auto endpoint = endpoints.begin()->endpoint();
    auto& acceptor = acceptors_.emplace_back(io_);
    acceptor.open(endpoint.protocol(), error);
    if (!error)
      acceptor.set_option(asio::ip::tcp::acceptor::reuse_address{true}, error);
    if (!error)
      acceptor.bind(endpoint, error);
    if (!error)
      acceptor.listen(asio::socket_base::max_listen_connections, error);
    if (error)
      return bind_error(text, error);
    auto bound = acceptor.local_endpoint(error);
    // A wildcard address is no address to dial: advertise the node's host.
    auto host = bound.address().is_unspecified() ? std::string{identity_.name.host()}
                                                 : bound.address().to_string();
    identity_.listen.push_back(peer_address{std::nullopt, host, bound.port()}.endpoint());
  }
  return std::nullopt;
}

node_runtime::~node_runtime() {
  stop();
}

void node_runtime::stop() {
  if (running_.exchange(false)) {
    log_.info("stopping");
    asio::post(io_, [this] {
      for (auto& acceptor : acceptors_)
        acceptor.close();
      tick_timer_.cancel();
      std::vector<std::uint64_t> ids;
      for (auto& [id, s] : sessions_)
        ids.push_back(id);
      for (auto id : ids)
        close_session(id, "node stopping");
      for (auto conn : std::vector(connections_.begin(), connections_.end()))
        conn->shutdown("node stopping");
      while (!dials_.empty())
        finish_dial(dials_.begin()->first,
                    std::unexpected{connect_error{connect_error::code::not_started, "node stopped"}});
      while (!pings_.empty())
        finish_ping(pings_.begin()->first, false);
      work_.reset();
    });
    std::lock_guard lock{started_mutex};
    started_systems.erase(&system_);
  }
  if (loop_.join())
    messages_->stop();
}

void node_runtime::schedule_tick() {
  tick_timer_.expires_after(proto::liveness::tick_period(limits_.liveness));
  tick_timer_.async_wait([this](const asio::error_code& error) {
    if (error || !running_)
      return;
    auto now = proto::clock::now();
    for (auto conn : std::vector(connections_.begin(), connections_.end()))
      conn->tick(now);
    expire_partitions(now);
    schedule_tick();
  });
}

// -- accepting -----------------------------------------------------------------

void node_runtime::accept(asio::ip::tcp::acceptor& acceptor) {
  acceptor.async_accept([this, &acceptor](const asio::error_code& error,
                                          asio::ip::tcp::socket socket) {
    if (!running_ || error == asio::error::operation_aborted)
      return;
    if (error) {
      // Out of descriptors, say: keep the node alive and try again shortly.
      log_.warning("accept failed: {}", error.message());
      auto retry = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds{100});
      retry->async_wait([this, &acceptor, retry](const asio::error_code&) {
        if (running_)
          accept(acceptor);
      });
      return;
    }
    make_connection(std::move(socket), proto::handshake::accept(identity_, cookie_, fresh_nonce()))
      ->start();
    accept(acceptor);
  });
}

std::shared_ptr<connection> node_runtime::make_connection(asio::ip::tcp::socket socket,
                                                          proto::handshake handshake) {
  connection::owner& owner = *this;
  auto conn = std::make_shared<connection>(io_owner_, loop_, std::move(socket), owner,
                                           std::move(handshake), limits_, waiting_senders_);
  connections_.insert(conn);
  return conn;
}

wire::nonce node_runtime::fresh_nonce() {
  wire::nonce nonce;
  if (RAND_bytes(nonce.data(), static_cast<int>(nonce.size())) != 1)
    throw std::runtime_error{"OpenSSL could not produce random bytes for a nonce"};
  return nonce;
}

// -- dialing -------------------------------------------------------------------

void node_runtime::connect(peer_address target, connect_callback done) {
  asio::post(io_, [this, target = std::move(target), done = std::move(done)]() mutable {
    auto ignored = [&](std::string why) {
      done(std::unexpected{connect_error{connect_error::code::ignored, std::move(why)}});
    };
    if (!running_)
      return done(std::unexpected{connect_error{connect_error::code::not_started, "node stopped"}});
    if (target.name && *target.name == identity_.name)
      return ignored(target.name->str() + " is this node");
    if (target.name && messages_->intern(*target.name)->current())
      return ignored("already connected to " + target.name->str());
    if (target.name && partitioned(*target.name))
      return done(std::unexpected{connect_error{connect_error::code::refused,
                                                "partitioned from " + target.name->str()
                                                  + " (injected)"}});
    for (auto& [id, d] : dials_)
      if (d->target == target)
        return d->waiters.push_back(std::move(done));
    start_dial(std::move(target), std::move(done));
  });
}

void node_runtime::start_dial(peer_address target, connect_callback done) {
  auto id = ids_();
  auto [entry, _] = dials_.emplace(
    id, std::unique_ptr<dial>{new dial{id, target, {}, target.name, false, asio::steady_timer{io_}, {}}});
  auto& d = *entry->second;
  d.waiters.push_back(std::move(done));
  d.deadline.expires_after(config_.connect_timeout);
  d.deadline.async_wait([this, id](const asio::error_code& error) {
    if (error)
      return;
    auto* d = find_dial(id);
    auto text = "no session with " + (d ? d->target.to_string() : std::string{"?"})
                + " within the connect timeout";
    finish_dial(id, std::unexpected{connect_error{connect_error::code::timeout, text}});
    close_session(id, "connect timed out");
  });
  auto resolver = std::make_shared<asio::ip::tcp::resolver>(io_);
  resolver->async_resolve(
    target.host, std::to_string(target.port),
    [this, id, resolver](const asio::error_code& error,
                         asio::ip::tcp::resolver::results_type endpoints) {
      auto* d = find_dial(id);
      if (!d)
        return;
      if (error)
        return finish_dial(id, std::unexpected{dial_error(d->target.to_string(), error)});
      d->endpoints = std::move(endpoints);
      open_lane(*d, {id, 0, 0});
    });
}

void node_runtime::open_lane(dial& d, wire::connection_slot slot) {
  auto socket = std::make_shared<asio::ip::tcp::socket>(io_);
  asio::async_connect(*socket, d.endpoints,
                      [this, id = d.id, slot, socket](const asio::error_code& error,
                                                      const asio::ip::tcp::endpoint&) {
                        auto* d = find_dial(id);
                        if (!d)
                          return;
                        if (error) {
                          auto failure = dial_error(d->target.to_string(), error);
                          finish_dial(id, std::unexpected{failure});
                          close_session(id, failure.message);
                          return;
                        }
                        auto expected = d->target.name ? d->target.name->str() : std::string{};
                        auto handshake = proto::handshake::initiate(identity_, cookie_,
                                                                    fresh_nonce(), expected, slot);
                        make_connection(std::move(*socket), std::move(handshake))->start();
                      });
}

void node_runtime::open_other_lanes(std::uint64_t session_id) {
  auto* d = find_dial(session_id);
  if (!d) {
    close_session(session_id, "the dial ended before all lanes were open");
    return;
  }
  for (std::uint16_t channel = 0; channel < identity_.channels.size(); ++channel)
    for (std::uint16_t lane = 0; lane < identity_.parallelism; ++lane)
      if (channel != 0 || lane != 0)
        open_lane(*d, {session_id, channel, lane});
}

void node_runtime::dial_ended(std::uint64_t id, const close_reason& reason,
                              const std::optional<wire::node_identity>& peer) {
  auto* d = find_dial(id);
  if (!d || d->crossed)
    return;
  if (reason.refusal == wire::refusal::crossed_dial && peer) {
    // The peer's own dial wins: this connect succeeds when its session is up.
    d->crossed = true;
    d->peer = peer->name;
    return;
  }
  using code = connect_error::code;
  auto what = reason.refusal ? code_of(*reason.refusal)
                             : reason.timed_out ? code::timeout : code::network_error;
  finish_dial(id, std::unexpected{connect_error{what, reason.text}});
}

void node_runtime::finish_dial(std::uint64_t id, connect_result result) {
  auto found = dials_.find(id);
  if (found == dials_.end())
    return;
  auto d = std::move(found->second);
  dials_.erase(found);
  d->deadline.cancel();
  if (!result)
    log_.info("connect to {} failed: {}", d->target.to_string(), result.error().message);
  for (auto& done : d->waiters)
    done(result);
}

node_runtime::dial* node_runtime::find_dial(std::uint64_t id) {
  auto found = dials_.find(id);
  return found == dials_.end() ? nullptr : found->second.get();
}

// -- connection events ---------------------------------------------------------

void node_runtime::on_authenticated(connection& conn) {
  const auto& peer = *conn.peer();
  if (auto problem = runtime_id_problem(peer)) {
    log_.warning("refusing {}: {}", peer.name.str(), *problem);
    conn.refuse(wire::refusal::protocol_error, *problem);
    return;
  }
  if (partitioned(peer.name)) {
    conn.refuse(wire::refusal::partitioned, "an injected partition is in place");
    return;
  }
  auto verdict = directory_.on_authenticated(conn.slot().session_id, conn.outbound(), peer,
                                             conn.slot());
  if (verdict.refusal) {
    if (conn.outbound())
      log_.info("dropping the dial to {}: {}", peer.name.str(), verdict.detail);
    else
      log_.info("refusing the connection from {}: {}", peer.name.str(), verdict.detail);
    conn.refuse(*verdict.refusal, verdict.detail);
    return;
  }
  for (const auto& loser : verdict.superseded) {
    // A dial of ours that lost now waits for the winning session.
    if (auto* d = find_dial(loser.id)) {
      d->crossed = true;
      d->peer = loser.peer.name;
    }
    end_session(loser.id, loser.up, "replaced by the crossed dial of the lower-named node");
  }
  add_to_session(conn);
  conn.admit();
}

std::optional<std::string> node_runtime::runtime_id_problem(const wire::node_identity& peer) {
  // Proxies and actors inside messages are told apart by runtime id: a peer
  // must not pose as this node or as another peer.
  auto runtime = parse_runtime_id(system_, peer.runtime_id);
  if (runtime == caf::node_id{})
    return "its runtime id is malformed";
  if (runtime == system_.node())
    return "its runtime id is this node's";
  for (const auto& [id, s] : sessions_)
    if (s->runtime == runtime && s->peer.name != peer.name)
      return "its runtime id is " + s->peer.name.str() + "'s";
  return std::nullopt;
}

void node_runtime::add_to_session(connection& conn) {
  const auto& slot = conn.slot();
  auto& s = sessions_[slot.session_id];
  if (!s) {
    const auto& peer = *conn.peer();
    const auto& dialer = conn.outbound() ? identity_ : peer;
    s = std::make_shared<session>(session{.id = slot.session_id,
                                          .peer = peer,
                                          .runtime = parse_runtime_id(system_, peer.runtime_id),
                                          .outbound = conn.outbound(),
                                          .channels = dialer.channels,
                                          .parallelism = dialer.parallelism,
                                          .lanes = {}});
    s->lanes.resize(s->channels.size() * s->parallelism);
    if (auto* d = find_dial(slot.session_id))
      d->peer = peer.name;
  }
  s->lanes[s->index(slot)] = conn.shared_from_this();
}

session* node_runtime::session_of(const connection& conn) {
  auto found = sessions_.find(conn.slot().session_id);
  if (found == sessions_.end())
    return nullptr;
  auto& s = *found->second;
  auto index = s.index(conn.slot());
  return index < s.lanes.size() && s.lanes[index].get() == &conn ? &s : nullptr;
}

void node_runtime::on_established(connection& conn) {
  if (!session_of(conn))
    return;
  auto s = sessions_.at(conn.slot().session_id);
  if (directory_.on_established(s->id, conn.slot()))
    session_up(s);
  else if (conn.outbound() && conn.slot().channel == 0 && conn.slot().lane == 0)
    open_other_lanes(s->id);
}

void node_runtime::on_message(connection& conn, const wire::decoded_message& msg) {
  if (auto* s = session_of(conn))
    messages_->deliver(*s, conn, msg, io_unit_);
}

void node_runtime::on_service(connection& conn, const wire::decoded_service& msg) {
  auto* s = session_of(conn);
  if (!s)
    return;
  auto handler = services_.find(msg.service);
  if (handler == services_.end()) {
    unknown_service_frames_.fetch_add(1, std::memory_order_relaxed);
    log_.debug("dropped a frame of service {} from {}: not running here", msg.service,
               s->peer.name.str());
    return;
  }
  handler->second(s->peer.name, msg.body);
}

void node_runtime::on_service(wire::service_id service, service_handler handler) {
  asio::post(io_, [this, service, handler = std::move(handler)]() mutable {
    services_[static_cast<std::uint8_t>(service)] = std::move(handler);
  });
}

void node_runtime::on_pong(connection&, std::uint64_t id) {
  finish_ping(id, true);
}

void node_runtime::finish_ping(std::uint64_t id, bool answered) {
  auto found = pings_.find(id);
  if (found == pings_.end())
    return;
  auto ping = std::move(found->second);
  pings_.erase(found);
  ping.timeout->cancel();
  ping.done(answered);
}

void node_runtime::on_closed(connection& conn, const close_reason& reason) {
  auto self = conn.shared_from_this();
  connections_.erase(self);
  if (reason.refusal && !reason.refused_by_peer)
    handshakes_refused_.fetch_add(1, std::memory_order_relaxed);
  const auto& slot = conn.slot();
  if (session_of(conn))
    close_session(slot.session_id, reason.text);
  else if (conn.outbound() && (slot.channel != 0 || slot.lane != 0))
    close_session(slot.session_id, "a lane failed: " + reason.text);
  // A dial still waiting learns why its connection ended.
  if (conn.outbound())
    dial_ended(slot.session_id, reason, conn.peer());
  if (conn.peer())
    settle(*conn.peer(), reason.text);
}

// -- sessions ------------------------------------------------------------------

void node_runtime::session_up(const std::shared_ptr<session>& s) {
  messages_->publish(s);
  // A session that replaced another (crossed dials) is no news to listeners.
  if (reported_up_.emplace(s->peer.name, s->peer.incarnation).second) {
    log_.info("connected to {} (incarnation {}, {} connection(s))", s->peer.name.str(),
              s->peer.incarnation, s->lanes.size());
    emit({peer_event::kind::up, s->peer.name, {}});
  }
  std::vector<std::uint64_t> done;
  for (auto& [id, d] : dials_)
    if (id == s->id || d->peer == s->peer.name)
      done.push_back(id);
  for (auto id : done)
    finish_dial(id, {});
}

void node_runtime::close_session(std::uint64_t id, const std::string& reason) {
  auto record = directory_.on_closed(id);
  end_session(id, record && record->up, reason);
}

void node_runtime::end_session(std::uint64_t id, bool was_up, const std::string& reason) {
  auto found = sessions_.find(id);
  if (found == sessions_.end())
    return;
  auto s = std::move(found->second);
  sessions_.erase(found);
  if (was_up)
    messages_->retract(*s, reason);
  for (auto& lane : s->lanes)
    if (lane)
      lane->shutdown(reason);
  settle(s->peer, reason);
}

void node_runtime::settle(const wire::node_identity& peer, const std::string& reason) {
  auto reported = reported_up_.find(peer.name);
  if (reported == reported_up_.end() || reported->second != peer.incarnation)
    return;
  // Crossed dials replace one session by another: while the new one is on
  // its way (in the directory, or still shaking hands), the peer is not down.
  if (directory_.find(peer.name))
    return;
  for (const auto& conn : connections_)
    if (!conn->closing() && conn->peer() && conn->peer()->name == peer.name
        && conn->peer()->incarnation == peer.incarnation)
      return;
  reported_up_.erase(reported);
  fail_pings(peer.name);
  log_.info("lost {}: {}", peer.name.str(), reason);
  emit({peer_event::kind::down, peer.name, reason});
}

void node_runtime::fail_pings(const node_name& peer) {
  std::vector<std::uint64_t> failed;
  for (auto& [id, ping] : pings_)
    if (ping.peer == peer)
      failed.push_back(id);
  for (auto id : failed)
    finish_ping(id, false);
}

void node_runtime::ping(const node_name& peer, std::function<void(bool)> done) {
  asio::post(io_, [this, peer, done = std::move(done)]() mutable {
    auto s = running_ ? messages_->intern(peer)->current() : nullptr;
    if (!s)
      return done(false);
    auto id = next_ping_id_++;
    auto timeout = std::make_unique<asio::steady_timer>(io_, config_.ping_timeout);
    timeout->async_wait([this, id](const asio::error_code& error) {
      if (!error)
        finish_ping(id, false);
    });
    pings_.emplace(id, pending_ping{peer, std::move(done), std::move(timeout)});
    s->lanes.front()->send_ping(id);
  });
}

void node_runtime::disconnect(const node_name& peer, std::function<void(bool)> done) {
  asio::post(io_, [this, peer, done = std::move(done)] {
    for (auto& [id, s] : sessions_)
      if (s->peer.name == peer) {
        close_session(id, "disconnected by " + identity_.name.str());
        return done(true);
      }
    done(false);
  });
}

// -- injected partitions -----------------------------------------------------------

void node_runtime::inject_partition(const node_name& peer, proto::duration ttl,
                                    std::function<void(partition_ref)> done) {
  asio::post(io_, [this, peer, ttl, done = std::move(done)] {
    partition_ref ref{next_partition_id_++};
    partitions_.insert_or_assign(ref.id, partition{ref, peer, proto::clock::now() + ttl});
    log_.info("partition {} from {} injected for {} ms", ref.id, peer.str(),
              std::chrono::duration_cast<std::chrono::milliseconds>(ttl).count());
    mute_sessions(peer, true);
    done(ref);
  });
}

void node_runtime::resolve_partition(partition_ref ref, std::function<void(bool)> done) {
  asio::post(io_, [this, ref, done = std::move(done)] {
    auto found = partitions_.find(ref.id);
    if (found == partitions_.end())
      return done(false);
    auto peer = found->second.peer;
    partitions_.erase(found);
    log_.info("partition {} from {} resolved", ref.id, peer.str());
    if (!partitioned(peer))
      mute_sessions(peer, false);
    done(true);
  });
}

void node_runtime::partitions(std::function<void(std::vector<partition>)> done) {
  asio::post(io_, [this, done = std::move(done)] {
    std::vector<partition> result;
    for (const auto& [id, p] : partitions_)
      result.push_back(p);
    done(std::move(result));
  });
}

bool node_runtime::partitioned(const node_name& peer) const {
  return std::ranges::any_of(partitions_, [&](const auto& entry) { return entry.second.peer == peer; });
}

void node_runtime::mute_sessions(const node_name& peer, bool on) {
  std::vector<std::uint64_t> cut;
  for (auto& [id, s] : sessions_)
    if (s->peer.name == peer) {
      for (auto& lane : s->lanes)
        if (lane)
          lane->mute(on);
      cut.push_back(id);
    }
  // A link that lived through a partition may have lost part of a frame.
  if (!on)
    for (auto id : cut)
      close_session(id, "partition resolved");
}

void node_runtime::expire_partitions(proto::time_point now) {
  std::vector<partition_ref> expired;
  for (const auto& [id, p] : partitions_)
    if (p.until <= now)
      expired.push_back(p.ref);
  for (auto ref : expired)
    resolve_partition(ref, [](bool) {});
}

void node_runtime::add_listener(peer_listener listener) {
  std::lock_guard lock{listeners_mutex_};
  listeners_.push_back(std::move(listener));
}

void node_runtime::emit(const peer_event& event) {
  std::vector<peer_listener> listeners;
  {
    std::lock_guard lock{listeners_mutex_};
    listeners = listeners_;
  }
  for (auto& listener : listeners)
    listener(event);
}

} // namespace troupe
