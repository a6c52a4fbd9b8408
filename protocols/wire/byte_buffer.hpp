#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace troupe::wire {

/// Bytes as they go to and come from sockets. `char` rather than `std::byte`
/// because CAF's binary serializer writes into `std::vector<char>`, and
/// payloads are serialized straight into outgoing frames without a copy.
using byte_buffer = std::vector<char>;
using byte_span = std::span<const char>;

static_assert(std::endian::native == std::endian::little,
              "the wire format is little-endian and so far only encoded natively");

/// Appends fixed-width little-endian integers and length-prefixed strings.
class byte_writer {
public:
  explicit byte_writer(byte_buffer& out) : out_(out) {}

  template <class T>
    requires std::is_integral_v<T>
  void integer(T value) {
    auto pos = out_.size();
    out_.resize(pos + sizeof(T));
    std::memcpy(out_.data() + pos, &value, sizeof(T));
  }

  void bytes(byte_span data) { out_.insert(out_.end(), data.begin(), data.end()); }

  /// A string of at most 255 bytes, prefixed by its length in one byte.
  /// Callers validate lengths first; longer input is a programming error.
  void short_string(std::string_view text) {
    integer(static_cast<std::uint8_t>(text.size()));
    bytes(text);
  }

  /// A string of at most 65535 bytes, prefixed by a 16-bit length.
  void string(std::string_view text) {
    integer(static_cast<std::uint16_t>(text.size()));
    bytes(text);
  }

  std::size_t size() const noexcept { return out_.size(); }

private:
  byte_buffer& out_;
};

/// Reads what byte_writer wrote, never past the end of its input. A failed
/// read sets a sticky flag and yields zero or empty values, so decoders read
/// all fields and check `ok()` once at the end.
class byte_reader {
public:
  explicit byte_reader(byte_span input) : input_(input) {}

  template <class T>
    requires std::is_integral_v<T>
  T integer() {
    T value{};
    if (auto raw = take(sizeof(T)); raw.size() == sizeof(T))
      std::memcpy(&value, raw.data(), sizeof(T));
    return value;
  }

  /// Exactly `n` bytes, or an empty span and a failed reader.
  byte_span take(std::size_t n) {
    if (failed_ || n > input_.size() - pos_) {
      failed_ = true;
      return {};
    }
    auto result = input_.subspan(pos_, n);
    pos_ += n;
    return result;
  }

  std::string short_string() { return as_string(take(integer<std::uint8_t>())); }

  std::string string() { return as_string(take(integer<std::uint16_t>())); }

  /// Everything not read yet.
  byte_span rest() { return take(remaining()); }

  std::size_t remaining() const noexcept { return failed_ ? 0 : input_.size() - pos_; }

  /// Marks the input as malformed (a field out of its range, say).
  void fail() noexcept { failed_ = true; }

  bool ok() const noexcept { return !failed_; }

  /// True if every read succeeded and consumed the input exactly.
  bool ok_and_done() const noexcept { return !failed_ && pos_ == input_.size(); }

private:
  static std::string as_string(byte_span raw) { return {raw.data(), raw.size()}; }

  byte_span input_;
  std::size_t pos_ = 0;
  bool failed_ = false;
};

} // namespace troupe::wire
