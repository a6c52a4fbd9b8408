#include <doctest/doctest.h>

#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include <asio/executor_work_guard.hpp>
#include <asio/post.hpp>

#include "actors/io_thread.hpp"

using namespace std::chrono_literals;
using troupe::io_thread;

namespace {

struct loop_fixture {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  io_thread loop{io, [](const std::exception&) {}};

  loop_fixture() { loop.start(); }

  ~loop_fixture() {
    work.reset();
    loop.join();
  }

  /// What a waiting handler waits for, released by another handler.
  struct gate {
    std::mutex mutex;
    std::condition_variable cv;
    bool released = false;

    void release() {
      std::lock_guard lock{mutex};
      released = true;
      cv.notify_all();
    }

    void wait_on(io_thread& loop) {
      std::unique_lock lock{mutex};
      loop.wait(lock, cv, [this] { return released; });
    }
  };

  /// Runs `f` on the loop and waits for it.
  template <class F>
  void on_loop(F f) {
    std::promise<void> done;
    asio::post(io, [&] {
      f();
      done.set_value();
    });
    REQUIRE(done.get_future().wait_for(5s) == std::future_status::ready);
  }
};

} // namespace

TEST_CASE_FIXTURE(loop_fixture, "a handler that waits lets the standby thread run the loop") {
  gate opened;
  std::thread::id waiter;
  std::thread::id helper;
  bool helper_in_loop = false;
  bool handed_over_meanwhile = false;
  bool back_in_loop = false;
  on_loop([&] {
    waiter = std::this_thread::get_id();
    // Posted before the wait: it can only run if another thread takes the loop.
    asio::post(io, [&] {
      helper = std::this_thread::get_id();
      helper_in_loop = loop.in_loop();
      handed_over_meanwhile = loop.handed_over();
      opened.release();
    });
    opened.wait_on(loop);
    back_in_loop = loop.in_loop() && !loop.handed_over();
  });
  CHECK(opened.released);
  CHECK(helper != waiter);
  CHECK(helper_in_loop);
  CHECK(handed_over_meanwhile);
  CHECK(back_in_loop);
}

TEST_CASE_FIXTURE(loop_fixture, "deferred work runs at the end of its batch, before other handlers") {
  std::vector<std::string> order;
  on_loop([&] {
    asio::post(io, [&] { order.push_back("posted"); });
    loop.batch([&] {
      loop.defer([&] {
        order.push_back("deferred");
        loop.defer([&] { order.push_back("deferred by deferred"); });
      });
      order.push_back("batch");
    });
  });
  on_loop([] {}); // the posted handler has run by now
  CHECK(order == std::vector<std::string>{"batch", "deferred", "deferred by deferred", "posted"});
}

TEST_CASE_FIXTURE(loop_fixture, "work a waiting handler deferred runs while it waits") {
  // As a sender's deferred write frees the send buffer space it waits for:
  // nothing else happens on the loop that would run it.
  gate opened;
  bool ran_handed_over = false;
  on_loop([&] {
    loop.batch([&] {
      loop.defer([&] {
        ran_handed_over = loop.handed_over();
        opened.release();
      });
      opened.wait_on(loop);
    });
  });
  CHECK(opened.released);
  CHECK(ran_handed_over);
}

TEST_CASE_FIXTURE(loop_fixture, "work deferred outside a batch runs in a handler of its own") {
  bool ran = false;
  on_loop([&] { loop.defer([&] { ran = true; }); });
  on_loop([] {});
  CHECK(ran);
}

TEST_CASE_FIXTURE(loop_fixture, "other threads are not in the loop and wait normally") {
  CHECK_FALSE(loop.in_loop());
  std::mutex mutex;
  std::condition_variable cv;
  std::unique_lock lock{mutex};
  auto calls = 0;
  loop.wait(lock, cv, [&] { return ++calls > 0; });
  CHECK(calls == 1);
  CHECK_FALSE(loop.handed_over());
}
