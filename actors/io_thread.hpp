#pragma once

#include <atomic>
#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <asio/io_context.hpp>

namespace troupe {

/// The node's I/O thread, which runs the io_context's handlers (reading,
/// writing, timers, and the actors io_execution_unit runs there), and a
/// standby thread that takes over the loop while a handler waits.
///
/// A handler must not block, or the node stops reading and writing. One
/// wait cannot be avoided, though: an actor running on the I/O thread that
/// sends more than a connection's send buffer holds must wait until the
/// network drains it (back-pressure), as it would on any other thread. For
/// that, wait() hands the loop to the standby thread, which runs the
/// handlers until the wait is over and then hands it back. Handlers still
/// run one at a time, on one thread at a time. The standby runs no actors
/// (io_execution_unit asks handed_over()) and never waits itself.
class io_thread {
public:
  using error_handler = std::function<void(const std::exception&)>;

  /// `on_error` hears of exceptions that escape a handler; the loop goes on.
  io_thread(asio::io_context& io, error_handler on_error);

  io_thread(const io_thread&) = delete;
  io_thread& operator=(const io_thread&) = delete;
  ~io_thread();

  /// Starts both threads; the loop runs until the io_context runs out of work.
  void start();

  /// Waits until the loop has ended; false (at once) if called on one of
  /// its threads, or if it never started.
  bool join();

  /// True on the thread that runs the handlers at the moment.
  bool in_loop() const noexcept { return runner_.load() == std::this_thread::get_id(); }

  /// True while the standby thread runs the handlers.
  bool handed_over() const noexcept { return handed_over_.load(); }

  using task = std::function<void()>;

  /// Runs `work` on the loop once the current handler has done its own
  /// work: at the end of the batch() it is part of, or else in a handler of
  /// its own. A read thus runs the actors it woke and writes their replies
  /// within one handler, with no trip through Asio's queue (and its poll of
  /// the sockets) in between. Loop thread only.
  void defer(task work);

  /// Runs `handle`, then the work it deferred. Loop thread only.
  template <class Handle>
  void batch(Handle handle) {
    ++batch_depth_;
    handle();
    if (--batch_depth_ == 0)
      run_deferred();
  }

  /// Waits on `cv` under `lock` until `done()`. In the handler that runs on
  /// the I/O thread it hands the loop to the standby thread meanwhile (and
  /// releases `lock` while taking the loop back); on the standby thread it
  /// does not wait at all, since nothing would run the loop.
  template <class Done>
  void wait(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, Done done) {
    if (!in_loop()) {
      cv.wait(lock, done);
      return;
    }
    if (std::this_thread::get_id() != main_id_.load() || done())
      return;
    hand_over();
    cv.wait(lock, done);
    lock.unlock();
    take_back();
    lock.lock();
  }

private:
  void run_main();
  void run_standby();
  /// Runs handlers until the loop is taken back or the io_context stops.
  void run_handed_over();
  void hand_over();
  void take_back();
  void run_deferred();
  /// Runs the deferred work in a handler of its own (once, however often asked).
  void post_drain();

  asio::io_context& io_;
  error_handler on_error_;
  std::thread main_;
  std::thread standby_;
  std::atomic<std::thread::id> main_id_;
  std::atomic<std::thread::id> runner_;
  std::atomic<bool> handed_over_{false};
  std::atomic<bool> take_back_{false};
  std::mutex mutex_;
  std::condition_variable turn_; ///< the loop changed hands, or the standby must end
  // Owned by whichever thread runs the loop.
  std::vector<task> deferred_;
  int batch_depth_ = 0;
  int handed_over_depth_ = 0; ///< the waiting handler's batches, while the standby runs
  bool drain_posted_ = false;
  // Guarded by mutex_ (as are the changes of handed_over_ and take_back_).
  bool standby_runs_ = false; ///< the standby has taken the loop over
  bool stopping_ = false;
};

} // namespace troupe
