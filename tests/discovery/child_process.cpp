#include "tests/discovery/child_process.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <utility>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace troupe::test {

std::expected<child_process, std::string> child_process::start(const std::vector<std::string>& argv,
                                                               const std::string& log_file) {
  std::vector<char*> args;
  for (const auto& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  int log_fd = ::open(log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0)
    return std::unexpected{"cannot open " + log_file + ": " + std::strerror(errno)};
  auto pid = ::fork();
  if (pid == 0) {
    // Async-signal-safe calls only until exec.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::close_range(3, ~0u, 0);
    ::execv(args[0], args.data());
    _exit(127);
  }
  ::close(log_fd);
  if (pid < 0)
    return std::unexpected{std::string{"fork: "} + std::strerror(errno)};
  return child_process{pid, log_file};
}

child_process::child_process(child_process&& other) noexcept
  : pid_(std::exchange(other.pid_, -1)), log_file_(std::move(other.log_file_)),
    status_(std::exchange(other.status_, std::nullopt)) {}

child_process& child_process::operator=(child_process&& other) noexcept {
  std::swap(pid_, other.pid_);
  std::swap(log_file_, other.log_file_);
  std::swap(status_, other.status_);
  return *this;
}

child_process::~child_process() {
  kill();
}

void child_process::signal(int signal) const {
  if (pid_ > 0)
    ::kill(pid_, signal);
}

void child_process::kill() {
  if (pid_ <= 0)
    return;
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::optional<int> child_process::wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (pid_ > 0) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      status_ = status;
    } else if (std::chrono::steady_clock::now() >= deadline) {
      break;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds{5});
    }
  }
  return status_;
}

std::string child_process::log() const {
  std::ifstream file{log_file_};
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string program_path(const std::string& program) {
  std::vector<std::filesystem::path> folders;
  std::stringstream path{::getenv("PATH") ? ::getenv("PATH") : ""};
  for (std::string folder; std::getline(path, folder, ':');)
    folders.emplace_back(folder);
  folders.insert(folders.end(), {"/usr/sbin", "/sbin", "/usr/local/sbin"});
  std::error_code ignored;
  for (const auto& entry : std::filesystem::directory_iterator{"/usr/lib/erlang", ignored})
    if (entry.path().filename().string().starts_with("erts-"))
      folders.push_back(entry.path() / "bin");
  for (const auto& folder : folders)
    if (::access((folder / program).c_str(), X_OK) == 0)
      return folder / program;
  return {};
}

} // namespace troupe::test
