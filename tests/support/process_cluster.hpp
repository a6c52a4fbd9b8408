#pragma once

#include <chrono>
#include <expected>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "apps/launch/node_process.hpp"
#include "tests/support/test_cluster.hpp"

namespace troupe::test {

/// troupe-node processes, and a node in the test process, the observer, that
/// connects to each of them to ask their services what they see. Logs go to
/// a temporary folder, removed with the cluster.
class process_cluster {
public:
  /// How to start one node.
  struct member {
    std::string key;               ///< what the test calls it, e.g. "a"
    std::string name;              ///< name@host
    std::string listen = "127.0.0.1:0";
    std::vector<std::string> args; ///< more troupe-node options, after the local preset
    std::string cookie = "secret";
    /// The membership manager; none by default, so that the links are only
    /// what the test itself makes (discovery, say).
    std::string peer_service = "none";
  };

  /// `key`@127.0.0.1 in a full mesh, joining the earlier members `peers`.
  member meshed(const std::string& key, const std::vector<std::string>& peers = {}) const;

  explicit process_cluster(std::string binary);
  ~process_cluster();
  process_cluster(const process_cluster&) = delete;
  process_cluster& operator=(const process_cluster&) = delete;

  /// Starts a troupe-node as `options` say; the error says why it is not up.
  std::expected<launch::node_process, std::string> try_launch(const member& options) const;

  /// Starts it (the test fails if it does not start) and connects the
  /// observer to it. A process of the same key that still runs is killed.
  launch::node_process& launch(const member& options);

  launch::node_process& at(const std::string& key) { return nodes_.at(key); }

  /// What the service `service` of `key` answers to a status request (JSON).
  std::expected<nlohmann::json, std::string> ask_status(const std::string& key,
                                                        const std::string& service);

  /// The nodes `key` is connected to, without the observer; empty if it
  /// does not answer.
  std::vector<std::string> connected(const std::string& key);

  /// True if `key` is connected to `other`.
  bool sees(const std::string& key, const std::string& other);

  /// True if each of `keys` is connected to each other one.
  bool all_connected(const std::vector<std::string>& keys);

  /// What `key`'s control service reports; the test fails without an answer.
  nlohmann::json status(const std::string& key);

  std::string log_of(const std::string& key) const;

  test_node& observer() { return *observer_; }

  /// Forgets `key`'s process (which kills it if it still runs).
  void forget(const std::string& key) { nodes_.erase(key); }

  const std::filesystem::path& dir() const { return dir_; }

private:
  std::string binary_;
  std::filesystem::path dir_;
  std::map<std::string, launch::node_process> nodes_;
  std::unique_ptr<test_node> observer_;
};

} // namespace troupe::test
