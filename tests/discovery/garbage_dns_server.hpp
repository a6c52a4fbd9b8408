#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <thread>

namespace troupe::test {

/// A UDP server that answers every DNS query with garbage: the query's own
/// header and question, so that a resolver takes the reply for the answer,
/// followed by answer records that are not records at all. Runs on a
/// thread of its own until it goes.
class garbage_dns_server {
public:
  /// Binds `ip:port`; the test fails if it cannot.
  garbage_dns_server(const std::string& ip, std::uint16_t port);
  ~garbage_dns_server();
  garbage_dns_server(const garbage_dns_server&) = delete;
  garbage_dns_server& operator=(const garbage_dns_server&) = delete;

  /// Queries answered so far.
  int answered() const { return answered_; }

private:
  void serve();

  int fd_ = -1;
  std::atomic<bool> stopping_ = false;
  std::atomic<int> answered_ = 0;
  std::thread thread_;
};

} // namespace troupe::test
