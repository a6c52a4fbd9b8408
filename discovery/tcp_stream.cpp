#include "discovery/tcp_stream.hpp"

#include <cerrno>
#include <algorithm>
#include <cstring>
#include <memory>
#include <utility>

#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace troupe::discovery {

namespace {

int millis_until(tcp_stream::clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
    deadline - tcp_stream::clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

/// Polls `fd` for `events` until the deadline; false if it passed.
bool ready(int fd, short events, tcp_stream::clock::time_point deadline) {
  pollfd poll_fd{fd, events, 0};
  int polled = 0;
  do {
    polled = ::poll(&poll_fd, 1, millis_until(deadline));
  } while (polled < 0 && errno == EINTR);
  return polled > 0;
}

/// A non-blocking connect to one resolved address; the socket, or -1 with errno set.
int dial(const addrinfo& address, tcp_stream::clock::time_point deadline) {
  int fd = ::socket(address.ai_family, address.ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                    address.ai_protocol);
  if (fd < 0)
    return -1;
  int error = ::connect(fd, address.ai_addr, address.ai_addrlen) == 0 ? 0 : errno;
  if (error == EINPROGRESS && !ready(fd, POLLOUT, deadline))
    error = ETIMEDOUT;
  else if (error == EINPROGRESS) {
    socklen_t size = sizeof error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size);
  }
  if (error != 0) {
    ::close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

} // namespace

std::expected<tcp_stream, std::string> tcp_stream::connect(const std::string& host,
                                                           std::uint16_t port,
                                                           clock::time_point deadline) {
  auto peer = host + ":" + std::to_string(port);
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (auto status = ::getaddrinfo(host.c_str(), std::to_string(port).c_str(), &hints, &found))
    return std::unexpected{"cannot resolve " + host + ": " + ::gai_strerror(status)};
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses{found, ::freeaddrinfo};
  int error = ECONNREFUSED;
  for (auto* address = found; address; address = address->ai_next) {
    if (int fd = dial(*address, deadline); fd >= 0)
      return tcp_stream{fd, peer};
    error = errno;
  }
  return std::unexpected{"cannot connect to " + peer + ": " + std::strerror(error)};
}

tcp_stream::tcp_stream(tcp_stream&& other) noexcept
  : fd_(std::exchange(other.fd_, -1)), peer_(std::move(other.peer_)) {}

tcp_stream& tcp_stream::operator=(tcp_stream&& other) noexcept {
  std::swap(fd_, other.fd_);
  std::swap(peer_, other.peer_);
  return *this;
}

tcp_stream::~tcp_stream() {
  if (fd_ >= 0)
    ::close(fd_);
}

std::expected<void, std::string> tcp_stream::send(std::string_view data,
                                                  clock::time_point deadline) {
  while (!data.empty()) {
    if (!ready(fd_, POLLOUT, deadline))
      return fail("timed out sending");
    auto sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
    if (sent < 0 && errno != EAGAIN && errno != EINTR)
      return fail("cannot send", errno);
    if (sent > 0)
      data.remove_prefix(static_cast<std::size_t>(sent));
  }
  return {};
}

std::expected<std::string, std::string> tcp_stream::receive(std::size_t size,
                                                            clock::time_point deadline) {
  auto received = receive_all(size, deadline);
  if (received && received->size() < size)
    return fail("connection closed early");
  return received;
}

std::expected<std::string, std::string> tcp_stream::receive_all(std::size_t limit,
                                                                clock::time_point deadline) {
  std::string result;
  char chunk[4096];
  while (result.size() < limit) {
    if (!ready(fd_, POLLIN, deadline))
      return fail("timed out waiting for an answer");
    auto got = ::recv(fd_, chunk, std::min(sizeof chunk, limit - result.size()), 0);
    if (got == 0)
      break;
    if (got < 0 && errno != EAGAIN && errno != EINTR)
      return fail("cannot receive", errno);
    if (got > 0)
      result.append(chunk, static_cast<std::size_t>(got));
  }
  return result;
}

bool tcp_stream::closed_by_peer() const {
  char byte = 0;
  auto got = ::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

std::unexpected<std::string> tcp_stream::fail(std::string_view what, int error) const {
  auto reason = error ? std::string{": "} + std::strerror(error) : std::string{};
  return std::unexpected{std::string{what} + " (" + peer_ + ")" + reason};
}

} // namespace troupe::discovery
