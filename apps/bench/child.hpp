#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <sys/types.h>

namespace troupe::bench {

/// One end of a line-based conversation between the benchmark's driver and
/// a child process: text lines each way over a pair of pipes.
class line_link {
public:
  line_link() = default;
  line_link(int in, int out) : in_(in), out_(out) {}
  line_link(line_link&& other) noexcept;
  line_link& operator=(line_link&& other) noexcept;
  line_link(const line_link&) = delete;
  line_link& operator=(const line_link&) = delete;
  ~line_link();

  /// False once the other end is gone.
  bool send(std::string_view line);

  /// The next line (without its newline); nullopt on timeout or when the
  /// other end closed.
  std::optional<std::string> receive(std::chrono::milliseconds timeout);

  /// Closes the sending side: the other end's receive() sees the end.
  void close_output();

  /// Makes the sending side this process's standard output, for a program
  /// that a child runs with exec.
  void send_as_stdout();

private:
  void close_all();

  int in_ = -1;
  int out_ = -1;
  std::string buffered_;
};

/// A forked child process that runs a function of the benchmark's own.
///
/// The child is forked before the caller creates any threads or actor
/// systems (actor systems start threads at once, and fork copies only the
/// calling thread), dies with its parent (PR_SET_PDEATHSIG), and is killed
/// and reaped by the destructor if it still runs: no benchmark process
/// outlives the driver.
class child {
public:
  /// Runs in the child; the return value is its exit code.
  using body = std::function<int(line_link& parent)>;

  /// nullopt if fork() failed.
  static std::optional<child> start(const body& run);

  child(child&& other) noexcept;
  child& operator=(child&& other) noexcept;
  child(const child&) = delete;
  child& operator=(const child&) = delete;
  ~child();

  line_link& link() noexcept { return link_; }
  pid_t pid() const noexcept { return pid_; }

  /// Waits up to `timeout` for the child to exit; its exit code, or nullopt
  /// if it still runs (or was killed by a signal).
  std::optional<int> wait(std::chrono::milliseconds timeout);

  /// SIGKILLs the child if it still runs and reaps it.
  void kill();

private:
  child(pid_t pid, line_link link) : pid_(pid), link_(std::move(link)) {}

  pid_t pid_ = -1;
  line_link link_;
};

} // namespace troupe::bench
