#include <doctest/doctest.h>

#include "protocols/wire/messages.hpp"

using namespace troupe::wire;
using troupe::node_name;

namespace {

node_identity identity() {
  return {*node_name::parse("alice@127.0.0.1"), 1732000000123456,
          {"127.0.0.1:4000", "10.0.0.1:4000"}, "runtime-id", {"default", "bulk"}, 4};
}

// Encodes `msg`, checks the frame kind, and decodes the body again.
template <class T>
std::optional<T> round_trip(const T& msg) {
  byte_buffer out;
  encode(out, msg);
  auto scan = scan_frame(out, hard_body_limit);
  REQUIRE(scan);
  REQUIRE(scan->frame);
  CHECK(scan->frame_size == out.size());
  CHECK(scan->frame->header.kind == T::kind);
  return decode<T>(scan->frame->body);
}

template <class T>
byte_buffer body_of(const T& msg) {
  byte_buffer out;
  encode(out, msg);
  return {out.begin() + header_size, out.end()};
}

} // namespace

TEST_CASE("every control message decodes to what was encoded") {
  hello h{identity(), "bob@h", {99, 1, 3}, {1, 2, 3}};
  CHECK(round_trip(h) == h);
  challenge c{identity(), {4, 5}, {6, 7}};
  CHECK(round_trip(c) == c);
  CHECK(round_trip(proof{{1}}) == proof{{1}});
  CHECK(round_trip(welcome{}) == welcome{});
  refuse r{refusal::auth_failed, "wrong cookie"};
  CHECK(round_trip(r) == r);
  CHECK(round_trip(heartbeat{}) == heartbeat{});
  CHECK(round_trip(ping{42}) == ping{42});
  CHECK(round_trip(pong{42}) == pong{42});
  CHECK(round_trip(goodbye{"leaving"}) == goodbye{"leaving"});
}

TEST_CASE("every truncation and any trailing byte make a body malformed") {
  auto body = body_of(hello{identity(), "", {1, 0, 0}, {}});
  for (std::size_t n = 0; n < body.size(); ++n)
    CHECK_FALSE(decode<hello>(byte_span{body}.first(n)));
  body.push_back(0);
  CHECK_FALSE(decode<hello>(body));
  auto pong_body = body_of(pong{1});
  pong_body.push_back(0);
  CHECK_FALSE(decode<pong>(pong_body));
}

TEST_CASE("an identity outside the limits is malformed") {
  auto refused = [](node_identity id) {
    return !decode<hello>(body_of(hello{std::move(id), "", {}, {}}));
  };
  auto id = identity();
  id.parallelism = 0;
  CHECK(refused(id));
  id = identity();
  id.parallelism = max_parallelism + 1;
  CHECK(refused(id));
  id = identity();
  id.channels.clear();
  CHECK(refused(id));
  id = identity();
  id.channels = {""};
  CHECK(refused(id));
  id = identity();
  id.channels = {std::string(max_channel_name + 1, 'c')};
  CHECK(refused(id));
  id = identity();
  id.listen.assign(max_listen_addresses + 1, "h:1");
  CHECK(refused(id));
  CHECK_FALSE(refused(identity()));
}

TEST_CASE("a hello naming an invalid node is malformed") {
  auto body = body_of(hello{identity(), "", {}, {}});
  // The name is the first field: a length byte, then "alice@127.0.0.1".
  body[1 + 5] = ':';
  CHECK_FALSE(decode<hello>(body));
  CHECK_FALSE(decode<hello>(body_of(hello{identity(), "not-a-node", {}, {}})));
}

TEST_CASE("a refusal with an unknown reason is malformed") {
  auto body = body_of(refuse{refusal::auth_failed, ""});
  body[0] = 0;
  CHECK_FALSE(decode<refuse>(body));
  body[0] = 100;
  CHECK_FALSE(decode<refuse>(body));
}

TEST_CASE("message headers address actors by id or by name") {
  byte_buffer out;
  auto start = begin_message(out, {.dest_name = "", .dest_id = 17, .sender_id = 5, .message_id = 9});
  out.push_back('x');
  end_frame(out, start);
  auto scan = scan_frame(out, 1024);
  REQUIRE(scan->frame);
  auto by_id = decode_message(scan->frame->body);
  REQUIRE(by_id);
  CHECK(by_id->header.dest_name.empty());
  CHECK(by_id->header.dest_id == 17);
  CHECK(by_id->header.sender_id == 5);
  CHECK(by_id->header.message_id == 9);
  CHECK(std::string(by_id->payload.begin(), by_id->payload.end()) == "x");

  out.clear();
  start = begin_message(out, {.dest_name = "echo", .dest_id = 0, .sender_id = 0, .message_id = 1});
  end_frame(out, start);
  scan = scan_frame(out, 1024);
  auto by_name = decode_message(scan->frame->body);
  REQUIRE(by_name);
  CHECK(by_name->header.dest_name == "echo");
  CHECK(by_name->payload.empty());
}

TEST_CASE("a message header with unknown flags or cut short is malformed") {
  byte_buffer out;
  begin_message(out, {.dest_name = "echo", .dest_id = 0, .sender_id = 1, .message_id = 2});
  byte_buffer body{out.begin() + header_size, out.end()};
  for (std::size_t n = 0; n < body.size(); ++n)
    CHECK_FALSE(decode_message(byte_span{body}.first(n)));
  CHECK(decode_message(body));
  body[0] = 0x02;
  CHECK_FALSE(decode_message(body));
  // By name with an empty name.
  byte_buffer empty_name{1, 0};
  empty_name.resize(2 + 16);
  CHECK_FALSE(decode_message(empty_name));
}

TEST_CASE("a service frame names its service and carries its bytes untouched") {
  byte_buffer out;
  auto start = begin_service(out, service_id::monitors);
  out.insert(out.end(), {'a', 'b', '\0'});
  end_frame(out, start);
  auto scan = scan_frame(out, 1024);
  REQUIRE(scan->frame);
  CHECK(scan->frame->header.kind == frame_kind::service);
  auto service = decode_service(scan->frame->body);
  REQUIRE(service);
  CHECK(service->service == static_cast<std::uint8_t>(service_id::monitors));
  CHECK(std::string(service->body.begin(), service->body.end()) == std::string{"ab\0", 3});
  CHECK_FALSE(decode_service({}));
}
