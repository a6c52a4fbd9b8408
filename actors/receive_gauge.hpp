#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>

#include <asio/io_context.hpp>

namespace troupe {

/// The bytes one connection delivered to local actors that they have not
/// handled yet: the receive side's back-pressure. Each delivered message
/// holds a receipt for its frame and gives it back when the actor is done
/// with it (the mailbox element is destroyed). Above `limit` the connection
/// stops reading; once half of it is handled it reads again. A slow actor
/// thus slows the peer's senders through TCP's flow control, as a slow
/// network does, instead of growing its mailbox without bound. The
/// connection does not pause while a sender of its node waits for send
/// buffer space (connection::waiting_senders), which would risk a deadlock.
///
/// Receipts may outlive the connection (a mailbox holds them), so the gauge
/// lives until its connection detached and the last receipt came back; the
/// count of bytes held doubles as its reference count.
class receive_gauge {
public:
  /// A message's share of the gauge. Movable, not copyable.
  class receipt {
  public:
    receipt() = default;
    receipt(receipt&& other) noexcept;
    receipt& operator=(receipt&& other) noexcept;
    ~receipt();

  private:
    friend class receive_gauge;
    receipt(receive_gauge* gauge, std::uint64_t bytes) : gauge_(gauge), bytes_(bytes) {}
    receive_gauge* gauge_ = nullptr;
    std::uint64_t bytes_ = 0;
  };

  /// `on_drained` runs on `io` when a paused connection may read again.
  static receive_gauge* create(std::uint64_t limit, std::shared_ptr<asio::io_context> io,
                               std::function<void()> on_drained);

  receive_gauge(const receive_gauge&) = delete;
  receive_gauge& operator=(const receive_gauge&) = delete;

  /// A receipt for a frame of `bytes` (at least 1 is held, so that an empty
  /// message keeps the gauge alive too). The bytes count from the next
  /// record(): one atomic operation per read instead of one per message. A
  /// receipt given back before that leaves the count low for a moment,
  /// which is harmless: the connection neither pauses nor detaches until it
  /// recorded. I/O thread.
  receipt take(std::uint64_t bytes);

  /// Counts the receipts taken since the last call. I/O thread.
  void record();

  /// Called by the connection after a read: true if it must stop reading
  /// until on_drained; false if it may read on. I/O thread.
  bool pause_if_full();

  /// Ends a pause at once (on_drained runs), whatever the gauge holds.
  void resume();

  /// True while the connection does not read.
  bool paused() const noexcept { return paused_.load(); }

  /// The connection is done with the gauge; it ends with the last receipt.
  void detach();

  std::uint64_t held() const noexcept { return held_.load() & ~attached_bit; }

private:
  /// Set in held_ while the connection is attached.
  static constexpr std::uint64_t attached_bit = std::uint64_t{1} << 63;

  receive_gauge(std::uint64_t limit, std::shared_ptr<asio::io_context> io,
                std::function<void()> on_drained);
  void give_back(std::uint64_t bytes);
  /// Half the limit: reading resumes with room for a burst.
  std::uint64_t low_water() const noexcept { return limit_ / 2; }

  std::atomic<std::uint64_t> held_{attached_bit};
  std::uint64_t unrecorded_ = 0; ///< taken since the last record(); I/O thread
  std::atomic<bool> paused_{false};
  const std::uint64_t limit_;
  std::shared_ptr<asio::io_context> io_;
  std::function<void()> on_drained_;
};

} // namespace troupe
