#include "apps/bench/transport.hpp"

#include <optional>

#include <caf/io/middleman.hpp>

#include "actors/node.hpp"

namespace troupe::bench {

namespace {

constexpr std::string_view server_name = "bench";

class troupe_transport final : public transport {
public:
  troupe_transport(caf::actor_system& system, node_config settings)
    : system_(system), settings_(std::move(settings)) {}

  ~troupe_transport() override {
    if (node_)
      node_->stop();
  }

  std::string_view stack() const override { return "troupe"; }

  std::expected<std::string, std::string> serve(const caf::actor& server) override {
    if (auto problem = start())
      return std::unexpected{*problem};
    if (auto registered = node_->register_name(server_name, server); !registered)
      return std::unexpected{registered.error()};
    auto listen = node_->spec().listen.front();
    return node_->name().str() + listen.substr(listen.rfind(':'));
  }

  std::expected<caf::actor, std::string> reach(const std::string& address) override {
    if (auto problem = start())
      return std::unexpected{*problem};
    if (auto connected = node_->connect(address); !connected)
      return std::unexpected{connected.error().message};
    auto peer = peer_address::parse(address);
    return node_->remote_actor(remote_ref{*peer->name, std::string{server_name}});
  }

private:
  std::optional<std::string> start() {
    if (node_)
      return std::nullopt;
    auto started = node::start(system_, settings_);
    if (!started)
      return started.error().message;
    node_.emplace(std::move(*started));
    return std::nullopt;
  }

  caf::actor_system& system_;
  node_config settings_;
  std::optional<node> node_;
};

class basp_transport final : public transport {
public:
  explicit basp_transport(caf::actor_system& system) : system_(system) {}

  std::string_view stack() const override { return "caf"; }

  std::expected<std::string, std::string> serve(const caf::actor& server) override {
    auto port = system_.middleman().publish(server, 0, "127.0.0.1", true);
    if (!port)
      return std::unexpected{system_.render(port.error())};
    return std::to_string(*port);
  }

  std::expected<caf::actor, std::string> reach(const std::string& address) override {
    auto port = static_cast<std::uint16_t>(std::stoul(address));
    auto server = system_.middleman().remote_actor("127.0.0.1", port);
    if (!server)
      return std::unexpected{system_.render(server.error())};
    return *server;
  }

private:
  caf::actor_system& system_;
};

} // namespace

std::unique_ptr<transport> make_troupe_transport(caf::actor_system& system, node_config settings) {
  return std::make_unique<troupe_transport>(system, std::move(settings));
}

std::unique_ptr<transport> make_basp_transport(caf::actor_system& system) {
  return std::make_unique<basp_transport>(system);
}

} // namespace troupe::bench
