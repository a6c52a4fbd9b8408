#include <doctest/doctest.h>

#include <caf/all.hpp>

#include "actors/payload_codec.hpp"
#include "tests/support/test_cluster.hpp"

using namespace troupe;
using namespace troupe::test;

namespace {

using data_atom = caf::atom_constant<caf::atom("data")>;

/// A type the test registers nowhere.
struct stranger {
  int value = 0;
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, stranger& x) {
  return f(caf::meta::type_name("stranger"), x.value);
}

struct codec_fixture {
  troupe::config config;
  std::unique_ptr<caf::actor_system> system;
  std::unique_ptr<caf::scoped_execution_unit> context;

  codec_fixture() {
    config.set("scheduler.max-threads", 1);
    config.add_message_type<test_point>("test_point");
    system = std::make_unique<caf::actor_system>(config);
    context = std::make_unique<caf::scoped_execution_unit>(system.get());
  }

  wire::byte_buffer encode(caf::message msg) {
    wire::byte_buffer out;
    REQUIRE(encode_payload(context.get(), msg, out));
    return out;
  }

  std::optional<caf::message> decode(const wire::byte_buffer& bytes) {
    auto element = decode_payload(context.get(), bytes, {});
    if (!element)
      return std::nullopt;
    CHECK_FALSE(element->sender);
    return element->move_content_to_message();
  }
};

} // namespace

TEST_CASE_FIXTURE(codec_fixture, "payloads keep every element's type and value") {
  auto inner = caf::make_message(std::string{"inner"}, 7);
  auto msg = caf::make_message(data_atom::value, std::vector<char>(100000, 'x'), std::string{"text"},
                               std::int8_t{-8}, std::uint16_t{16}, std::int32_t{-32},
                               std::uint64_t{1} << 63, 2.5, true, test_point{3, 4}, inner);
  auto decoded = decode(encode(msg));
  REQUIRE(decoded);
  CHECK(decoded->match_elements<caf::atom_value, std::vector<char>, std::string, std::int8_t,
                                std::uint16_t, std::int32_t, std::uint64_t, double, bool,
                                test_point, caf::message>());
  CHECK(caf::to_string(*decoded) == caf::to_string(msg));
  CHECK(decode(encode(caf::message{}))->empty());
}

TEST_CASE_FIXTURE(codec_fixture, "the common shapes (an atom and a value) decode the same") {
  for (auto msg : {caf::make_message(data_atom::value, std::vector<char>(64, 'x')),
                   caf::make_message(data_atom::value, std::uint64_t{42}),
                   caf::make_message(std::string{"alone"}),
                   caf::make_message(std::int32_t{-1}, std::string{"pair"})}) {
    auto decoded = decode(encode(msg));
    REQUIRE(decoded);
    CHECK(decoded->type_token() == msg.type_token());
    CHECK(caf::to_string(*decoded) == caf::to_string(msg));
  }
}

TEST_CASE_FIXTURE(codec_fixture, "a type the system does not know is not encoded") {
  wire::byte_buffer out;
  auto msg = caf::make_message(stranger{1});
  CHECK_FALSE(encode_payload(context.get(), msg, out));
}

TEST_CASE_FIXTURE(codec_fixture, "hostile payloads are refused") {
  auto good = encode(caf::make_message(data_atom::value, std::vector<char>(10, 'x')));
  SUBCASE("truncated anywhere") {
    for (std::size_t size = 0; size < good.size(); ++size)
      CHECK_FALSE(decode(wire::byte_buffer(good.begin(), good.begin() + size)));
  }
  SUBCASE("trailing bytes") {
    good.push_back(0);
    CHECK_FALSE(decode(good));
  }
  SUBCASE("more elements than bytes") {
    CHECK_FALSE(decode(wire::byte_buffer{'\xff', '\xff', 1, 0}));
  }
  SUBCASE("a type number CAF does not have") {
    CHECK_FALSE(decode(wire::byte_buffer{1, 0, '\xff', 0x7f}));
  }
  SUBCASE("a type name nobody registered") {
    wire::byte_buffer bytes{1, 0, 0, 0, 8};
    for (char c : std::string{"stranger"})
      bytes.push_back(c);
    bytes.insert(bytes.end(), {1, 0, 0, 0});
    CHECK_FALSE(decode(bytes));
  }
  SUBCASE("a byte vector longer than the payload") {
    auto lying = good;
    lying[lying.size() - 14] = '\x7f'; // the high byte of the vector's u32 length
    CHECK_FALSE(decode(lying));
  }
}
