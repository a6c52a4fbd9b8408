#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <string>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include "protocols/wire/byte_buffer.hpp"

namespace troupe::test {

/// A plain TCP client that speaks as much of troupe's protocol as a test
/// wants: raw bytes, or a real handshake (the protocol core's) followed by
/// anything. It records every byte it sends and receives, so tests can look
/// at what crossed the wire.
class raw_client {
public:
  explicit raw_client(std::uint16_t port);

  void send(const wire::byte_buffer& bytes);
  void send(std::string_view bytes) { send(wire::byte_buffer{bytes.begin(), bytes.end()}); }

  /// Authenticates as node `name` with `cookie` and a runtime id of its own;
  /// the error is the refusal or failure, in words.
  std::expected<void, std::string> handshake(const std::string& name, const std::string& cookie);

  /// True if the node closes the connection within `timeout` (what it sends
  /// until then is recorded and otherwise ignored).
  bool closed_by_peer(std::chrono::milliseconds timeout);

  const wire::byte_buffer& sent() const noexcept { return sent_; }
  const wire::byte_buffer& received() const noexcept { return received_; }

private:
  /// Reads what is there, waiting up to `timeout`; false on EOF or error.
  bool receive_some(std::chrono::milliseconds timeout);

  asio::io_context io_;
  asio::ip::tcp::socket socket_;
  wire::byte_buffer sent_;
  wire::byte_buffer received_;
};

/// A runtime id as a real node would send it: a serialized CAF node id that
/// no running node has.
std::string fresh_runtime_id();

} // namespace troupe::test
