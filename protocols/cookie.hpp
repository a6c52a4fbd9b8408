#pragma once

#include <expected>
#include <string>
#include <string_view>

#include "protocols/node_name.hpp"
#include "protocols/wire/messages.hpp"

namespace troupe::proto {

/// The secret that nodes of one cluster share. It never crosses the wire:
/// each side of a handshake proves it knows the cookie with an HMAC-SHA256
/// over both sides' nonces and names, so a proof cannot be replayed on
/// another connection or reflected back to its sender.
class cookie {
public:
  /// Longest cookie accepted, in bytes.
  static constexpr std::size_t max_size = 255;

  static std::expected<cookie, std::string> make(std::string_view secret);

  /// Which side of the handshake a proof comes from.
  enum class side { initiator, acceptor };

  /// The proof that `by` sends for the handshake identified by both nonces
  /// and both names.
  wire::mac prove(side by, const wire::nonce& initiator_nonce, const wire::nonce& acceptor_nonce,
                  const node_name& initiator, const node_name& acceptor) const;

  /// Compares in constant time.
  bool verify(const wire::mac& proof, side by, const wire::nonce& initiator_nonce,
              const wire::nonce& acceptor_nonce, const node_name& initiator,
              const node_name& acceptor) const;

private:
  explicit cookie(std::string secret) : secret_(std::move(secret)) {}

  std::string secret_;
};

} // namespace troupe::proto
