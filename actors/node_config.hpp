#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actors/log.hpp"

namespace troupe {

/// Everything a node needs to start. Build one from a preset (`lan()` for a
/// data centre, `wan()` across regions, `local()` for tests on one machine)
/// and set the fields that differ; or let troupe::config read it from the
/// command line and config file (options "troupe.<field>", dashes for
/// underscores).
struct node_config {
  using duration = std::chrono::nanoseconds;

  /// This node's name, `name@host`. Required: each node of a cluster needs its own.
  std::string name;

  /// The cluster's shared secret, 1 to 255 bytes. Required; it never crosses the wire.
  std::string cookie;

  /// Where to accept connections, `host:port` or `[v6]:port`; port 0 picks a
  /// free port. Default: loopback only, so that no node is reachable from the
  /// network unless its operator says so.
  std::vector<std::string> listen = {"127.0.0.1:0"};

  /// Channel names. Each is a separate set of connections, so that bulk
  /// traffic on one does not delay messages on another; the first is where
  /// messages go unless they name another. Default: one channel, "default".
  std::vector<std::string> channels = {"default"};

  /// Connections per channel to each peer (lanes). A message's partition key
  /// picks the lane, so messages with one key stay in order. Default 1: more
  /// lanes pay off only for large payloads over long round trips.
  std::uint16_t parallelism = 1;

  /// Send a heartbeat on a connection when nothing was sent for this long.
  duration heartbeat_interval = std::chrono::seconds{1};

  /// A peer from which nothing arrived for this long is down. Default 5 s, five
  /// heartbeats: one lost or late heartbeat is no failure.
  duration idle_timeout = std::chrono::seconds{5};

  /// How long `connect` waits for a session to come up, dial included.
  duration connect_timeout = std::chrono::seconds{5};

  /// An accepted connection that has not finished its handshake after this
  /// long is closed, so half-open strangers cannot pile up.
  duration handshake_timeout = std::chrono::seconds{5};

  /// How long `ping` and `health` wait for a pong.
  duration ping_timeout = std::chrono::seconds{1};

  /// Largest frame body, in bytes, accepted from an authenticated peer (a
  /// message is one frame). Default 64 MiB: room for the 8 MiB payloads of
  /// Partisan's echo benchmark and more, while a misbehaving peer cannot make
  /// a node buffer gigabytes.
  std::uint32_t max_frame_size = 64u << 20;

  /// Bytes queued on one connection before senders wait for the network
  /// (back-pressure). Default 4 MiB: a few round trips of a fast link.
  std::uint64_t send_buffer_limit = 4u << 20;

  /// Bytes of one connection's messages that local actors may hold unhandled
  /// (in their mailboxes or handlers) before the node stops reading from it
  /// (back-pressure: the peer's senders wait, as for a slow network). Default
  /// 16 MiB: two 8 MiB messages, or 200 000 small ones. Reading resumes once
  /// half is handled; a single larger message is still taken whole. An actor
  /// that leaves this much of one peer's messages unhandled while it waits
  /// for another message from that peer (a blocking receive, say) waits in
  /// vain: keep such actors' mailboxes small.
  std::uint64_t receive_buffer_limit = 16u << 20;

  /// Messages an actor woken by a message from the network may handle on the
  /// node's I/O thread before it is handed to CAF's scheduler (see
  /// io_execution_unit). Running it there saves a thread wake-up per message
  /// each way, which is most of a round trip's cost; the price is that a
  /// handler of a remote message must not block, or the node's network
  /// stalls while it does. 0 hands every delivery to the scheduler.
  std::size_t inline_delivery_budget = 1024;

  log_level log = log_level::info;

  /// Data centre: a lost peer is noticed within 5 s.
  static node_config lan();

  /// Across regions: slower heartbeats, longer timeouts.
  static node_config wan();

  /// One machine, tests and demos: a lost peer is noticed within 1 s.
  static node_config local();

  /// The preset called `name` ("lan", "wan" or "local").
  static std::optional<node_config> preset(std::string_view name);

  /// Checks every field; the error names the field and what is wrong.
  std::optional<std::string> validate() const;
};

} // namespace troupe
