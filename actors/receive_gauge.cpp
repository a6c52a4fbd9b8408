#include "actors/receive_gauge.hpp"

#include <algorithm>
#include <utility>

#include <asio/post.hpp>

namespace troupe {

receive_gauge::receipt::receipt(receipt&& other) noexcept
  : gauge_(std::exchange(other.gauge_, nullptr)), bytes_(other.bytes_) {}

receive_gauge::receipt& receive_gauge::receipt::operator=(receipt&& other) noexcept {
  std::swap(gauge_, other.gauge_);
  std::swap(bytes_, other.bytes_);
  return *this;
}

receive_gauge::receipt::~receipt() {
  if (gauge_)
    gauge_->give_back(bytes_);
}

receive_gauge* receive_gauge::create(std::uint64_t limit, std::shared_ptr<asio::io_context> io,
                                     std::function<void()> on_drained) {
  return new receive_gauge(limit, std::move(io), std::move(on_drained));
}

receive_gauge::receive_gauge(std::uint64_t limit, std::shared_ptr<asio::io_context> io,
                             std::function<void()> on_drained)
  : limit_(limit), io_(std::move(io)), on_drained_(std::move(on_drained)) {}

receive_gauge::receipt receive_gauge::take(std::uint64_t bytes) {
  bytes = std::max<std::uint64_t>(bytes, 1);
  unrecorded_ += bytes;
  return receipt{this, bytes};
}

void receive_gauge::record() {
  if (unrecorded_ > 0)
    held_.fetch_add(std::exchange(unrecorded_, 0));
}

bool receive_gauge::pause_if_full() {
  if (held() <= limit_)
    return false;
  paused_.store(true);
  if (held() > low_water())
    return true;
  // Drained meanwhile: whoever takes the flag back resumes the reading.
  return !paused_.exchange(false);
}

void receive_gauge::give_back(std::uint64_t bytes) {
  // Sequentially consistent, as pause_if_full's store and load: one of the
  // two sees the other, so a pause cannot miss the drain that ends it.
  auto after = held_.fetch_sub(bytes) - bytes;
  if (after == 0) {
    delete this;
    return;
  }
  if ((after & attached_bit) && (after & ~attached_bit) <= low_water() && paused_.load())
    resume();
}

void receive_gauge::resume() {
  if (paused_.exchange(false))
    asio::post(*io_, on_drained_);
}

void receive_gauge::detach() {
  if (held_.fetch_sub(attached_bit, std::memory_order_acq_rel) == attached_bit)
    delete this;
}

} // namespace troupe
