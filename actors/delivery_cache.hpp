#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <caf/actor_cast.hpp>
#include <caf/actor_control_block.hpp>
#include <caf/weak_intrusive_ptr.hpp>

#include "actors/connection.hpp"
#include "protocols/wire/messages.hpp"

namespace troupe {

/// The destination and sender of the frame delivered last, for the frames
/// of the same read that follow: a stream's frames share them, and looking
/// them up takes locks (the name registry, CAF's proxy registry). Valid for
/// one read of one connection only, so that the next read sees a name
/// registered anew; and weak, so that it keeps no actor alive. I/O thread.
class delivery_cache {
public:
  struct endpoints {
    caf::strong_actor_ptr dest;
    caf::strong_actor_ptr sender;
  };

  std::optional<endpoints> find(const connection& conn, const wire::message_header& header) const {
    if (&conn != conn_ || conn.reads() != read_ || header.dest_id != dest_id_
        || header.sender_id != sender_id_ || header.dest_name != dest_name_)
      return std::nullopt;
    endpoints found{dest_.lock(), sender_.lock()};
    if (!found.dest || (sender_id_ != 0 && !found.sender))
      return std::nullopt;
    return found;
  }

  void keep(const connection& conn, const wire::message_header& header, const endpoints& found) {
    conn_ = &conn;
    read_ = conn.reads();
    dest_name_ = header.dest_name;
    dest_id_ = header.dest_id;
    sender_id_ = header.sender_id;
    dest_ = caf::actor_cast<caf::weak_actor_ptr>(found.dest);
    sender_ = caf::actor_cast<caf::weak_actor_ptr>(found.sender);
  }

private:
  const connection* conn_ = nullptr;
  std::uint64_t read_ = 0;
  std::string dest_name_;
  std::uint64_t dest_id_ = 0;
  std::uint64_t sender_id_ = 0;
  caf::weak_actor_ptr dest_;
  caf::weak_actor_ptr sender_;
};

} // namespace troupe
