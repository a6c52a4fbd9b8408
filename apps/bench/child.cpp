#include "apps/bench/child.hpp"

#include <csignal>
#include <cstdio>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace troupe::bench {

// -- line_link -------------------------------------------------------------------

line_link::line_link(line_link&& other) noexcept
  : in_(std::exchange(other.in_, -1)), out_(std::exchange(other.out_, -1)),
    buffered_(std::move(other.buffered_)) {}

line_link& line_link::operator=(line_link&& other) noexcept {
  if (this != &other) {
    close_all();
    in_ = std::exchange(other.in_, -1);
    out_ = std::exchange(other.out_, -1);
    buffered_ = std::move(other.buffered_);
  }
  return *this;
}

line_link::~line_link() {
  close_all();
}

void line_link::close_all() {
  if (in_ >= 0)
    ::close(std::exchange(in_, -1));
  close_output();
}

void line_link::close_output() {
  if (out_ >= 0)
    ::close(std::exchange(out_, -1));
}

void line_link::send_as_stdout() {
  ::dup2(out_, STDOUT_FILENO);
}

bool line_link::send(std::string_view line) {
  std::string text{line};
  text += '\n';
  std::size_t done = 0;
  while (done < text.size()) {
    auto written = ::write(out_, text.data() + done, text.size() - done);
    if (written < 0 && errno == EINTR)
      continue;
    if (written <= 0)
      return false;
    done += static_cast<std::size_t>(written);
  }
  return true;
}

std::optional<std::string> line_link::receive(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto end = buffered_.find('\n'); end != std::string::npos) {
      auto line = buffered_.substr(0, end);
      buffered_.erase(0, end + 1);
      return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    pollfd ready{in_, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&ready, 1, static_cast<int>(left.count())) <= 0)
      return std::nullopt;
    char chunk[4096];
    auto got = ::read(in_, chunk, sizeof chunk);
    if (got <= 0)
      return std::nullopt;
    buffered_.append(chunk, static_cast<std::size_t>(got));
  }
}

// -- child -----------------------------------------------------------------------

std::optional<child> child::start(const body& run) {
  int down[2]; // driver -> child
  int up[2];   // child -> driver
  if (::pipe2(down, O_CLOEXEC) != 0)
    return std::nullopt;
  if (::pipe2(up, O_CLOEXEC) != 0) {
    ::close(down[0]);
    ::close(down[1]);
    return std::nullopt;
  }
  std::fflush(stdout);
  std::fflush(stderr);
  auto pid = ::fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    ::close(down[1]);
    ::close(up[0]);
    line_link parent{down[0], up[1]};
    auto code = run(parent);
    std::fflush(stdout);
    std::fflush(stderr);
    // Skip destructors: an actor system would wait for its actors.
    _exit(code);
  }
  ::close(down[0]);
  ::close(up[1]);
  if (pid < 0) {
    ::close(down[1]);
    ::close(up[0]);
    return std::nullopt;
  }
  return child{pid, line_link{up[0], down[1]}};
}

child::child(child&& other) noexcept
  : pid_(std::exchange(other.pid_, -1)), link_(std::move(other.link_)) {}

child& child::operator=(child&& other) noexcept {
  if (this != &other) {
    kill();
    pid_ = std::exchange(other.pid_, -1);
    link_ = std::move(other.link_);
  }
  return *this;
}

child::~child() {
  kill();
}

std::optional<int> child::wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pid_ > 0) {
    int status = 0;
    auto reaped = ::waitpid(pid_, &status, WNOHANG);
    if (reaped == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? std::optional<int>{WEXITSTATUS(status)} : std::nullopt;
    }
    if (reaped < 0 || std::chrono::steady_clock::now() >= deadline)
      return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
  return std::nullopt;
}

void child::kill() {
  if (pid_ <= 0)
    return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

} // namespace troupe::bench
