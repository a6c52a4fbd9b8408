#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>

namespace troupe::discovery {

/// A blocking TCP connection for the short exchanges of the epmd client, on
/// the discovery loop's own thread. Every call ends by its deadline, so a
/// server that accepts and then stays silent cannot stall discovery; errors
/// are in words and name the peer.
class tcp_stream {
public:
  using clock = std::chrono::steady_clock;

  /// Resolves `host` with the system's resolver and connects.
  static std::expected<tcp_stream, std::string> connect(const std::string& host, std::uint16_t port,
                                                        clock::time_point deadline);

  tcp_stream(tcp_stream&& other) noexcept;
  tcp_stream& operator=(tcp_stream&& other) noexcept;
  tcp_stream(const tcp_stream&) = delete;
  tcp_stream& operator=(const tcp_stream&) = delete;
  ~tcp_stream();

  std::expected<void, std::string> send(std::string_view data, clock::time_point deadline);

  /// Exactly `size` bytes.
  std::expected<std::string, std::string> receive(std::size_t size, clock::time_point deadline);

  /// Everything until the peer closes, at most `limit` bytes.
  std::expected<std::string, std::string> receive_all(std::size_t limit, clock::time_point deadline);

  /// True once the peer has closed its side or the connection broke.
  bool closed_by_peer() const;

  const std::string& peer() const noexcept { return peer_; }

private:
  tcp_stream(int fd, std::string peer) : fd_(fd), peer_(std::move(peer)) {}

  /// `what` went wrong, with the peer and the system's words for `error`.
  std::unexpected<std::string> fail(std::string_view what, int error = 0) const;

  int fd_ = -1;
  std::string peer_; ///< host:port
};

} // namespace troupe::discovery
