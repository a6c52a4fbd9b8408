#include "discovery/discovery_loop.hpp"

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <utility>

#include <caf/all.hpp>

#include "discovery/loop_stats.hpp"

namespace troupe::discovery {

namespace {

using refresh_atom = caf::atom_constant<caf::atom("refresh")>;
using dialed_atom = caf::atom_constant<caf::atom("dialed")>;

/// The loop's state and behaviour; see discovery_loop.
class loop_actor : public caf::event_based_actor {
public:
  loop_actor(caf::actor_config& config, loop_settings settings,
             std::vector<std::unique_ptr<method>> methods, std::unique_ptr<connect_method> connector)
    : caf::event_based_actor(config), settings_(std::move(settings)), methods_(std::move(methods)),
      connector_(std::move(connector)), log_(settings_.self.name.str(), settings_.log) {}

  caf::behavior make_behavior() override {
    send(this, refresh_atom::value);
    return {
      [this](refresh_atom) {
        refresh();
        if (settings_.refresh_interval)
          delayed_send(this, *settings_.refresh_interval, refresh_atom::value);
      },
      [this](dialed_atom, const std::string& key, std::int32_t code, const std::string& why) {
        on_dialed(key, code, why);
      },
      [this](status_atom) { return stats_.to_json(); },
    };
  }

private:
  /// A dial under way: which method found the peer.
  struct dial {
    std::size_t method;
    found_peer peer;
  };

  void refresh() {
    std::vector<found_peer> found;
    std::vector<std::size_t> found_by;
    for (std::size_t i = 0; i < methods_.size(); ++i)
      for (auto& peer : ask(*methods_[i])) {
        found.push_back(std::move(peer));
        found_by.push_back(i);
      }
    std::set<std::string> dialing;
    for (const auto& entry : dialing_)
      dialing.insert(entry.first);
    for (auto index : proto::peers_to_dial(found, connector_->peers(), settings_.self, dialing))
      start_dial(found_by[index], found[index]);
    stats_.round_done();
  }

  /// One method's peers; its problems go to the log and the counts.
  std::vector<found_peer> ask(method& source) {
    auto name = std::string{source.name()};
    auto result = source.peers();
    auto fresh = stats_.record_round(name, result.peers.size(), result.problems);
    for (const auto& problem : result.problems)
      if (std::ranges::find(fresh, problem) != fresh.end())
        log_.warning("discovery: {}: {}", name, problem);
      else
        log_.debug("discovery: {}: {} (again)", name, problem);
    if (stats_.recovered(name))
      log_.info("discovery: {}: working again", name);
    return std::move(result.peers);
  }

  void start_dial(std::size_t method, const found_peer& peer) {
    auto key = proto::dial_key(peer);
    dialing_.emplace(key, dial{method, peer});
    auto self = caf::actor_cast<caf::actor>(this);
    // Runs on the node's I/O thread: only hand the outcome over, in CAF's
    // built-in types.
    connector_->connect(peer, [self, key](connect_method::result outcome) {
      auto code = outcome ? connected : static_cast<std::int32_t>(outcome.error().what);
      auto why = outcome ? std::string{} : outcome.error().message;
      caf::anon_send(self, dialed_atom::value, key, code, why);
    });
  }

  void on_dialed(const std::string& key, std::int32_t code, const std::string& why) {
    auto entry = dialing_.find(key);
    if (entry == dialing_.end())
      return;
    auto [method, peer] = std::move(entry->second);
    dialing_.erase(entry);
    // Already connected (through the peer's own dial, say) is no failure.
    auto reached = code == connected || code == ignored;
    auto& source = *methods_[method];
    source.dialed(peer, reached);
    auto name = std::string{source.name()};
    log_dial(name, peer, code, why, stats_.record_dial(name, key, reached));
  }

  /// A failure goes to the log as a warning the first time only.
  void log_dial(const std::string& method, const found_peer& peer, std::int32_t code,
                const std::string& why, bool first_failure_or_recovery) {
    auto target = peer.name ? peer.name->str() : peer.endpoint();
    if (code == connected)
      log_.info("discovery: {}: connected to {}", method, target);
    else if (code == ignored)
      return;
    else if (first_failure_or_recovery)
      log_.warning("discovery: {}: cannot connect to {}: {}: {}", method, target,
                   to_string(static_cast<connect_error::code>(code)), why);
    else
      log_.debug("discovery: {}: cannot connect to {} (again): {}", method, target, why);
  }

  /// Dial outcomes as they travel in messages: connect_error codes, and -1.
  static constexpr std::int32_t connected = -1;
  static constexpr auto ignored = static_cast<std::int32_t>(connect_error::code::ignored);

  loop_settings settings_;
  std::vector<std::unique_ptr<method>> methods_;
  std::unique_ptr<connect_method> connector_;
  logger log_;
  loop_stats stats_;
  std::map<std::string, dial> dialing_; ///< by dial key
};

} // namespace

discovery_loop discovery_loop::start(caf::actor_system& system, loop_settings settings,
                                     std::vector<std::unique_ptr<method>> methods,
                                     std::unique_ptr<connect_method> connector) {
  auto actor = system.spawn<loop_actor, caf::detached>(std::move(settings), std::move(methods),
                                                        std::move(connector));
  return discovery_loop{system, std::move(actor)};
}

discovery_loop::discovery_loop(discovery_loop&& other) noexcept
  : system_(other.system_), actor_(std::exchange(other.actor_, caf::actor{})) {}

discovery_loop& discovery_loop::operator=(discovery_loop&& other) noexcept {
  std::swap(system_, other.system_);
  std::swap(actor_, other.actor_);
  return *this;
}

discovery_loop::~discovery_loop() {
  stop();
}

void discovery_loop::stop() {
  if (!actor_)
    return;
  caf::scoped_actor self{*system_};
  self->send_exit(actor_, caf::exit_reason::user_shutdown);
  self->wait_for(actor_);
  actor_ = caf::actor{};
}

} // namespace troupe::discovery
