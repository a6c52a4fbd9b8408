#pragma once

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace troupe::launch {

/// A troupe-node child process, for the demo, benchmarks and process tests.
///
/// Starting waits for the daemon's "ready" line, so a started process is a
/// listening node that has tried its peers. The child dies with its parent
/// (PR_SET_PDEATHSIG), and the destructor kills and reaps it if it still
/// runs, so no node outlives the program that launched it.
class node_process {
public:
  struct options {
    std::string binary;                  ///< path of troupe-node
    std::string name;                    ///< name@host
    std::string cookie;
    std::string listen = "127.0.0.1:0";
    std::vector<std::string> peers;      ///< dialed at start
    std::vector<std::string> extra_args; ///< more troupe-node options
    std::string log_file;                ///< the child's stderr; empty: inherit
    std::chrono::milliseconds ready_timeout = std::chrono::seconds{10};
  };

  /// The error says why the node is not up, with the end of its log.
  static std::expected<node_process, std::string> start(const options& options);

  node_process(node_process&& other) noexcept;
  node_process& operator=(node_process&& other) noexcept;
  node_process(const node_process&) = delete;
  node_process& operator=(const node_process&) = delete;
  ~node_process();

  const std::string& name() const noexcept { return name_; }
  /// `name@host:port`, what other nodes dial.
  const std::string& address() const noexcept { return address_; }
  pid_t pid() const noexcept { return pid_; }

  /// Sends `signal` (SIGTERM, SIGKILL, SIGSTOP, ...) unless the process ended.
  void signal(int signal);

  /// Waits up to `timeout` for the process to end; its wait status, or
  /// nullopt if it still runs.
  std::optional<int> wait(std::chrono::milliseconds timeout);

  /// SIGTERM, then SIGKILL if it has not ended after `grace`; the wait status.
  int stop(std::chrono::milliseconds grace = std::chrono::seconds{5});

private:
  node_process(pid_t pid, int ready_pipe, std::string name);

  pid_t pid_ = -1;
  int ready_pipe_ = -1;
  std::string name_;
  std::string address_;
  std::optional<int> status_;
};

} // namespace troupe::launch
