#include <doctest/doctest.h>

#include <random>
#include <string>

#include "protocols/membership/member_set.hpp"
#include "tests/membership/random_replicas.hpp"

using troupe::node_name;
using troupe::proto::member_actor;
using troupe::proto::member_set;
using troupe::proto::member_spec;
using troupe::proto::orset;
using troupe::test::random_replicas;
using int_set = orset<int, int>;

namespace {

template <class Set>
Set merged(Set a, const Set& b) {
  a.merge(b);
  return a;
}

void require_sound(const int_set& s) { REQUIRE(s.check_invariants().empty()); }

} // namespace

TEST_CASE("merging replicas gives one result whatever the order, grouping or repetition") {
  std::mt19937_64 rng{7};
  for (int round = 0; round < 300; ++round) {
    CAPTURE(round);
    auto replicas = random_replicas<int, int>(rng, {0, 1, 2, 3}, {0, 1, 2, 3, 4, 5}, 60);
    const auto& a = replicas[0];
    const auto& b = replicas[1];
    const auto& c = replicas[2];
    for (const auto& r : replicas)
      require_sound(r);
    require_sound(merged(a, b));
    CHECK(merged(a, b) == merged(b, a));
    CHECK(merged(merged(a, b), c) == merged(a, merged(b, c)));
    CHECK(merged(a, a) == a);
    CHECK(merged(merged(a, b), b) == merged(a, b));
  }
}

TEST_CASE("a replica whose context covers another's already holds all the other knows") {
  std::mt19937_64 rng{10};
  int covering_pairs = 0;
  for (int round = 0; round < 300; ++round) {
    auto replicas = random_replicas<int, int>(rng, {0, 1, 2}, {0, 1, 2, 3}, 40);
    for (const auto& a : replicas)
      for (const auto& b : replicas)
        if (&a != &b && a.context().covers(b.context())) {
          ++covering_pairs;
          CHECK(merged(b, a) == a);
        }
  }
  CHECK(covering_pairs > 100);
}

TEST_CASE("a merge reports a change exactly when the replica changed") {
  std::mt19937_64 rng{8};
  for (int round = 0; round < 300; ++round) {
    auto replicas = random_replicas<int, int>(rng, {0, 1, 2}, {0, 1, 2, 3}, 40);
    auto a = replicas[0];
    auto before = a;
    bool changed = a.merge(replicas[1]);
    CHECK(changed == (a != before));
  }
}

TEST_CASE("replicas that exchanged their states hold the same elements") {
  std::mt19937_64 rng{9};
  for (int round = 0; round < 100; ++round) {
    auto replicas = random_replicas<int, int>(rng, {0, 1, 2, 3}, {0, 1, 2, 3, 4, 5}, 80);
    int_set all;
    for (const auto& r : replicas)
      all.merge(r);
    for (auto& r : replicas) {
      r.merge(all);
      CHECK(r == all);
    }
  }
}

TEST_CASE("an add concurrent with a remove wins") {
  int_set a;
  a.add(0, 42);
  auto b = a;
  a.remove(0, 42);
  b.add(1, 42);
  CHECK(merged(a, b).contains(42));
  CHECK(merged(b, a).contains(42));
}

TEST_CASE("a removed element does not come back from a replica that still holds it") {
  int_set a;
  a.add(0, 42);
  a.add(0, 7);
  auto stale = a;
  a.remove(0, 42);
  CHECK(merged(a, stale).elements() == std::vector<int>{7});
  CHECK(merged(stale, a).elements() == std::vector<int>{7});
  // The context remembers the removal after the element is gone everywhere.
  auto c = merged(int_set{}, a);
  CHECK_FALSE(merged(c, stale).contains(42));
}

TEST_CASE("adding an element again replaces the dots this replica observed") {
  int_set a;
  a.add(0, 1);
  auto b = merged(int_set{}, a);
  b.add(1, 1);
  a.merge(b);
  REQUIRE(a.entries().at(1).size() == 1);
  CHECK(a.entries().at(1).front().actor == 1);
  CHECK(a.context().at(0) == 1);
  CHECK(a.context().at(1) == 1);
}

TEST_CASE("a restarted node's first spec is kept because its actor includes the incarnation") {
  auto name = *node_name::parse("n@h");
  member_spec first{name, 1, {"10.0.0.1:1"}, {"default"}};
  member_spec second{name, 2, {"10.0.0.2:1"}, {"default"}};
  member_set cluster;
  cluster.add(member_actor{name, 1}, first);
  cluster.remove(member_actor{name, 1}, first); // as after a leave
  member_set restarted;
  restarted.add(member_actor{name, 2}, second); // counts from one again
  CHECK(merged(cluster, restarted).elements() == std::vector{second});

  // With the name alone as the actor, the new dot looks like the removed one.
  orset<std::string, std::string> by_name;
  by_name.add("n@h", "first run");
  by_name.remove("n@h", "first run");
  orset<std::string, std::string> again;
  again.add("n@h", "second run");
  CHECK(merged(by_name, again).elements().empty());
}

TEST_CASE("a state no replica could hold is refused") {
  using dots = int_set::dot_set;
  troupe::proto::vector_clock<int> context;
  context.witness({0, 2});
  CHECK(int_set::from_parts({{1, dots{{0, 1}}}, {2, dots{{0, 2}}}}, context));
  CHECK_FALSE(int_set::from_parts({{1, dots{{0, 3}}}}, context));         // unseen dot
  CHECK_FALSE(int_set::from_parts({{1, dots{{0, 1}}}, {2, dots{{0, 1}}}}, context)); // shared
  CHECK_FALSE(int_set::from_parts({{1, dots{}}}, context));                // no dot
  CHECK_FALSE(int_set::from_parts({{1, dots{{0, 2}, {0, 1}}}}, context));  // unsorted
}
