#include "actors/io_execution_unit.hpp"

#include <utility>

#include <caf/abstract_actor.hpp>
#include <caf/actor_system.hpp>
#include <caf/scheduler/abstract_coordinator.hpp>

namespace troupe {

io_execution_unit::io_execution_unit(caf::actor_system& system, io_thread& loop,
                                     std::size_t budget)
  : caf::execution_unit(&system), loop_(loop), budget_(budget) {}

io_execution_unit::~io_execution_unit() {
  // Not run any more: back to the scheduler, which owns their references now.
  for (auto* job : woken_)
    system().scheduler().enqueue(job);
}

void io_execution_unit::deliver(caf::abstract_actor& dest, caf::mailbox_element_ptr element) {
  delivering_ = budget_ > 0 && !loop_.handed_over();
  dest.enqueue(std::move(element), this);
  delivering_ = false;
}

void io_execution_unit::exec_later(caf::resumable* job) {
  if (!delivering_ || job->subtype() != caf::resumable::scheduled_actor) {
    system().scheduler().enqueue(job);
    return;
  }
  // After the frames of this read: one run handles all they brought.
  if (woken_.empty())
    loop_.defer([this] { run_woken(); });
  woken_.push_back(job);
}

void io_execution_unit::run_woken() {
  if (loop_.handed_over()) {
    // The standby thread drains what a waiting actor's handler deferred;
    // it runs no actors (and running_ is the waiting handler's).
    for (auto* job : std::exchange(woken_, {}))
      system().scheduler().enqueue(job);
    return;
  }
  std::swap(running_, woken_);
  for (auto* job : running_) {
    switch (job->resume(this, budget_)) {
      case caf::resumable::resume_later:
        // More mail than the budget: the scheduler takes our reference.
        system().scheduler().enqueue(job);
        break;
      case caf::resumable::awaiting_message:
      case caf::resumable::done:
      case caf::resumable::shutdown_execution_unit:
        intrusive_ptr_release(job);
        break;
    }
  }
  running_.clear();
}

} // namespace troupe
