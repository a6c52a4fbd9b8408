// troupe-netdelay: adds a fixed delay to every packet of one NFQUEUE queue.
//
//   troupe-netdelay --queue=N --delay-us=D
//
// The echo scenario of troupe-bench runs one in each node's network namespace,
// behind `iptables-legacy -A INPUT -i eth0 -j NFQUEUE --queue-num N`: every
// packet that arrives from a peer waits D microseconds in the kernel's queue,
// then this program accepts it. The kernel here has no netem, and delaying
// on the receiving side (INPUT, not OUTPUT) matters: TCP's small-queue limit
// counts packets held on the sender's side and throttles the connection.
//
// Packets wait in arrival order and all for the same time, so one batch
// verdict accepts every packet that is due. Only the packets' metadata is
// copied to this program, large GSO packets stay whole, and the netlink
// socket gets a large receive buffer, so that the program keeps up with
// gigabits. Prints "READY" once the queue is bound; ends on SIGTERM or
// SIGINT, accepting what it still holds.
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

#include <arpa/inet.h>
#include <linux/netfilter.h>
#include <poll.h>
#include <sys/socket.h>

extern "C" {
#include <libnetfilter_queue/libnetfilter_queue.h>
}

namespace {

using clock_type = std::chrono::steady_clock;

/// Room for what a few gigabits a second bring in during a long delay.
constexpr int receive_buffer_bytes = 64 << 20;
constexpr std::uint32_t queue_length = 1u << 20;

volatile std::sig_atomic_t stop_requested = 0;

struct held_packet {
  std::uint32_t id;
  clock_type::time_point due;
};

struct delay_queue {
  std::chrono::microseconds delay;
  std::deque<held_packet> held;
};

int on_packet(nfq_q_handle*, nfgenmsg*, nfq_data* packet, void* data) {
  auto& queue = *static_cast<delay_queue*>(data);
  if (auto* header = nfq_get_msg_packet_hdr(packet))
    queue.held.push_back({ntohl(header->packet_id), clock_type::now() + queue.delay});
  return 0;
}

/// Accepts every packet whose time has come; how long until the next one is due.
int release_due(nfq_q_handle* queue_handle, delay_queue& queue) {
  auto now = clock_type::now();
  std::optional<std::uint32_t> last;
  while (!queue.held.empty() && queue.held.front().due <= now) {
    last = queue.held.front().id;
    queue.held.pop_front();
  }
  if (last)
    nfq_set_verdict_batch(queue_handle, *last, NF_ACCEPT);
  if (queue.held.empty())
    return 100;
  auto wait = std::chrono::ceil<std::chrono::milliseconds>(queue.held.front().due - now);
  return static_cast<int>(wait.count());
}

std::optional<long> option(int argc, char** argv, std::string_view name) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg{argv[i]};
    if (arg.starts_with(name) && arg.size() > name.size() && arg[name.size()] == '=')
      return std::strtol(argv[i] + name.size() + 1, nullptr, 10);
  }
  return std::nullopt;
}

int fail(const char* what) {
  std::fprintf(stderr, "troupe-netdelay: %s: %s\n", what, std::strerror(errno));
  return 1;
}

} // namespace

int main(int argc, char** argv) {
  auto queue_number = option(argc, argv, "--queue");
  auto delay_us = option(argc, argv, "--delay-us");
  if (!queue_number || !delay_us || *queue_number < 0 || *delay_us < 0) {
    std::fprintf(stderr, "usage: troupe-netdelay --queue=N --delay-us=D\n");
    return 2;
  }
  std::signal(SIGTERM, [](int) { stop_requested = 1; });
  std::signal(SIGINT, [](int) { stop_requested = 1; });
  delay_queue queue{std::chrono::microseconds{*delay_us}, {}};
  auto* handle = nfq_open();
  if (!handle)
    return fail("nfq_open");
  nfq_unbind_pf(handle, AF_INET);
  if (nfq_bind_pf(handle, AF_INET) < 0)
    return fail("nfq_bind_pf");
  auto* queue_handle = nfq_create_queue(handle, static_cast<std::uint16_t>(*queue_number),
                                        on_packet, &queue);
  if (!queue_handle)
    return fail("nfq_create_queue");
  if (nfq_set_mode(queue_handle, NFQNL_COPY_META, 0) < 0)
    return fail("nfq_set_mode");
  nfq_set_queue_maxlen(queue_handle, queue_length);
  nfq_set_queue_flags(queue_handle, NFQA_CFG_F_GSO, NFQA_CFG_F_GSO);
  nfnl_rcvbufsiz(nfq_nfnlh(handle), receive_buffer_bytes);
  auto fd = nfq_fd(handle);
  int one = 1;
  setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &one, sizeof one);
  std::printf("READY\n");
  std::fflush(stdout);
  alignas(8) static char buffer[1 << 16];
  while (!stop_requested) {
    pollfd ready{fd, POLLIN, 0};
    auto timeout = release_due(queue_handle, queue);
    if (::poll(&ready, 1, timeout) <= 0)
      continue;
    for (;;) {
      auto got = ::recv(fd, buffer, sizeof buffer, MSG_DONTWAIT);
      if (got <= 0)
        break;
      nfq_handle_packet(handle, buffer, static_cast<int>(got));
    }
  }
  if (!queue.held.empty())
    nfq_set_verdict_batch(queue_handle, queue.held.back().id, NF_ACCEPT);
  nfq_destroy_queue(queue_handle);
  nfq_close(handle);
  return 0;
}
