#include <doctest/doctest.h>

#include <mutex>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/config.hpp"
#include "discovery/discovery_loop.hpp"
#include "tests/support/test_cluster.hpp"

using namespace std::chrono_literals;
using namespace troupe;
using namespace troupe::discovery;

namespace {

/// What the fakes below saw, shared with the test thread.
struct journal {
  std::mutex mutex;
  int rounds = 0;
  std::vector<std::string> dials;
  std::vector<std::pair<std::string, bool>> outcomes; ///< what the method heard
  std::vector<node_name> connected;

  template <class F>
  auto locked(F&& f) {
    std::lock_guard guard{mutex};
    return f();
  }
};

/// Finds `peers` and reports `problems` at every round.
class fake_method : public method {
public:
  fake_method(std::shared_ptr<journal> log, std::vector<std::string> peers,
              std::vector<std::string> problems = {})
    : log_(std::move(log)), problems_(std::move(problems)) {
    for (const auto& peer : peers)
      peers_.push_back(*peer_address::parse(peer));
  }

  std::string_view name() const override { return "fake"; }

  method_result peers() override {
    log_->locked([&] { return ++log_->rounds; });
    return {peers_, problems_};
  }

  void dialed(const found_peer& peer, bool reached) override {
    log_->locked([&] { log_->outcomes.emplace_back(peer.to_string(), reached); });
  }

private:
  std::shared_ptr<journal> log_;
  std::vector<found_peer> peers_;
  std::vector<std::string> problems_;
};

/// Connects at once to names ending in "up"; the others are not found.
class fake_connector : public connect_method {
public:
  explicit fake_connector(std::shared_ptr<journal> log) : log_(std::move(log)) {}

  std::vector<node_name> peers() const override {
    return log_->locked([&] { return log_->connected; });
  }

  void connect(const proto::found_peer& peer, std::function<void(result)> done) override {
    auto up = peer.name && peer.name->name().ends_with("up");
    log_->locked([&] {
      log_->dials.push_back(peer.to_string());
      if (up)
        log_->connected.push_back(*peer.name);
    });
    if (up)
      done({});
    else
      done(std::unexpected{connect_error{connect_error::code::not_found, "refused"}});
  }

  bool disconnect(const node_name&) override { return false; }

private:
  std::shared_ptr<journal> log_;
};

struct loop_fixture {
  troupe::config config;
  caf::actor_system system{config};
  std::shared_ptr<journal> log = std::make_shared<journal>();

  discovery_loop start(std::vector<std::string> peers, std::vector<std::string> problems,
                       std::optional<std::chrono::nanoseconds> interval) {
    std::vector<std::unique_ptr<method>> methods;
    methods.push_back(std::make_unique<fake_method>(log, std::move(peers), std::move(problems)));
    loop_settings settings{.self = {*node_name::parse("self@127.0.0.1"), {"127.0.0.1:4000"}},
                           .refresh_interval = interval,
                           .log = log_level::error};
    return discovery_loop::start(system, std::move(settings), std::move(methods),
                                 std::make_unique<fake_connector>(log));
  }

  nlohmann::json status(const discovery_loop& loop) {
    caf::scoped_actor self{system};
    nlohmann::json result;
    self->request(loop.actor(), 2s, status_atom::value)
      .receive([&](const std::string& text) { result = nlohmann::json::parse(text); },
               [&](caf::error&) {});
    return result;
  }

  int rounds() { return log->locked([&] { return log->rounds; }); }
  std::size_t dials() { return log->locked([&] { return log->dials.size(); }); }
};

} // namespace

TEST_CASE("the loop dials the peers it finds once they are connected no more") {
  loop_fixture fixture;
  auto loop = fixture.start({"b-up@127.0.0.2:4000", "c-up@127.0.0.3:4000", "self@127.0.0.1:4000"},
                            {}, 50ms);
  REQUIRE(test::eventually([&] { return fixture.rounds() >= 4; }));
  loop.stop();
  // Rounds after the first find both connected; itself it never dials.
  CHECK(fixture.log->dials
        == std::vector<std::string>{"b-up@127.0.0.2:4000", "c-up@127.0.0.3:4000"});
  CHECK(fixture.log->outcomes.size() == 2);
}

TEST_CASE("a peer that cannot be reached is dialed again at every refresh and counted") {
  loop_fixture fixture;
  auto loop = fixture.start({"down@127.0.0.2:4000"}, {}, 50ms);
  REQUIRE(test::eventually([&] { return fixture.dials() >= 3; }));
  auto status = fixture.status(loop);
  CHECK(status["methods"]["fake"]["dial_failures"].get<int>() >= 2);
  CHECK(status["failures"].get<int>() >= 2);
  loop.stop();
  CHECK(fixture.log->outcomes.front() == std::pair<std::string, bool>{"down@127.0.0.2:4000", false});
}

TEST_CASE("a method's problems are counted and the loop keeps asking") {
  loop_fixture fixture;
  auto loop = fixture.start({"b-up@127.0.0.2:4000"}, {"server down"}, 50ms);
  REQUIRE(test::eventually([&] { return fixture.rounds() >= 3; }));
  auto status = fixture.status(loop);
  CHECK(status["methods"]["fake"]["problems"].get<int>() >= 2);
  CHECK(status["methods"]["fake"]["last_problem"] == "server down");
  CHECK(status["methods"]["fake"]["connected"] == 1);
}

TEST_CASE("with a refresh interval of never the loop runs one round only") {
  loop_fixture fixture;
  auto loop = fixture.start({"down@127.0.0.2:4000"}, {}, std::nullopt);
  REQUIRE(test::eventually([&] { return fixture.dials() == 1; }));
  std::this_thread::sleep_for(300ms);
  CHECK(fixture.rounds() == 1);
  CHECK(fixture.dials() == 1);
  CHECK(fixture.status(loop)["rounds"] == 1);
}
