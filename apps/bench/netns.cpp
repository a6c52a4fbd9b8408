#include "apps/bench/netns.hpp"

#include <csignal>
#include <filesystem>
#include <mutex>
#include <utility>

#include <fcntl.h>
#include <fmt/format.h>
#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

namespace troupe::bench {

namespace {

using namespace std::chrono_literals;

constexpr std::string_view name_prefix = "troupe-bench-";
const std::filesystem::path netns_dir = "/var/run/netns";

/// Loopback's MTU: Partisan ran its experiment on loopback with netem, and
/// with 1500-byte packets two vCPUs would run out of time for packets
/// before a connection runs out of window.
constexpr std::string_view mtu = "65520";

std::optional<std::string> find_program(std::string_view name) {
  for (auto dir : {"/usr/sbin", "/sbin", "/usr/bin", "/bin"}) {
    auto path = std::filesystem::path{dir} / name;
    if (::access(path.c_str(), X_OK) == 0)
      return path.string();
  }
  return std::nullopt;
}

/// Runs a command to its end (async-signal-safe, for the signal handler too).
bool run_argv(char* const* argv) {
  auto pid = ::fork();
  if (pid == 0) {
    int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDOUT_FILENO);
    ::execv(argv[0], argv);
    _exit(127);
  }
  int status = 0;
  return pid > 0 && ::waitpid(pid, &status, 0) == pid && WIFEXITED(status)
         && WEXITSTATUS(status) == 0;
}

bool run(std::vector<std::string> args) {
  std::vector<char*> argv;
  for (auto& arg : args)
    argv.push_back(arg.data());
  argv.push_back(nullptr);
  return run_argv(argv.data());
}

/// `ip netns del` of the namespaces of every network that exists, prepared
/// ahead so that the signal handler only forks and execs.
struct removal_list {
  std::mutex mutex;
  std::vector<std::vector<std::string>> commands;
  std::vector<std::vector<char*>> argvs;

  void rebuild() {
    argvs.clear();
    for (auto& command : commands) {
      auto& argv = argvs.emplace_back();
      for (auto& arg : command)
        argv.push_back(arg.data());
      argv.push_back(nullptr);
    }
  }
};

removal_list& removals() {
  static removal_list list;
  return list;
}

void on_fatal_signal(int signal) {
  for (auto& argv : removals().argvs)
    run_argv(argv.data());
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

void remove_namespace(const std::string& ip, const std::string& name) {
  run({ip, "netns", "del", name});
}

/// Namespaces of earlier runs whose driver is gone.
void sweep_leftovers(const std::string& ip) {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator{netns_dir, error}) {
    auto name = entry.path().filename().string();
    if (!name.starts_with(name_prefix))
      continue;
    auto pid = std::atol(name.c_str() + name_prefix.size());
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
      remove_namespace(ip, name);
  }
}

} // namespace

std::optional<std::string> echo_network::missing_prerequisites() {
  if (::geteuid() != 0)
    return "the echo scenario creates network namespaces: it needs root";
  if (!find_program("ip"))
    return "the echo scenario needs ip (iproute2)";
  if (!find_program("iptables-legacy"))
    return "the echo scenario needs iptables-legacy (Debian's iptables package)";
  return std::nullopt;
}

std::expected<echo_network, std::string> echo_network::create(
  std::size_t nodes, std::chrono::microseconds one_way_delay, const std::string& netdelay_binary) {
  if (auto missing = missing_prerequisites())
    return std::unexpected{*missing};
  sweep_leftovers(*find_program("ip"));
  static std::size_t serial = 0;
  echo_network network{fmt::format("{}{}-{}-", name_prefix, ::getpid(), serial++), nodes};
  if (auto failed = network.build(one_way_delay, netdelay_binary))
    return std::unexpected{*failed};
  return network;
}

echo_network::echo_network(std::string prefix, std::size_t nodes)
  : prefix_(std::move(prefix)), nodes_(nodes) {
  auto ip = *find_program("ip");
  std::lock_guard lock{removals().mutex};
  removals().commands.push_back({ip, "netns", "del", hub()});
  for (std::size_t i = 0; i < nodes_; ++i)
    removals().commands.push_back({ip, "netns", "del", node_namespace(i)});
  removals().rebuild();
  std::signal(SIGINT, on_fatal_signal);
  std::signal(SIGTERM, on_fatal_signal);
}

echo_network::echo_network(echo_network&& other) noexcept
  : prefix_(std::exchange(other.prefix_, {})), nodes_(other.nodes_),
    delays_(std::move(other.delays_)) {}

echo_network::~echo_network() {
  if (!prefix_.empty())
    remove();
}

std::string echo_network::address(std::size_t i) const {
  return fmt::format("10.77.0.{}", i + 1);
}

std::string echo_network::hub() const {
  return prefix_ + "hub";
}

std::string echo_network::node_namespace(std::size_t i) const {
  return fmt::format("{}n{}", prefix_, i);
}

bool echo_network::enter(std::size_t i) const {
  auto fd = ::open((netns_dir / node_namespace(i)).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  auto entered = ::setns(fd, CLONE_NEWNET) == 0;
  ::close(fd);
  return entered;
}

std::optional<std::string> echo_network::build(std::chrono::microseconds one_way_delay,
                                               const std::string& netdelay_binary) {
  auto ip = *find_program("ip");
  auto iptables = *find_program("iptables-legacy");
  auto fail = [](std::string what) { return std::optional<std::string>{"cannot " + what}; };
  if (!run({ip, "netns", "add", hub()})
      || !run({ip, "-n", hub(), "link", "add", "br0", "mtu", std::string{mtu}, "type", "bridge"})
      || !run({ip, "-n", hub(), "link", "set", "br0", "up"}))
    return fail("create the bridge namespace " + hub());
  for (std::size_t i = 0; i < nodes_; ++i) {
    auto ns = node_namespace(i);
    auto port = fmt::format("v{}", i);
    if (!run({ip, "netns", "add", ns})
        || !run({ip, "link", "add", port, "netns", hub(), "mtu", std::string{mtu}, "type", "veth",
                 "peer", "name", "eth0", "netns", ns, "mtu", std::string{mtu}})
        || !run({ip, "-n", hub(), "link", "set", port, "master", "br0", "up"})
        || !run({ip, "-n", ns, "addr", "add", address(i) + "/24", "dev", "eth0"})
        || !run({ip, "-n", ns, "link", "set", "eth0", "up"})
        || !run({ip, "-n", ns, "link", "set", "lo", "up"}))
      return fail("set up namespace " + ns);
    if (one_way_delay.count() == 0)
      continue;
    // What arrives from the peers waits in queue 0 for troupe-netdelay.
    if (!run({ip, "netns", "exec", ns, iptables, "-A", "INPUT", "-i", "eth0", "-j", "NFQUEUE",
              "--queue-num", "0"}))
      return fail("add the NFQUEUE rule in " + ns);
    auto delay = child::start([&](line_link& driver) {
      if (!enter(i))
        return 1;
      driver.send_as_stdout();
      auto arg_delay = fmt::format("--delay-us={}", one_way_delay.count());
      std::string arg_queue = "--queue=0";
      char* argv[] = {const_cast<char*>(netdelay_binary.c_str()), arg_queue.data(),
                      arg_delay.data(), nullptr};
      ::execv(argv[0], argv);
      return 127;
    });
    if (!delay || delay->link().receive(5s) != "READY")
      return fail("start " + netdelay_binary + " in " + ns);
    delays_.push_back(std::move(*delay));
  }
  return std::nullopt;
}

void echo_network::remove() {
  delays_.clear();
  auto ip = *find_program("ip");
  for (std::size_t i = 0; i < nodes_; ++i)
    remove_namespace(ip, node_namespace(i));
  remove_namespace(ip, hub());
  std::lock_guard lock{removals().mutex};
  std::erase_if(removals().commands, [&](const auto& command) {
    return command.back().starts_with(prefix_);
  });
  removals().rebuild();
}

} // namespace troupe::bench
