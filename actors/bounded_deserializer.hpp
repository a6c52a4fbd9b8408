#pragma once

#include <cstdint>
#include <string>

#include <caf/binary_deserializer.hpp>
#include <caf/deserializer.hpp>
#include <caf/sec.hpp>

#include "protocols/wire/byte_buffer.hpp"

namespace troupe {

/// CAF's binary_deserializer trusts length prefixes (it resizes a vector to
/// whatever the peer claims) and recurses into nested messages without a
/// bound. It is final, so this decorator checks what it is asked to read and
/// forwards the reading itself.
class bounded_deserializer final : public caf::deserializer {
public:
  static constexpr int max_depth = 16;

  bounded_deserializer(caf::execution_unit* context, wire::byte_span bytes)
    : caf::deserializer(context), inner_(context, bytes.data(), bytes.size()) {}

  std::size_t remaining() const noexcept { return inner_.remaining(); }

  caf::error begin_object(std::uint16_t& type, std::string& name) override {
    if (++depth_ > max_depth)
      return caf::sec::invalid_argument;
    return inner_.begin_object(type, name);
  }

  caf::error end_object() override {
    --depth_;
    return inner_.end_object();
  }

  caf::error begin_sequence(std::size_t& size) override {
    if (auto error = inner_.begin_sequence(size))
      return error;
    return size > inner_.remaining() ? caf::error{caf::sec::end_of_stream} : caf::error{};
  }

  caf::error end_sequence() override { return inner_.end_sequence(); }

  caf::error apply_raw(std::size_t size, void* data) override {
    return inner_.apply_raw(size, data);
  }

protected:
  caf::error apply_impl(std::int8_t& x) override { return inner_(x); }
  caf::error apply_impl(std::uint8_t& x) override { return inner_(x); }
  caf::error apply_impl(std::int16_t& x) override { return inner_(x); }
  caf::error apply_impl(std::uint16_t& x) override { return inner_(x); }
  caf::error apply_impl(std::int32_t& x) override { return inner_(x); }
  caf::error apply_impl(std::uint32_t& x) override { return inner_(x); }
  caf::error apply_impl(std::int64_t& x) override { return inner_(x); }
  caf::error apply_impl(std::uint64_t& x) override { return inner_(x); }
  caf::error apply_impl(float& x) override { return inner_(x); }
  caf::error apply_impl(double& x) override { return inner_(x); }
  caf::error apply_impl(long double& x) override { return inner_(x); }
  caf::error apply_impl(std::string& x) override { return inner_(x); }
  caf::error apply_impl(std::u16string& x) override { return inner_(x); }
  caf::error apply_impl(std::u32string& x) override { return inner_(x); }

private:
  caf::binary_deserializer inner_;
  int depth_ = 0;
};

} // namespace troupe
