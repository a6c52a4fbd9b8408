#pragma once

#include <chrono>
#include <expected>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace troupe::test {

/// A server program a test runs (dnsmasq, epmd), with its output in a log
/// file. It dies with the test process (PR_SET_PDEATHSIG), and is killed
/// and reaped when the handle goes.
class child_process {
public:
  /// `argv[0]` is the program's path.
  static std::expected<child_process, std::string> start(const std::vector<std::string>& argv,
                                                         const std::string& log_file);

  child_process(child_process&& other) noexcept;
  child_process& operator=(child_process&& other) noexcept;
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;
  ~child_process();

  void signal(int signal) const;

  /// SIGKILL, and waits until it is gone.
  void kill();

  /// Waits up to `timeout` for it to exit; its wait status, or nullopt if
  /// it still runs.
  std::optional<int> wait(std::chrono::milliseconds timeout);

  const std::string& log_file() const { return log_file_; }

  /// The log's text now.
  std::string log() const;

private:
  child_process(pid_t pid, std::string log_file) : pid_(pid), log_file_(std::move(log_file)) {}

  pid_t pid_ = -1;
  std::string log_file_;
  std::optional<int> status_;
};

/// The path of `program`: from PATH or the sbin folders, where Debian puts
/// dnsmasq; for epmd also Erlang's own folders. Empty if there is none.
std::string program_path(const std::string& program);

} // namespace troupe::test
