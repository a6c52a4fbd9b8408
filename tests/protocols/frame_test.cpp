#include <doctest/doctest.h>

#include <random>

#include "protocols/wire/frame.hpp"
#include "protocols/wire/messages.hpp"

using namespace troupe::wire;

namespace {

byte_buffer ping_frame(std::uint64_t id) {
  byte_buffer out;
  encode(out, ping{id});
  return out;
}

} // namespace

TEST_CASE("a frame is found only when all of its bytes are in") {
  auto frame = ping_frame(7);
  REQUIRE(frame.size() == header_size + 8);
  for (std::size_t n = 0; n < frame.size(); ++n) {
    auto scan = scan_frame(byte_span{frame}.first(n), 1024);
    REQUIRE(scan);
    CHECK_FALSE(scan->frame);
    CHECK(scan->frame_size == (n < header_size ? 0 : frame.size()));
  }
  auto scan = scan_frame(frame, 1024);
  REQUIRE(scan);
  REQUIRE(scan->frame);
  CHECK(scan->frame->header.kind == frame_kind::ping);
  CHECK(decode<ping>(scan->frame->body) == ping{7});
}

TEST_CASE("frames follow each other in one stream") {
  auto stream = ping_frame(1);
  auto second = ping_frame(2);
  stream.insert(stream.end(), second.begin(), second.end());
  auto first = scan_frame(stream, 1024);
  REQUIRE(first->frame);
  auto rest = byte_span{stream}.subspan(first->frame_size);
  auto next = scan_frame(rest, 1024);
  REQUIRE(next->frame);
  CHECK(decode<ping>(next->frame->body) == ping{2});
}

TEST_CASE("a bad header ends the stream with a reason") {
  auto frame = ping_frame(1);
  auto with = [&](std::size_t offset, char value) {
    auto copy = frame;
    copy[offset] = value;
    return scan_frame(copy, 1024);
  };
  CHECK(with(4, 'X').error() == decode_error::bad_magic);
  CHECK(with(5, protocol_version + 1).error() == decode_error::version_mismatch);
  CHECK(with(6, 99).error() == decode_error::unknown_kind);
  CHECK(with(7, 1).error() == decode_error::reserved_bits);
}

TEST_CASE("an oversized length prefix is refused from the header alone") {
  byte_buffer header;
  byte_writer w{header};
  w.integer(std::uint32_t{0xFFFFFFFF});
  w.integer(frame_magic);
  w.integer(protocol_version);
  w.integer(static_cast<std::uint8_t>(frame_kind::message));
  w.integer(std::uint8_t{0});
  CHECK(scan_frame(header, hard_body_limit).error() == decode_error::too_large);
  auto frame = ping_frame(1);
  CHECK(scan_frame(frame, 7).error() == decode_error::too_large);
  CHECK(scan_frame(frame, 8)->frame);
}

TEST_CASE("random bytes never yield a frame outside the input or over the limit") {
  std::mt19937 rng{12345};
  std::uniform_int_distribution<int> byte{0, 255};
  std::uniform_int_distribution<std::size_t> length{0, 64};
  for (int round = 0; round < 20000; ++round) {
    byte_buffer input(length(rng));
    for (auto& c : input)
      c = static_cast<char>(byte(rng));
    // Half the rounds get a valid header prefix so that bodies are exercised.
    if (round % 2 == 0 && input.size() >= header_size) {
      input[4] = static_cast<char>(frame_magic);
      input[5] = static_cast<char>(protocol_version);
      input[6] = static_cast<char>(frame_kind::message);
      input[7] = 0;
    }
    auto scan = scan_frame(input, 32);
    if (!scan)
      continue;
    CHECK(scan->frame_size <= header_size + 32);
    if (scan->frame) {
      CHECK(scan->frame->body.data() == input.data() + header_size);
      CHECK(header_size + scan->frame->body.size() <= input.size());
      // Whatever the body holds, decoding it must fail cleanly or succeed.
      (void) decode_message(scan->frame->body);
    }
  }
}
