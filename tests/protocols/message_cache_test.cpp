#include <doctest/doctest.h>

#include <cstdint>

#include "protocols/plumtree/message_cache.hpp"

namespace pt = troupe::proto::plumtree;

namespace {

pt::payload bytes(std::string_view text) { return {text.begin(), text.end()}; }

} // namespace

TEST_CASE("the message cache keeps the newest payloads and remembers more ids than payloads") {
  pt::message_cache<std::uint32_t> cache{0, 2, 3};
  for (std::uint64_t id = 1; id <= 4; ++id)
    CHECK(cache.merge(pt::message_id{id}, bytes(std::to_string(id))));
  CHECK_FALSE(cache.is_stale(pt::message_id{1})); // forgotten altogether
  CHECK(cache.is_stale(pt::message_id{2}));       // known, but its payload is gone
  CHECK(cache.graft(pt::message_id{2}) == std::unexpected{pt::graft_error::unavailable});
  CHECK(cache.graft(pt::message_id{3}) == bytes("3"));
  CHECK(*cache.find(pt::message_id{4}) == bytes("4"));
  CHECK_FALSE(cache.merge(pt::message_id{4}, bytes("again")));
}

TEST_CASE("broadcasts through the cache get ids unique to their origin, and count as known") {
  pt::message_cache<std::uint32_t> one{1, 4, 4};
  pt::message_cache<std::uint32_t> two{2, 4, 4};
  auto [first, data] = one.broadcast_data(bytes("x"));
  auto [second, ignored] = one.broadcast_data(bytes("y"));
  auto [other, unused] = two.broadcast_data(bytes("x"));
  CHECK(data == bytes("x"));
  CHECK(first != second);
  CHECK(first != other);
  CHECK(one.is_stale(first));
  CHECK_FALSE(one.merge(first, data));
}
