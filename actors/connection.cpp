#include "actors/connection.hpp"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>

#include <asio/post.hpp>
#include <asio/write.hpp>
#include <fmt/format.h>

namespace troupe {

namespace {

/// A quiet connection reads into this much; the buffer doubles while reads
/// fill it, up to the streaming size, so that idle peers cost little memory
/// and busy ones get few large reads.
constexpr std::size_t initial_read_buffer = 8 * 1024;
constexpr std::size_t streaming_read_buffer = 64 * 1024;

/// How long a closing connection may take to send its last frames.
constexpr auto shutdown_grace = std::chrono::seconds{2};

/// A frame that comes sooner than this after the previous one is left for
/// the I/O thread to write together with those that follow: a stream then
/// costs one system call per buffer, not per frame. Round trips take longer
/// than this even on loopback, so a request or reply still goes out at once.
constexpr auto batching_gap = std::chrono::microseconds{10};

/// While a write waits for the end of the handler, frames beyond this much
/// go out at once. Smaller writes wake the reader more often than it gains
/// from (a stream of 32 KiB messages: 1.9 GB/s with 64 KiB, 3.5 with 256).
constexpr std::size_t eager_write_size = 256 * 1024;

} // namespace

connection::connection(std::shared_ptr<asio::io_context> io, io_thread& loop,
                       asio::ip::tcp::socket socket, owner& owner, proto::handshake handshake,
                       const connection_limits& limits, waiting_senders senders)
  : io_owner_(std::move(io)), io_(*io_owner_), loop_(loop), socket_(std::move(socket)),
    owner_(owner), handshake_(std::move(handshake)), limits_(limits), timer_(io_),
    read_buffer_(initial_read_buffer), waiting_senders_(std::move(senders)) {}

connection::~connection() {
  if (gauge_)
    gauge_->detach();
}

void connection::start() {
  asio::error_code ignored;
  socket_.set_option(asio::ip::tcp::no_delay{true}, ignored);
  socket_.native_non_blocking(true, ignored);
  timer_.expires_after(limits_.handshake_timeout);
  timer_.async_wait([self = shared_from_this()](const asio::error_code& error) {
    if (!error && !self->established_)
      self->close({"handshake timed out", std::nullopt, false, true});
  });
  apply(handshake_.begin());
  read_some();
}

void connection::admit() { apply(handshake_.admit()); }

void connection::refuse(wire::refusal reason, std::string detail) {
  apply(handshake_.refuse(reason, std::move(detail)));
}

namespace {

std::string format(const asio::ip::tcp::endpoint& endpoint, const asio::error_code& error) {
  if (error)
    return "?";
  return fmt::format("{}:{}", endpoint.address().to_string(), endpoint.port());
}

} // namespace

std::string connection::remote_endpoint() const {
  asio::error_code error;
  auto endpoint = socket_.remote_endpoint(error);
  return format(endpoint, error);
}

std::string connection::local_endpoint() const {
  asio::error_code error;
  auto endpoint = socket_.local_endpoint(error);
  return format(endpoint, error);
}

// -- reading -------------------------------------------------------------------

void connection::read_some() {
  auto* free_space = read_buffer_.data() + read_filled_;
  socket_.async_read_some(asio::buffer(free_space, read_buffer_.size() - read_filled_),
                          [self = shared_from_this()](const asio::error_code& error,
                                                      std::size_t bytes) {
                            // The actors the frames wake run at the end, and
                            // their replies go out then, in this handler.
                            self->loop_.batch([&] { self->on_read(error, bytes); });
                          });
}

void connection::on_read(const asio::error_code& error, std::size_t bytes) {
  if (closed_reported_)
    return;
  if (std::exchange(shrinking_read_buffer_, false) && error == asio::error::operation_aborted) {
    wire::byte_buffer(initial_read_buffer).swap(read_buffer_);
    read_some();
    return;
  }
  // An injected partition swallows what comes in, the peer's closing too:
  // as in a real one, this side finds out by its heartbeat timeout.
  auto partitioned = established_ && muted_.load(std::memory_order_relaxed);
  if (error) {
    if (!partitioned)
      close({error == asio::error::eof ? "connection closed by peer"
                                       : "read failed: " + error.message()});
    return;
  }
  if (partitioned) {
    read_some();
    return;
  }
  ++reads_;
  auto filled = read_filled_ + bytes == read_buffer_.size();
  read_filled_ += bytes;
  received_since_tick_ = true;
  auto open = consume_frames();
  if (gauge_)
    gauge_->record();
  if (!open)
    return;
  if (filled && read_buffer_.size() < streaming_read_buffer)
    read_buffer_.resize(read_buffer_.size() * 2);
  if (gauge_ && waiting_senders_->load() == 0 && gauge_->pause_if_full())
    return; // local actors have enough of this peer's messages to handle
  read_some();
}

void connection::resume_reading() {
  if (!closed_reported_ && socket_.is_open())
    read_some();
}

bool connection::consume_frames() {
  std::size_t offset = 0;
  for (;;) {
    auto limit = established_ ? limits_.max_frame_size : wire::handshake_body_limit;
    wire::byte_span unread{read_buffer_.data() + offset, read_filled_ - offset};
    auto scan = wire::scan_frame(unread, limit);
    if (!scan) {
      on_decode_error(scan.error());
      return false;
    }
    if (!scan->frame) {
      // Keep the partial frame at the front and make room for all of it; the
      // scan guarantees frame_size is within the limit.
      if (offset > 0)
        std::memmove(read_buffer_.data(), unread.data(), unread.size());
      read_filled_ = unread.size();
      if (scan->frame_size > read_buffer_.size())
        read_buffer_.resize(scan->frame_size);
      return true;
    }
    on_frame(*scan->frame);
    if (closed_reported_)
      return false;
    offset += scan->frame_size;
  }
}

void connection::on_frame(const wire::frame_view& frame) {
  if (established_)
    on_established_frame(frame);
  else
    apply(handshake_.on_frame(frame));
}

void connection::on_decode_error(wire::decode_error error) {
  if (established_)
    close({"protocol error: " + std::string{to_string(error)}});
  else
    apply(handshake_.on_decode_error(error));
}

void connection::on_established_frame(const wire::frame_view& frame) {
  auto malformed = [&] {
    close({"protocol error: malformed " + std::string{to_string(frame.header.kind)} + " frame"});
  };
  switch (frame.header.kind) {
    case wire::frame_kind::message:
      if (auto msg = wire::decode_message(frame.body)) {
        messages_received_.fetch_add(1, std::memory_order_relaxed);
        owner_.on_message(*this, *msg);
      } else {
        malformed();
      }
      return;
    case wire::frame_kind::heartbeat:
      if (!wire::decode<wire::heartbeat>(frame.body))
        malformed();
      return;
    case wire::frame_kind::ping:
      if (auto ping = wire::decode<wire::ping>(frame.body)) {
        wire::byte_buffer pong;
        encode(pong, wire::pong{ping->id});
        send_bytes(pong);
      } else {
        malformed();
      }
      return;
    case wire::frame_kind::pong:
      if (auto pong = wire::decode<wire::pong>(frame.body))
        owner_.on_pong(*this, pong->id);
      else
        malformed();
      return;
    case wire::frame_kind::service:
      if (auto service = wire::decode_service(frame.body))
        owner_.on_service(*this, *service);
      else
        malformed();
      return;
    case wire::frame_kind::goodbye:
      if (auto goodbye = wire::decode<wire::goodbye>(frame.body))
        close({"peer left: " + goodbye->reason});
      else
        malformed();
      return;
    default:
      close({"protocol error: unexpected " + std::string{to_string(frame.header.kind)}
             + " frame after the handshake"});
  }
}

void connection::apply(proto::handshake::step step) {
  if (!step.send.empty())
    send_bytes(step.send);
  if (!step.happened)
    return;
  if (std::holds_alternative<proto::handshake::authenticated>(*step.happened)) {
    owner_.on_authenticated(*this);
  } else if (std::holds_alternative<proto::handshake::established>(*step.happened)) {
    established_ = true;
    timer_.cancel();
    gauge_ = receive_gauge::create(limits_.receive_buffer_limit, io_owner_,
                                   [weak = weak_from_this()] {
                                     if (auto self = weak.lock())
                                       self->resume_reading();
                                   });
    liveness_.emplace(limits_.liveness, proto::clock::now());
    owner_.on_established(*this);
  } else {
    auto& failed = std::get<proto::handshake::failed>(*step.happened);
    auto text = std::string{failed.by_peer ? "refused by peer: " : "refused: "}
                + std::string{to_string(failed.reason)}
                + (failed.detail.empty() ? "" : " (" + failed.detail + ")");
    // Our refusal, if any, is queued: let it reach the peer before closing.
    close_gracefully({std::move(text), failed.reason, failed.by_peer});
  }
}

// -- liveness ------------------------------------------------------------------

void connection::send_ping(std::uint64_t id) {
  wire::byte_buffer frame;
  encode(frame, wire::ping{id});
  send_bytes(frame);
}

void connection::tick(proto::time_point now) {
  if (!established_ || closed_reported_)
    return;
  auto sent = sent_since_tick_.exchange(false, std::memory_order_relaxed);
  // While reading is paused for back-pressure, bytes waiting in the socket
  // show that the peer is alive.
  asio::error_code ignored;
  auto received = std::exchange(received_since_tick_, false)
                  || (gauge_ && gauge_->paused() && socket_.available(ignored) > 0);
  if (!sent && !received)
    release_buffers();
  // A sender of this node began to wait after the pause: read again.
  if (gauge_ && waiting_senders_->load() > 0)
    gauge_->resume();
  switch (liveness_->tick(now, sent, received)) {
    case proto::liveness::action::none:
      return;
    case proto::liveness::action::send_heartbeat: {
      wire::byte_buffer frame;
      encode(frame, wire::heartbeat{});
      send_bytes(frame);
      return;
    }
    case proto::liveness::action::declare_dead:
      close({fmt::format("heartbeat timeout: nothing received for {} ms",
                         std::chrono::duration_cast<std::chrono::milliseconds>(
                           limits_.liveness.idle_timeout)
                           .count()),
             std::nullopt, false, true});
  }
}

void connection::release_buffers() {
  // A burst leaves buffers of megabytes behind; a quiet connection gives
  // them back (the next burst grows them again). Cancelling stops writes
  // too, so not while one is in progress.
  std::lock_guard lock{out_mutex_};
  if (write_in_flight_)
    return;
  if (pending_.empty()) {
    wire::byte_buffer{}.swap(pending_);
    wire::byte_buffer{}.swap(writing_);
  }
  // The pending read still writes into the read buffer when data comes:
  // it is cancelled, and on_read shrinks the buffer once it hears so.
  if (read_filled_ == 0 && read_buffer_.size() > initial_read_buffer && !shrinking_read_buffer_) {
    shrinking_read_buffer_ = true;
    asio::error_code ignored;
    socket_.cancel(ignored);
  }
}

// -- writing -------------------------------------------------------------------

bool connection::wait_for_space(std::unique_lock<std::mutex>& lock) {
  // A closed connection may outlive its node (a sender holds the last
  // reference): it must not touch the node's loop. Closing takes this lock,
  // so the node is still there while the connection accepts frames.
  if (!accepting_)
    return false;
  // The bytes eager writes took count until the write swaps the buffer:
  // the buffer itself stays within the limit.
  auto has_space = [this] { return !accepting_ || pending_.size() < limits_.send_buffer_limit; };
  if (has_space())
    return accepting_;
  waiting_senders_->fetch_add(1);
  loop_.wait(lock, space_available_, has_space);
  waiting_senders_->fetch_sub(1);
  return accepting_;
}

void connection::send_bytes(const wire::byte_buffer& frames) {
  if (established_ && muted_.load(std::memory_order_relaxed))
    return;
  std::unique_lock lock{out_mutex_};
  if (!accepting_)
    return;
  pending_.insert(pending_.end(), frames.begin(), frames.end());
  flush(lock);
}

void connection::flush(std::unique_lock<std::mutex>&) {
  auto queued = pending_.size() - pending_offset_;
  if (queued == 0)
    return;
  if (write_in_flight_) {
    // A stream's sender that has queued this much while its write waits for
    // the end of the handler writes it now: the peer starts reading while
    // the rest is serialized, instead of after a whole send buffer. What a
    // full socket did not take is tried again only after as much more.
    if (write_deferred_ && queued - eager_backlog_ >= eager_write_size)
      eager_backlog_ = send_pending() ? 0 : pending_.size() - pending_offset_;
    return;
  }
  auto now = std::chrono::steady_clock::now();
  auto busy = now - std::exchange(last_flush_, now) < batching_gap;
  // On the I/O thread, the write waits until the current handler is done:
  // the frames of one read's replies go out together.
  if (busy || loop_.in_loop()) {
    defer_write();
    return;
  }
  if (!send_pending())
    defer_write();
}

bool connection::send_pending() {
  auto size = pending_.size() - pending_offset_;
  auto written = ::send(socket_.native_handle(), pending_.data() + pending_offset_, size,
                        MSG_DONTWAIT | MSG_NOSIGNAL);
  sent_since_tick_.store(true, std::memory_order_relaxed);
  if (written == static_cast<ssize_t>(size)) {
    pending_.clear();
    pending_offset_ = 0;
    return true;
  }
  if (written < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
    auto reason = "write failed: " + std::string{std::strerror(errno)};
    accepting_ = false;
    space_available_.notify_all();
    asio::post(io_, [self = shared_from_this(), reason] { self->close({reason}); });
    return true;
  }
  if (written > 0)
    pending_offset_ += static_cast<std::size_t>(written);
  return false;
}

void connection::defer_write() {
  write_in_flight_ = true;
  write_deferred_ = true;
  auto write = [self = shared_from_this()] { self->write_queued(); };
  if (loop_.in_loop())
    loop_.defer(std::move(write));
  else
    asio::post(io_, std::move(write));
}

void connection::write_queued() {
  std::unique_lock lock{out_mutex_};
  write_deferred_ = false;
  eager_backlog_ = 0;
  start_write(lock);
}

void connection::start_write(std::unique_lock<std::mutex>& lock) {
  if (pending_.size() == pending_offset_) {
    write_in_flight_ = false;
    if (close_after_write_) {
      close_socket();
      // The grace period is over: a stopping node need not wait for it.
      timer_.cancel();
    }
    return;
  }
  if (!socket_.is_open())
    return;
  // Swap buffers: senders keep appending to the (empty) other one meanwhile.
  std::swap(writing_, pending_);
  writing_offset_ = std::exchange(pending_offset_, 0);
  pending_.clear();
  space_available_.notify_all();
  lock.unlock();
  // Most writes fit into the socket at once: try before asking Asio to wait.
  auto size = writing_.size() - writing_offset_;
  auto written = ::send(socket_.native_handle(), writing_.data() + writing_offset_, size,
                        MSG_DONTWAIT | MSG_NOSIGNAL);
  if (written == static_cast<ssize_t>(size)) {
    lock.lock();
    writing_.clear();
    sent_since_tick_.store(true, std::memory_order_relaxed);
    // Frames queued meanwhile go out in a handler of their own, so that a
    // stream does not keep this one (and the reading) waiting.
    if (pending_.size() == pending_offset_)
      start_write(lock);
    else
      defer_write();
    return;
  }
  if (written < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
    return close({"write failed: " + std::string{std::strerror(errno)}});
  if (written > 0)
    writing_offset_ += static_cast<std::size_t>(written);
  asio::async_write(socket_,
                    asio::buffer(writing_.data() + writing_offset_,
                                 writing_.size() - writing_offset_),
                    [self = shared_from_this()](const asio::error_code& error, std::size_t) {
                      self->on_written(error);
                    });
}

void connection::on_written(const asio::error_code& error) {
  if (error) {
    close({"write failed: " + error.message()});
    return;
  }
  std::unique_lock lock{out_mutex_};
  writing_.clear();
  sent_since_tick_.store(true, std::memory_order_relaxed);
  start_write(lock);
}

// -- closing -------------------------------------------------------------------

void connection::close(close_reason reason) {
  timer_.cancel();
  {
    std::lock_guard lock{out_mutex_};
    accepting_ = false;
    pending_.clear();
    pending_offset_ = 0;
    close_socket();
  }
  space_available_.notify_all();
  report_closed(std::move(reason));
}

void connection::shutdown(std::string reason) {
  wire::byte_buffer frame;
  encode(frame, wire::goodbye{reason});
  send_bytes(frame);
  close_gracefully({std::move(reason)});
}

void connection::close_gracefully(close_reason reason) {
  {
    std::unique_lock lock{out_mutex_};
    accepting_ = false;
    close_after_write_ = true;
    if (!write_in_flight_)
      defer_write();
  }
  space_available_.notify_all();
  timer_.expires_after(shutdown_grace);
  timer_.async_wait([self = shared_from_this()](const asio::error_code& error) {
    if (!error) {
      std::lock_guard lock{self->out_mutex_};
      self->close_socket();
    }
  });
  report_closed(std::move(reason));
}

void connection::close_socket() {
  asio::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

void connection::report_closed(close_reason reason) {
  if (std::exchange(closed_reported_, true))
    return;
  owner_.on_closed(*this, reason);
}

} // namespace troupe
