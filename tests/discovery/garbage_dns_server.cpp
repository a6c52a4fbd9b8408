#include "tests/discovery/garbage_dns_server.hpp"

#include <cstring>

#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace troupe::test {

namespace {

/// The length of a query's header and question: the header (12 bytes), the
/// name's labels, its type and class. 0 if it is no query.
std::size_t question_length(const char* query, std::size_t size) {
  std::size_t at = 12;
  while (at < size && query[at] != 0)
    at += 1 + static_cast<unsigned char>(query[at]);
  return at + 5 <= size ? at + 5 : 0;
}

/// The query turned into an answer that claims three records and has none
/// that parse: a name pointer that points past the end, then noise.
std::string garbage_answer(const char* query, std::size_t size) {
  std::string answer{query, question_length(query, size)};
  if (answer.size() < 12)
    return answer;
  answer[2] = static_cast<char>(0x81); // a response, recursion desired
  answer[3] = static_cast<char>(0x80); // recursion available, no error
  answer[6] = 0;
  answer[7] = 3; // three answers
  answer += "\xc0\xff\x00\x01\x00\x01garbage";
  return answer;
}

} // namespace

garbage_dns_server::garbage_dns_server(const std::string& ip, std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  ::inet_pton(AF_INET, ip.c_str(), &address.sin_addr);
  auto bound = ::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  REQUIRE_MESSAGE(bound, "cannot bind " << ip << ":" << port << ": " << std::strerror(errno));
  thread_ = std::thread{[this] { serve(); }};
}

garbage_dns_server::~garbage_dns_server() {
  stopping_ = true;
  if (thread_.joinable())
    thread_.join();
  ::close(fd_);
}

void garbage_dns_server::serve() {
  char query[512];
  while (!stopping_) {
    pollfd poll_fd{fd_, POLLIN, 0};
    if (::poll(&poll_fd, 1, 50) <= 0)
      continue;
    sockaddr_in from{};
    socklen_t from_size = sizeof from;
    auto got = ::recvfrom(fd_, query, sizeof query, 0, reinterpret_cast<sockaddr*>(&from), &from_size);
    if (got <= 0)
      continue;
    auto answer = garbage_answer(query, static_cast<std::size_t>(got));
    ++answered_; // before the answer, which the waiting test may count at once
    ::sendto(fd_, answer.data(), answer.size(), 0, reinterpret_cast<sockaddr*>(&from), from_size);
  }
}

} // namespace troupe::test
