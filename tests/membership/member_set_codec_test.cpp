#include <doctest/doctest.h>

#include <random>
#include <string>
#include <vector>

#include "protocols/membership/member_set_codec.hpp"
#include "protocols/wire/messages.hpp"
#include "tests/membership/random_replicas.hpp"
#include "tests/membership/test_spec.hpp"

using namespace troupe::proto;
using troupe::wire::byte_buffer;
using troupe::wire::byte_span;
using troupe::wire::byte_writer;

namespace {

byte_buffer encoded(const member_set& set) {
  byte_buffer out;
  encode(out, set);
  return out;
}

// Specs of three nodes in two runs each, with assorted fields, and the
// actors that are those runs.
std::vector<member_spec> assorted_specs() {
  std::vector<member_spec> specs;
  for (int i = 0; i < 3; ++i)
    for (std::uint64_t run = 1; run <= 2; ++run) {
      auto spec = troupe::test::test_spec(i, run, run == 1 ? "client" : "server");
      spec.listen.push_back("[::1]:" + std::to_string(5000 + i));
      spec.channels.push_back("bulk");
      spec.parallelism = static_cast<std::uint16_t>(run * 4);
      specs.push_back(spec);
    }
  return specs;
}

std::vector<member_set> random_sets(std::uint64_t seed) {
  std::vector<member_actor> actors;
  for (const auto& spec : assorted_specs())
    actors.push_back(actor_of(spec));
  std::mt19937_64 rng{seed};
  return troupe::test::random_replicas(rng, actors, assorted_specs(), 40);
}

// A hand-written encoding whose fields a test can break one at a time. Each
// member has one dot: the context actor of the same position, counter 1.
struct raw_set {
  std::uint8_t format = member_set_format;
  std::vector<std::string> actors{"n@h"};
  std::uint32_t extra_actors = 0; ///< claimed in the count, not present
  std::uint64_t context_counter = 1;
  std::vector<std::string> members{"n@h"};
  std::uint32_t extra_members = 0;
  std::uint8_t listen_count = 1;
  std::string channel = "default";
  std::uint8_t channel_count = 1;
  std::uint16_t parallelism = 1;
  std::string tag;
  std::uint8_t dot_count = 1;
  std::uint32_t dot_actor_offset = 0;
  std::uint64_t dot_counter = 1;

  byte_buffer bytes() const {
    byte_buffer out;
    byte_writer w{out};
    w.integer(format);
    w.integer(static_cast<std::uint32_t>(actors.size() + extra_actors));
    for (const auto& actor : actors) {
      w.short_string(actor);
      w.integer(std::uint64_t{1});
      w.integer(context_counter);
    }
    w.integer(static_cast<std::uint32_t>(members.size() + extra_members));
    for (std::uint32_t i = 0; i < members.size(); ++i) {
      w.short_string(members[i]);
      w.integer(std::uint64_t{1});
      w.integer(listen_count);
      for (int j = 0; j < listen_count; ++j)
        w.short_string("10.0.0.1:4000");
      w.integer(channel_count);
      for (int j = 0; j < channel_count; ++j)
        w.short_string(channel);
      w.integer(parallelism);
      w.short_string(tag);
      w.integer(dot_count);
      for (int j = 0; j < dot_count; ++j) {
        w.integer(i + dot_actor_offset);
        w.integer(dot_counter);
      }
    }
    return out;
  }
};

std::string refusal(const raw_set& raw) {
  auto result = decode_member_set(raw.bytes());
  return result ? "accepted" : result.error();
}

} // namespace

TEST_CASE("a member set decodes to what was encoded") {
  CHECK(decode_member_set(encoded(member_set{})) == member_set{});
  for (std::uint64_t seed = 1; seed <= 100; ++seed)
    for (const auto& set : random_sets(seed)) {
      auto decoded = decode_member_set(encoded(set));
      REQUIRE(decoded.has_value());
      CHECK(*decoded == set);
    }
  CHECK(decode_member_set(raw_set{}.bytes()).has_value());
}

TEST_CASE("every truncation of a member set and any trailing byte are refused") {
  auto sets = random_sets(3);
  auto& largest = *std::ranges::max_element(
      sets, {}, [](const member_set& s) { return s.entries().size(); });
  auto bytes = encoded(largest);
  REQUIRE(largest.entries().size() >= 2);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    auto result = decode_member_set(byte_span{bytes}.first(n));
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error() == "truncated");
  }
  bytes.push_back(0);
  CHECK(decode_member_set(bytes).error() == "trailing bytes");
}

TEST_CASE("random and corrupted bytes are refused or decode to a canonical state, never crash") {
  std::mt19937_64 rng{11};
  for (int round = 0; round < 2000; ++round) {
    byte_buffer noise(rng() % 64);
    for (auto& b : noise)
      b = static_cast<char>(rng());
    if (!noise.empty())
      noise[0] = static_cast<char>(member_set_format);
    CHECK_FALSE(decode_member_set(noise).has_value());
  }
  auto sets = random_sets(5);
  for (const auto& set : sets) {
    auto bytes = encoded(set);
    for (int round = 0; round < 200; ++round) {
      auto corrupted = bytes;
      corrupted[rng() % corrupted.size()] ^= static_cast<char>(1 + rng() % 255);
      auto result = decode_member_set(corrupted);
      if (result) {
        CHECK(result->check_invariants().empty());
        CHECK(encoded(*result) == corrupted);
      }
    }
  }
}

TEST_CASE("a member set beyond a limit or out of canonical order is refused, with the reason") {
  auto broken = [](auto change) {
    raw_set raw;
    change(raw);
    return refusal(raw);
  };
  CHECK(broken([](raw_set& r) { r.format = 2; }) == "unknown format");
  CHECK(broken([](raw_set& r) { r.extra_actors = max_context_entries; })
        == "too many context entries");
  CHECK(broken([](raw_set& r) { r.extra_members = max_members; }) == "too many members");
  CHECK(broken([](raw_set& r) { r.context_counter = 0; }) == "a context entry without events");
  CHECK(broken([](raw_set& r) { r.actors = {"no-at-sign"}; }) == "invalid node name");
  CHECK(broken([](raw_set& r) { r.members = {"n@h@h"}; }) == "invalid node name");
  CHECK(broken([](raw_set& r) { r.actors = {"b@h", "a@h"}; r.members = {}; })
        == "context not in order");
  CHECK(broken([](raw_set& r) { r.actors = {"a@h", "b@h"}; r.members = {"b@h", "a@h"}; })
        == "members not in order");
  CHECK(broken([](raw_set& r) { r.listen_count = troupe::wire::max_listen_addresses + 1; })
        == "too many or too long listen addresses");
  CHECK(broken([](raw_set& r) { r.channel_count = 0; }) == "a member without channels");
  CHECK(broken([](raw_set& r) { r.channel = ""; })
        == "too many, empty or too long channel names");
  CHECK(broken([](raw_set& r) { r.channel = std::string(troupe::wire::max_channel_name + 1, 'c'); })
        == "too many, empty or too long channel names");
  CHECK(broken([](raw_set& r) { r.parallelism = 0; }) == "parallelism out of range");
  CHECK(broken([](raw_set& r) { r.parallelism = troupe::wire::max_parallelism + 1; })
        == "parallelism out of range");
  CHECK(broken([](raw_set& r) { r.tag = std::string(max_tag_size + 1, 't'); }) == "tag too long");
  CHECK(broken([](raw_set& r) { r.dot_count = 0; }) == "a member with no or too many dots");
  CHECK(broken([](raw_set& r) { r.dot_count = max_member_dots + 1; })
        == "a member with no or too many dots");
  CHECK(broken([](raw_set& r) { r.dot_actor_offset = 1; })
        == "a dot of an actor not in the context");
  CHECK(broken([](raw_set& r) { r.dot_counter = 2; }) == "not a state a replica could hold");
  CHECK(broken([](raw_set& r) { r.dot_count = 2; }) == "not a state a replica could hold");
}
