#include "actors/node.hpp"

#include <future>

#include <caf/actor_cast.hpp>
#include <caf/message_id.hpp>

#include "actors/node_runtime.hpp"

namespace troupe {

namespace {

/// Extra time a blocking call gives the I/O thread beyond the operation's own
/// timeout, before it concludes the thread is gone.
constexpr auto margin = std::chrono::seconds{1};

} // namespace

std::expected<node, start_error> node::start(caf::actor_system& system,
                                             const node_config& config) {
  auto runtime = node_runtime::start(system, config);
  if (!runtime)
    return std::unexpected{runtime.error()};
  return node{std::move(*runtime)};
}

node::node(std::shared_ptr<node_runtime> runtime) : runtime_(std::move(runtime)) {}

node::node(node&&) noexcept = default;

node& node::operator=(node&& other) noexcept {
  if (this != &other) {
    stop();
    runtime_ = std::move(other.runtime_);
  }
  return *this;
}

node::~node() {
  stop();
}

void node::stop() {
  if (runtime_)
    runtime_->stop();
}

const node_name& node::name() const {
  return runtime_->identity().name;
}

node_spec node::spec() const {
  const auto& id = runtime_->identity();
  return {id.name, id.incarnation, id.listen, id.channels, id.parallelism};
}

// -- health --------------------------------------------------------------------

void node::connect(std::string_view target, std::function<void(connect_result)> done) {
  auto address = peer_address::parse(target);
  if (!address) {
    auto why = node_name::parse(target) ? "no port for " + std::string{target}
                                            + ": use name@host:port"
                                        : address.error();
    return done(std::unexpected{connect_error{connect_error::code::not_found, why}});
  }
  runtime_->connect(std::move(*address), std::move(done));
}

void node::connect(const peer_address& target, std::function<void(connect_result)> done) {
  runtime_->connect(target, std::move(done));
}

node::connect_result node::connect(std::string_view target) {
  if (runtime_->on_io_thread())
    return std::unexpected{connect_error{connect_error::code::network_error,
                                         "blocking connect on the node's I/O thread"}};
  auto promise = std::make_shared<std::promise<connect_result>>();
  auto result = promise->get_future();
  connect(target, [promise](connect_result r) { promise->set_value(std::move(r)); });
  if (result.wait_for(runtime_->config().connect_timeout + margin) != std::future_status::ready)
    return std::unexpected{connect_error{connect_error::code::not_started, "node stopped"}};
  return result.get();
}

bool node::ping(const node_name& peer) {
  if (runtime_->on_io_thread())
    return false;
  auto promise = std::make_shared<std::promise<bool>>();
  auto answered = promise->get_future();
  runtime_->ping(peer, [promise](bool ok) { promise->set_value(ok); });
  return answered.wait_for(runtime_->config().ping_timeout + margin) == std::future_status::ready
         && answered.get();
}

bool node::disconnect(const node_name& peer) {
  if (runtime_->on_io_thread())
    return false;
  auto promise = std::make_shared<std::promise<bool>>();
  auto closed = promise->get_future();
  runtime_->disconnect(peer, [promise](bool found) { promise->set_value(found); });
  return closed.wait_for(margin) == std::future_status::ready && closed.get();
}

void node::disconnect(const node_name& peer, std::function<void(bool)> done) {
  runtime_->disconnect(peer, std::move(done));
}

std::optional<node_spec> node::peer_spec(const node_name& peer) const {
  auto s = runtime_->messages()->intern(peer)->current();
  if (!s)
    return std::nullopt;
  const auto& id = s->peer;
  return node_spec{id.name, id.incarnation, id.listen, id.channels, id.parallelism};
}

std::vector<node_name> node::nodes() const {
  return runtime_->messages()->connected();
}

std::size_t node::connected_count() const {
  return nodes().size();
}

bool node::is_distributed() const {
  return runtime_->running();
}

cluster_health node::health() {
  cluster_health result{.self_node = name().str(), .is_distributed = is_distributed()};
  auto peers = nodes();
  std::vector<std::future<bool>> answers;
  for (const auto& peer : peers) {
    auto promise = std::make_shared<std::promise<bool>>();
    answers.push_back(promise->get_future());
    runtime_->ping(peer, [promise](bool ok) { promise->set_value(ok); });
  }
  auto deadline = std::chrono::steady_clock::now() + runtime_->config().ping_timeout + margin;
  for (std::size_t i = 0; i < peers.size(); ++i) {
    result.connected_nodes.push_back(peers[i].str());
    bool answered = answers[i].wait_until(deadline) == std::future_status::ready
                    && answers[i].get();
    (answered ? result.reachable_nodes : result.unreachable_nodes).push_back(peers[i].str());
  }
  result.connected_count = result.connected_nodes.size();
  return result;
}

bool node::is_healthy() const {
  return is_distributed() && connected_count() > 0;
}

// -- named actors --------------------------------------------------------------

std::expected<void, std::string> node::register_name(std::string_view name,
                                                     const caf::actor& who) {
  return runtime_->messages()->names().put(name, who);
}

bool node::unregister_name(std::string_view name) {
  return runtime_->messages()->names().erase(name);
}

caf::actor node::whereis(std::string_view name) const {
  return runtime_->messages()->names().get(name);
}

// -- remote actors and messages ------------------------------------------------

caf::actor node::remote_actor(const remote_ref& ref, send_options options) {
  return runtime_->messages()->proxy_for(ref, std::move(options));
}

remote_ref node::ref_of(const caf::actor& local) const {
  return runtime_->messages()->ref_of(caf::actor_cast<caf::strong_actor_ptr>(local));
}

bool node::is_local(const remote_ref& ref) const {
  if (ref.node() != name())
    return false;
  auto* pid = ref.actor();
  return pid == nullptr || pid->incarnation == runtime_->identity().incarnation;
}

std::expected<void, errc> node::forward_message(const remote_ref& to, caf::message msg,
                                                const send_options& options,
                                                const caf::strong_actor_ptr& sender) {
  auto& path = *runtime_->messages();
  destination dest{path.intern(to.node()), std::nullopt, 0, {}};
  if (auto* pid = to.actor()) {
    dest.incarnation = pid->incarnation;
    dest.actor_id = pid->id;
  } else {
    dest.name = *to.registered_name();
  }
  auto mid = caf::make_message_id();
  auto sent = path.transmit(dest, options, sender, mid, msg);
  if (!sent)
    path.undeliverable(sender, mid, sent.error(), "to " + to.to_string());
  return sent;
}

std::expected<void, errc> node::forward_message(const node_name& node, std::string_view name,
                                                caf::message msg, const send_options& options,
                                                const caf::strong_actor_ptr& sender) {
  if (!is_valid_registered_name(name))
    return std::unexpected{errc::unknown_name};
  return forward_message(remote_ref{node, std::string{name}}, std::move(msg), options, sender);
}

// -- fault injection -------------------------------------------------------------

namespace {

/// Runs `start(done)` on the I/O thread and waits for what `done` gets.
template <class T, class Start>
T wait_for_io(Start start, T fallback) {
  auto promise = std::make_shared<std::promise<T>>();
  auto result = promise->get_future();
  start([promise](T value) { promise->set_value(std::move(value)); });
  if (result.wait_for(margin) != std::future_status::ready)
    return fallback;
  return result.get();
}

} // namespace

partition_ref node::inject_partition(const node_name& peer, std::chrono::milliseconds ttl) {
  return wait_for_io<partition_ref>(
    [&](auto done) { runtime_->inject_partition(peer, ttl, std::move(done)); }, {});
}

bool node::resolve_partition(partition_ref ref) {
  return wait_for_io<bool>([&](auto done) { runtime_->resolve_partition(ref, std::move(done)); },
                           false);
}

std::vector<partition> node::partitions() const {
  return wait_for_io<std::vector<partition>>(
    [&](auto done) { runtime_->partitions(std::move(done)); }, {});
}

// -- monitoring --------------------------------------------------------------------

monitor_ref node::monitor(const caf::actor& watcher, const remote_ref& target) {
  return runtime_->monitors()->monitor(watcher, target);
}

monitor_ref node::monitor(const caf::actor& watcher, const caf::actor& target) {
  return runtime_->monitors()->monitor(watcher, target);
}

monitor_ref node::monitor(const caf::actor& watcher, std::string_view name,
                          const node_name& node) {
  return runtime_->monitors()->monitor(watcher, name, node);
}

bool node::demonitor(const monitor_ref& ref, demonitor_options options) {
  return runtime_->monitors()->demonitor(ref, options);
}

void node::monitor_node(const caf::actor& watcher, const node_name& node, bool on) {
  runtime_->monitors()->monitor_node(watcher, node, on);
}

void node::monitor_nodes(const caf::actor& watcher, bool on, node_monitor_options options) {
  runtime_->monitors()->monitor_nodes(watcher, on, options);
}

monitor_counts node::monitor_entries() const {
  return runtime_->monitors()->counts();
}

// -- troupe's own services -------------------------------------------------------

void node::on_service(wire::service_id service, service_handler handler) {
  runtime_->on_service(service, std::move(handler));
}

bool node::send_service(const node_name& peer, wire::service_id service,
                        std::span<const char> body, std::uint64_t key) {
  return runtime_->messages()->transmit_service(peer, service, body, key);
}

// -- observation ---------------------------------------------------------------

void node::on_peer_event(peer_listener listener) {
  runtime_->add_listener(std::move(listener));
}

std::vector<link_info> node::links(const node_name& peer) const {
  std::vector<link_info> result;
  auto s = runtime_->messages()->intern(peer)->current();
  if (!s)
    return result;
  for (std::size_t i = 0; i < s->lanes.size(); ++i) {
    const auto& lane = *s->lanes[i];
    result.push_back({s->channels[i / s->parallelism],
                      static_cast<std::uint16_t>(i % s->parallelism), s->outbound,
                      lane.local_endpoint(), lane.remote_endpoint(), lane.messages_received()});
  }
  return result;
}

const logger& node::log() const {
  return runtime_->log();
}

node_stats node::stats() const {
  auto result = runtime_->messages()->stats();
  result.handshakes_refused = runtime_->handshakes_refused();
  result.service_frames_dropped = runtime_->service_frames_dropped();
  return result;
}

} // namespace troupe
