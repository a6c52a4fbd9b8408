#include "actors/io_thread.hpp"

#include <asio/post.hpp>

namespace troupe {

io_thread::io_thread(asio::io_context& io, error_handler on_error)
  : io_(io), on_error_(std::move(on_error)) {}

io_thread::~io_thread() {
  {
    std::lock_guard lock{mutex_};
    stopping_ = true;
  }
  turn_.notify_all();
  if (main_.joinable() && main_.get_id() != std::this_thread::get_id())
    main_.join();
  if (standby_.joinable())
    standby_.join();
}

void io_thread::start() {
  standby_ = std::thread{[this] { run_standby(); }};
  main_ = std::thread{[this] { run_main(); }};
}

bool io_thread::join() {
  auto self = std::this_thread::get_id();
  if (!main_.joinable() || main_id_.load() == self || standby_.get_id() == self)
    return false;
  main_.join();
  return true;
}

void io_thread::run_main() {
  main_id_ = std::this_thread::get_id();
  runner_ = std::this_thread::get_id();
  // A throwing handler (a peer listener, say) must not take the node down.
  for (;;) {
    try {
      io_.run();
      return;
    } catch (const std::exception& error) {
      on_error_(error);
    }
  }
}

void io_thread::run_standby() {
  std::unique_lock lock{mutex_};
  for (;;) {
    turn_.wait(lock, [this] { return stopping_ || (handed_over_ && !take_back_); });
    if (stopping_)
      return;
    standby_runs_ = true;
    runner_ = std::this_thread::get_id();
    lock.unlock();
    run_handed_over();
    lock.lock();
    standby_runs_ = false;
    handed_over_ = false;
    turn_.notify_all();
  }
}

void io_thread::run_handed_over() {
  while (!take_back_ && !io_.stopped()) {
    try {
      io_.run_one();
    } catch (const std::exception& error) {
      on_error_(error);
    }
  }
}

void io_thread::hand_over() {
  {
    std::lock_guard lock{mutex_};
    take_back_ = false;
    handed_over_ = true;
  }
  turn_.notify_all();
}

void io_thread::take_back() {
  std::unique_lock lock{mutex_};
  take_back_ = true;
  if (standby_runs_) {
    // Wakes the standby if it waits for events; harmless if it ended meanwhile.
    asio::post(io_, [] {});
    turn_.wait(lock, [this] { return !handed_over_; });
  }
  handed_over_ = false;
  runner_ = std::this_thread::get_id();
}

} // namespace troupe
