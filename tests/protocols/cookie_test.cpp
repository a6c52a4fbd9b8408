#include <doctest/doctest.h>

#include "protocols/cookie.hpp"

using troupe::node_name;
using troupe::proto::cookie;

namespace {

const auto alice = *node_name::parse("alice@h");
const auto bob = *node_name::parse("bob@h");
const troupe::wire::nonce n1{1, 2, 3};
const troupe::wire::nonce n2{9, 8, 7};

} // namespace

TEST_CASE("cookies are 1 to 255 bytes") {
  CHECK(cookie::make("secret"));
  CHECK(cookie::make(std::string(255, 'c')));
  CHECK(cookie::make(std::string(256, 'c')).error() == "the cookie is longer than 255 bytes");
  CHECK(cookie::make("").error() == "the cookie is empty");
}

TEST_CASE("a proof verifies only for the same cookie, side, nonces and names") {
  auto secret = *cookie::make("secret");
  auto proof = secret.prove(cookie::side::initiator, n1, n2, alice, bob);
  CHECK(secret.verify(proof, cookie::side::initiator, n1, n2, alice, bob));
  CHECK_FALSE(cookie::make("Secret")->verify(proof, cookie::side::initiator, n1, n2, alice, bob));
  CHECK_FALSE(secret.verify(proof, cookie::side::acceptor, n1, n2, alice, bob));
  CHECK_FALSE(secret.verify(proof, cookie::side::initiator, n2, n1, alice, bob));
  CHECK_FALSE(secret.verify(proof, cookie::side::initiator, n1, n2, bob, alice));
}
