#include "actors/io_thread.hpp"

#include <utility>

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

void io_thread::defer(task work) {
  deferred_.push_back(std::move(work));
  if (batch_depth_ == 0)
    post_drain();
}

void io_thread::post_drain() {
  if (!std::exchange(drain_posted_, true))
    asio::post(io_, [this] {
      drain_posted_ = false;
      run_deferred();
    });
}

void io_thread::run_deferred() {
  // Work may defer more work (actors reply, replies are written): until none
  // is left. A local list, since a task may wait and let the standby thread
  // run (and defer) meanwhile.
  std::vector<task> running;
  while (!deferred_.empty()) {
    std::swap(running, deferred_);
    for (auto& work : running)
      work();
    running.clear();
  }
}

void io_thread::hand_over() {
  // The waiting handler's batch ends later; the standby's batches must not
  // wait for it to run what they defer.
  handed_over_depth_ = std::exchange(batch_depth_, 0);
  // What the waiting handler deferred so far (the writes that free the
  // space it waits for, above all) must not wait for its batch to end.
  if (!deferred_.empty())
    post_drain();
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
  batch_depth_ = handed_over_depth_;
}

} // namespace troupe
