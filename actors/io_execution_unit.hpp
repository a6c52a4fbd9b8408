#pragma once

#include <cstddef>
#include <vector>

#include <caf/execution_unit.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/resumable.hpp>

#include "actors/io_thread.hpp"

namespace troupe {

/// The node's I/O thread as a CAF execution unit: an actor that a message
/// from the network wakes runs right there, once the current read is
/// handled, instead of waiting for one of CAF's scheduler threads.
///
/// Handing a message to another thread costs a wake-up of that thread (tens
/// of microseconds with CAF's default scheduler, which polls with sleeps),
/// and a message crossing the network already woke the I/O thread. So the
/// actor handles up to `budget` messages here; if it has more, or if
/// `budget` is 0, it goes to CAF's scheduler like any other. Only actors
/// woken by a delivery run here: what they send to other local actors is
/// scheduled as usual, so no chain of local actors can capture the thread.
/// A handler of a remote message therefore runs on the I/O thread and must
/// not block (as CAF asks of all event-based actors): while it runs, the
/// node reads and writes nothing. Back-pressure is the exception: a send
/// that must wait for buffer space hands the loop to io_thread's standby
/// thread meanwhile, which runs no actors itself.
class io_execution_unit final : public caf::execution_unit {
public:
  io_execution_unit(caf::actor_system& system, io_thread& loop, std::size_t budget);

  io_execution_unit(const io_execution_unit&) = delete;
  io_execution_unit& operator=(const io_execution_unit&) = delete;
  ~io_execution_unit() override;

  /// Puts `element` into `dest`'s mailbox; if that wakes `dest`, it runs on
  /// this thread soon. I/O thread.
  void deliver(caf::abstract_actor& dest, caf::mailbox_element_ptr element);

  void exec_later(caf::resumable* job) override;

private:
  void run_woken();

  io_thread& loop_;
  std::size_t budget_;
  bool delivering_ = false;
  std::vector<caf::resumable*> woken_;
  std::vector<caf::resumable*> running_;
};

} // namespace troupe
