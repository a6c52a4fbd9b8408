#include "apps/launch/node_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace troupe::launch {

namespace {

std::vector<std::string> arguments_of(const node_process::options& options) {
  std::vector<std::string> args{options.binary,
                                "--troupe.name=" + options.name,
                                "--troupe.cookie=" + options.cookie,
                                "--troupe.listen=[\"" + options.listen + "\"]"};
  if (!options.peers.empty()) {
    std::string peers = "--peers=[";
    for (std::size_t i = 0; i < options.peers.size(); ++i)
      peers += (i ? ",\"" : "\"") + options.peers[i] + "\"";
    args.push_back(peers + "]");
  }
  args.insert(args.end(), options.extra_args.begin(), options.extra_args.end());
  return args;
}

/// Runs in the child between fork and exec: async-signal-safe calls only.
[[noreturn]] void become_node(const std::vector<char*>& argv, int ready_fd, int log_fd) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  dup2(ready_fd, STDOUT_FILENO);
  if (log_fd >= 0)
    dup2(log_fd, STDERR_FILENO);
  // The parent's sockets (a node of its own, say) must not live on in the child.
  close_range(3, ~0u, 0);
  execv(argv[0], argv.data());
  _exit(127);
}

std::string tail_of(const std::string& path) {
  std::ifstream file{path};
  std::stringstream text;
  text << file.rdbuf();
  auto log = text.str();
  return log.size() > 2000 ? log.substr(log.size() - 2000) : log;
}

/// Reads the "ready <name> <host:port>..." line; empty on timeout or EOF.
std::string read_ready_line(int fd, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::string line;
  while (line.find('\n') == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
    pollfd poll_fd{fd, POLLIN, 0};
    if (left.count() <= 0 || ::poll(&poll_fd, 1, static_cast<int>(left.count())) <= 0)
      return {};
    char chunk[256];
    auto got = ::read(fd, chunk, sizeof chunk);
    if (got <= 0)
      return {};
    line.append(chunk, static_cast<std::size_t>(got));
  }
  return line.substr(0, line.find('\n'));
}

} // namespace

std::expected<node_process, std::string> node_process::start(const options& options) {
  auto args = arguments_of(options);
  std::vector<char*> argv;
  for (auto& arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0)
    return std::unexpected{std::string{"pipe: "} + std::strerror(errno)};
  int log_fd = -1;
  if (!options.log_file.empty()
      && (log_fd = ::open(options.log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644))
           < 0)
    return std::unexpected{"cannot open " + options.log_file + ": " + std::strerror(errno)};
  auto pid = ::fork();
  if (pid == 0)
    become_node(argv, fds[1], log_fd);
  ::close(fds[1]);
  if (log_fd >= 0)
    ::close(log_fd);
  if (pid < 0) {
    ::close(fds[0]);
    return std::unexpected{std::string{"fork: "} + std::strerror(errno)};
  }
  node_process process{pid, fds[0], options.name};
  std::istringstream ready{read_ready_line(fds[0], options.ready_timeout)};
  std::string word, name, listen;
  ready >> word >> name >> listen;
  if (word != "ready" || name != options.name || listen.rfind(':') == std::string::npos) {
    process.stop(std::chrono::seconds{1});
    return std::unexpected{options.name + " did not become ready; its log:\n"
                           + (options.log_file.empty() ? "(on stderr)" : tail_of(options.log_file))};
  }
  process.address_ = name + listen.substr(listen.rfind(':'));
  return process;
}

node_process::node_process(pid_t pid, int ready_pipe, std::string name)
  : pid_(pid), ready_pipe_(ready_pipe), name_(std::move(name)) {}

node_process::node_process(node_process&& other) noexcept
  : pid_(std::exchange(other.pid_, -1)), ready_pipe_(std::exchange(other.ready_pipe_, -1)),
    name_(std::move(other.name_)), address_(std::move(other.address_)),
    status_(std::exchange(other.status_, std::nullopt)) {}

node_process& node_process::operator=(node_process&& other) noexcept {
  // `other` takes this process over and ends it when it goes.
  std::swap(pid_, other.pid_);
  std::swap(ready_pipe_, other.ready_pipe_);
  std::swap(name_, other.name_);
  std::swap(address_, other.address_);
  std::swap(status_, other.status_);
  return *this;
}

node_process::~node_process() {
  if (pid_ > 0 && !status_) {
    signal(SIGKILL);
    wait(std::chrono::seconds{5});
  }
  if (ready_pipe_ >= 0)
    ::close(ready_pipe_);
}

void node_process::signal(int signal) {
  if (pid_ > 0 && !status_)
    ::kill(pid_, signal);
}

std::optional<int> node_process::wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pid_ > 0 && !status_) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_)
      status_ = status;
    else if (std::chrono::steady_clock::now() >= deadline)
      break;
    else
      std::this_thread::sleep_for(std::chrono::milliseconds{5});
  }
  return status_;
}

int node_process::stop(std::chrono::milliseconds grace) {
  signal(SIGCONT); // a stopped process cannot act on SIGTERM
  signal(SIGTERM);
  if (auto status = wait(grace))
    return *status;
  signal(SIGKILL);
  return wait(std::chrono::seconds{5}).value_or(-1);
}

} // namespace troupe::launch
