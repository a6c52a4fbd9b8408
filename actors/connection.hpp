#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>

#include "actors/io_thread.hpp"
#include "actors/receive_gauge.hpp"
#include "protocols/handshake.hpp"
#include "protocols/liveness.hpp"
#include "protocols/wire/messages.hpp"

namespace troupe {

/// Why a connection closed: for logs, connect errors and nodedown reasons.
struct close_reason {
  std::string text;
  /// Set when the handshake ended in a refusal, by either side.
  std::optional<wire::refusal> refusal;
  bool refused_by_peer = false;
  /// The handshake or the peer's heartbeats did not come in time.
  bool timed_out = false;
};

struct connection_limits {
  std::uint32_t max_frame_size = 64u << 20;
  std::uint64_t send_buffer_limit = 4u << 20;
  std::uint64_t receive_buffer_limit = 16u << 20;
  proto::duration handshake_timeout = std::chrono::seconds{5};
  proto::liveness_config liveness;
};

/// One TCP connection to a peer: the handshake, then frames both ways.
///
/// Reading, the handshake and heartbeats run on the node's I/O thread.
/// Sending is open to every thread: a sender appends its frame to the
/// outbound buffer under a lock and, when no write is in progress and the
/// connection was quiet, writes it to the socket itself, so a lone message
/// costs no thread hand-off. Frames that follow each other closely (a
/// stream, or the replies of the actors one read woke) are written by the
/// I/O thread instead, many per system call. The buffer is bounded: past
/// `send_buffer_limit`, senders wait until the network drains it or the
/// connection closes (back-pressure); on the I/O thread, io_thread::wait
/// lets its standby thread run the loop meanwhile.
class connection : public std::enable_shared_from_this<connection> {
public:
  /// What a connection tells its node, always on the I/O thread.
  class owner {
  public:
    virtual ~owner() = default;
    /// The peer proved it knows the cookie; answer with admit() or refuse().
    virtual void on_authenticated(connection& conn) = 0;
    virtual void on_established(connection& conn) = 0;
    virtual void on_message(connection& conn, const wire::decoded_message& msg) = 0;
    virtual void on_pong(connection& conn, std::uint64_t id) = 0;
    virtual void on_service(connection& conn, const wire::decoded_service& msg) = 0;
    /// Called once; nothing is sent or delivered on `conn` after it.
    virtual void on_closed(connection& conn, const close_reason& reason) = 0;
  };

  enum class send_result { sent, closed, encode_failed };

  /// Senders of one node that wait for send buffer space, on any of its
  /// connections. While one does, no connection of the node stops reading
  /// for back-pressure: two nodes whose actors send to each other would
  /// otherwise both stop reading while each waits for the other to read
  /// (8 MiB echoes over one connection came to a standstill).
  using waiting_senders = std::shared_ptr<std::atomic<int>>;

  /// `io` is shared: a sender may hold the last reference to a connection
  /// after its node is gone, and the socket must not outlive its context.
  connection(std::shared_ptr<asio::io_context> io, io_thread& loop, asio::ip::tcp::socket socket,
             owner& owner, proto::handshake handshake, const connection_limits& limits,
             waiting_senders senders);

  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;
  ~connection();

  /// Starts the handshake and reading. I/O thread.
  void start();

  /// Answers on_authenticated. I/O thread.
  void admit();
  void refuse(wire::refusal reason, std::string detail);

  /// Appends the frame that `encode(buffer)` writes and sends it soon.
  /// `encode` runs under the connection's lock and returns false to take its
  /// frame back (e.g. when a payload cannot be serialized). Any thread; only
  /// after the handshake.
  template <class Encode>
  send_result send(Encode&& encode) {
    if (muted_.load(std::memory_order_relaxed))
      return send_result::sent; // lost in the injected partition
    std::unique_lock lock{out_mutex_};
    if (!wait_for_space(lock))
      return send_result::closed;
    auto mark = pending_.size();
    if (!encode(pending_)) {
      pending_.resize(mark);
      return send_result::encode_failed;
    }
    flush(lock);
    return send_result::sent;
  }

  /// Sends a ping frame. I/O thread.
  void send_ping(std::uint64_t id);

  /// Heartbeats and idle detection. I/O thread, every liveness tick period.
  void tick(proto::time_point now);

  /// Closes now; queued frames are dropped. I/O thread.
  void close(close_reason reason);

  /// Sends a goodbye after the queued frames, reports the close, and closes
  /// the socket once the frames are out (or after a grace period). I/O thread.
  void shutdown(std::string reason);

  bool established() const noexcept { return established_; }

  /// True once the close was reported; the connection only drains now.
  bool closing() const noexcept { return closed_reported_; }

  /// The peer, once the handshake has told it (always by on_authenticated).
  const std::optional<wire::node_identity>& peer() const noexcept { return handshake_.peer(); }

  /// The session and lane this connection belongs to (see handshake::slot).
  const wire::connection_slot& slot() const noexcept { return handshake_.slot(); }

  bool outbound() const noexcept { return handshake_.is_initiator(); }

  /// While muted, nothing is sent and whatever arrives is dropped unread, as
  /// if the network between the nodes were cut: the idle timeout ends the
  /// connection. For injected partitions. Any thread.
  void mute(bool on) noexcept { muted_.store(on, std::memory_order_relaxed); }

  std::string remote_endpoint() const;
  std::string local_endpoint() const;

  /// Reads so far; frames of one read share a number. I/O thread.
  std::uint64_t reads() const noexcept { return reads_; }

  /// The receive gauge's share for a message of `bytes` delivered from
  /// this connection: reading pauses while the local actors hold more than
  /// `receive_buffer_limit` of them. Established connections, I/O thread.
  receive_gauge::receipt receipt_for(std::uint64_t bytes) { return gauge_->take(bytes); }

  /// Actor messages received on this connection.
  std::uint64_t messages_received() const noexcept {
    return messages_received_.load(std::memory_order_relaxed);
  }

private:
  // -- reading (I/O thread) ---------------------------------------------------

  void read_some();
  /// Reads again after a pause for back-pressure (receive_gauge).
  void resume_reading();
  void on_read(const asio::error_code& error, std::size_t bytes);
  /// Handles every complete frame in the read buffer; false if the connection closed.
  bool consume_frames();
  void release_buffers();
  void on_frame(const wire::frame_view& frame);
  void on_established_frame(const wire::frame_view& frame);
  void on_decode_error(wire::decode_error error);
  void apply(proto::handshake::step step);
  void report_closed(close_reason reason);

  // -- writing ----------------------------------------------------------------

  bool wait_for_space(std::unique_lock<std::mutex>& lock);
  void flush(std::unique_lock<std::mutex>& lock);
  /// Hands pending_ to the socket without waiting; false if some is left.
  bool send_pending();
  void write_queued();
  void start_write(std::unique_lock<std::mutex>& lock);
  void defer_write();
  void on_written(const asio::error_code& error);
  void send_bytes(const wire::byte_buffer& frames);
  void close_gracefully(close_reason reason);
  void close_socket();

  std::shared_ptr<asio::io_context> io_owner_;
  asio::io_context& io_;
  io_thread& loop_;
  asio::ip::tcp::socket socket_;
  owner& owner_;
  proto::handshake handshake_;
  connection_limits limits_;
  asio::steady_timer timer_; ///< handshake timeout, then the shutdown grace period

  bool established_ = false;
  bool closed_reported_ = false;
  std::optional<proto::liveness> liveness_;
  bool received_since_tick_ = false;
  std::atomic<bool> sent_since_tick_{false};
  std::atomic<bool> muted_{false};
  std::atomic<std::uint64_t> messages_received_{0};

  wire::byte_buffer read_buffer_;
  std::size_t read_filled_ = 0;
  bool shrinking_read_buffer_ = false; ///< the read is cancelled to release the buffer
  receive_gauge* gauge_ = nullptr;     ///< once established; ends with its last receipt
  waiting_senders waiting_senders_;
  std::uint64_t reads_ = 0;

  std::mutex out_mutex_;
  std::condition_variable space_available_;
  wire::byte_buffer pending_;        ///< frames not handed to the socket yet
  std::size_t pending_offset_ = 0;   ///< bytes of pending_ already written
  wire::byte_buffer writing_;        ///< frames of the write in progress
  std::size_t writing_offset_ = 0;   ///< where in writing_ the write starts
  bool write_in_flight_ = false;     ///< the I/O thread owns writing
  bool write_deferred_ = false;      ///< ... but has not started: the socket is free
  std::size_t eager_backlog_ = 0;    ///< what the last eager write left in pending_
  std::chrono::steady_clock::time_point last_flush_; ///< when a frame last asked for a write
  bool accepting_ = true;            ///< false once closing: no more frames
  bool close_after_write_ = false;   ///< shutdown: close when the queue is empty
};

} // namespace troupe
