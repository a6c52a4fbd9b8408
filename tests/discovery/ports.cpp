#include "tests/discovery/ports.hpp"

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace troupe::test {

namespace {

/// Binds a socket of `type` to `ip:port` (0: any); the port, or 0.
std::uint16_t bind_port(const std::string& ip, int type, std::uint16_t port) {
  int fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  ::inet_pton(AF_INET, ip.c_str(), &address.sin_addr);
  socklen_t size = sizeof address;
  auto ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), size) == 0
            && ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &size) == 0;
  ::close(fd);
  return ok ? ntohs(address.sin_port) : 0;
}

} // namespace

std::uint16_t free_port(const std::string& ip) {
  for (int attempt = 0; attempt < 20; ++attempt)
    if (auto port = bind_port(ip, SOCK_STREAM, 0); port && bind_port(ip, SOCK_DGRAM, port) == port)
      return port;
  FAIL("no free port on " << ip);
  return 0;
}

} // namespace troupe::test
