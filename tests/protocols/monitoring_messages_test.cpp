#include <doctest/doctest.h>

#include <random>

#include "protocols/monitoring/messages.hpp"

using namespace troupe;
using namespace troupe::proto::monitoring;

namespace {

std::vector<message> samples() {
  return {monitor{7, {"worker", 0, 0}},
          monitor{8, {"", 42, 1796226145356732}},
          demonitor{7},
          down{7, down_reason::exited, "user_shutdown"},
          down{8, down_reason::noproc, ""}};
}

wire::byte_buffer encoded(const message& msg) {
  wire::byte_buffer out;
  encode(out, msg);
  return out;
}

} // namespace

TEST_CASE("every monitor message decodes to what was encoded") {
  for (const auto& msg : samples())
    CHECK(decode(encoded(msg)) == msg);
}

TEST_CASE("a cut or padded monitor message, an unknown tag or reason, a bad name are refused") {
  for (const auto& msg : samples()) {
    auto bytes = encoded(msg);
    for (std::size_t size = 0; size < bytes.size(); ++size)
      CHECK_FALSE(decode({bytes.data(), size}));
    bytes.push_back(0);
    CHECK_FALSE(decode(bytes));
  }
  CHECK_FALSE(decode(wire::byte_buffer{9}));
  auto bad_reason = encoded(down{1, down_reason::noproc, ""});
  bad_reason[9] = 9;
  CHECK_FALSE(decode(bad_reason));
  CHECK_FALSE(decode(encoded(monitor{1, {"has space", 0, 0}})));
}

TEST_CASE("random bytes never decode into a message outside the limits") {
  std::mt19937 random{3};
  for (int round = 0; round < 20000; ++round) {
    wire::byte_buffer bytes(random() % 40);
    for (auto& byte : bytes)
      byte = static_cast<char>(random() % 4 == 0 ? random() % 4 : random());
    if (auto msg = decode(bytes))
      CHECK(encoded(*msg) == bytes); // whatever decodes is canonical
  }
}
