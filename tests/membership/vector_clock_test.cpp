#include <doctest/doctest.h>

#include <random>

#include "protocols/membership/vector_clock.hpp"

using troupe::proto::causal_order;
using troupe::proto::dot;
using clock_type = troupe::proto::vector_clock<int>;

namespace {

clock_type random_clock(std::mt19937_64& rng) {
  clock_type clock;
  for (int i = static_cast<int>(rng() % 12); i > 0; --i)
    clock.increment(static_cast<int>(rng() % 4));
  return clock;
}

clock_type merged(clock_type a, const clock_type& b) {
  a.merge(b);
  return a;
}

} // namespace

TEST_CASE("a clock counts each actor's events and contains exactly those") {
  clock_type clock;
  CHECK(clock.increment(7) == dot<int>{7, 1});
  CHECK(clock.increment(7) == dot<int>{7, 2});
  CHECK(clock.increment(3) == dot<int>{3, 1});
  CHECK(clock.at(7) == 2);
  CHECK(clock.at(5) == 0);
  CHECK(clock.contains({7, 1}));
  CHECK(clock.contains({7, 2}));
  CHECK_FALSE(clock.contains({7, 3}));
  CHECK_FALSE(clock.contains({5, 1}));
  CHECK_FALSE(clock.contains({7, 0}));
}

TEST_CASE("a merged clock has seen what either clock had seen, and says whether it learned") {
  clock_type a;
  a.witness({1, 3});
  a.witness({2, 1});
  clock_type b;
  b.witness({2, 5});
  b.witness({4, 1});
  CHECK(a.merge(b));
  CHECK(a.at(1) == 3);
  CHECK(a.at(2) == 5);
  CHECK(a.at(4) == 1);
  CHECK_FALSE(a.merge(b));
  a.witness({2, 1});
  CHECK(a.at(2) == 5);
}

TEST_CASE("comparing clocks tells equal, earlier, later and concurrent histories apart") {
  clock_type a;
  clock_type b;
  CHECK(a.compare(b) == causal_order::equal);
  b.increment(1);
  CHECK(a.compare(b) == causal_order::before);
  CHECK(b.compare(a) == causal_order::after);
  a.increment(2);
  CHECK(a.compare(b) == causal_order::concurrent);
  a.merge(b);
  CHECK(a.compare(b) == causal_order::after);
  b.merge(a);
  CHECK(a == b);
  CHECK(a.compare(b) == causal_order::equal);
}

TEST_CASE("clock merges are commutative, associative and idempotent, and never go back") {
  std::mt19937_64 rng{42};
  for (int round = 0; round < 500; ++round) {
    auto a = random_clock(rng);
    auto b = random_clock(rng);
    auto c = random_clock(rng);
    CHECK(merged(a, b) == merged(b, a));
    CHECK(merged(merged(a, b), c) == merged(a, merged(b, c)));
    CHECK(merged(a, a) == a);
    auto order = a.compare(merged(a, b));
    CHECK((order == causal_order::before || order == causal_order::equal));
    CHECK((a == b) == (a.compare(b) == causal_order::equal));
  }
}
