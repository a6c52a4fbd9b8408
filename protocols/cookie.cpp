#include "protocols/cookie.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "protocols/wire/byte_buffer.hpp"

namespace troupe::proto {

std::expected<cookie, std::string> cookie::make(std::string_view secret) {
  if (secret.empty())
    return std::unexpected{"the cookie is empty"};
  if (secret.size() > max_size)
    return std::unexpected{"the cookie is longer than 255 bytes"};
  return cookie{std::string{secret}};
}

wire::mac cookie::prove(side by, const wire::nonce& initiator_nonce,
                        const wire::nonce& acceptor_nonce, const node_name& initiator,
                        const node_name& acceptor) const {
  // The transcript: a label naming the side, then every field length-prefixed
  // so that no two transcripts share a byte string.
  wire::byte_buffer transcript;
  wire::byte_writer w{transcript};
  w.short_string(by == side::initiator ? "troupe-initiator-v1" : "troupe-acceptor-v1");
  w.bytes({reinterpret_cast<const char*>(initiator_nonce.data()), initiator_nonce.size()});
  w.bytes({reinterpret_cast<const char*>(acceptor_nonce.data()), acceptor_nonce.size()});
  w.short_string(initiator.str());
  w.short_string(acceptor.str());
  wire::mac result{};
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(transcript.data()), transcript.size(),
       result.data(), &size);
  return result;
}

bool cookie::verify(const wire::mac& proof, side by, const wire::nonce& initiator_nonce,
                    const wire::nonce& acceptor_nonce, const node_name& initiator,
                    const node_name& acceptor) const {
  auto expected = prove(by, initiator_nonce, acceptor_nonce, initiator, acceptor);
  return CRYPTO_memcmp(expected.data(), proof.data(), proof.size()) == 0;
}

} // namespace troupe::proto
