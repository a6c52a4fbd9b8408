#include "tests/support/raw_client.hpp"

#include <poll.h>

#include <asio/connect.hpp>
#include <asio/write.hpp>
#include <caf/actor_system.hpp>
#include <openssl/rand.h>

#include "actors/config.hpp"
#include "actors/runtime_id.hpp"
#include "protocols/handshake.hpp"

namespace troupe::test {

raw_client::raw_client(std::uint16_t port) : socket_(io_) {
  socket_.connect({asio::ip::make_address("127.0.0.1"), port});
}

void raw_client::send(const wire::byte_buffer& bytes) {
  sent_.insert(sent_.end(), bytes.begin(), bytes.end());
  asio::error_code ignored; // the node may have closed already
  asio::write(socket_, asio::buffer(bytes), ignored);
}

bool raw_client::receive_some(std::chrono::milliseconds timeout) {
  pollfd ready{socket_.native_handle(), POLLIN, 0};
  if (::poll(&ready, 1, static_cast<int>(timeout.count())) <= 0)
    return true; // nothing yet, still open
  char chunk[4096];
  asio::error_code error;
  auto got = socket_.read_some(asio::buffer(chunk), error);
  received_.insert(received_.end(), chunk, chunk + got);
  return !error;
}

bool raw_client::closed_by_peer(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline)
    if (!receive_some(std::chrono::milliseconds{20}))
      return true;
  return false;
}

std::expected<void, std::string> raw_client::handshake(const std::string& name,
                                                       const std::string& cookie) {
  wire::nonce nonce;
  RAND_bytes(nonce.data(), static_cast<int>(nonce.size()));
  wire::node_identity self{*node_name::parse(name), 1, {}, fresh_runtime_id(), {"default"}, 1};
  auto hs = proto::handshake::initiate(self, *proto::cookie::make(cookie), nonce, {},
                                       {.session_id = 42, .channel = 0, .lane = 0});
  auto step = hs.begin();
  std::size_t consumed = received_.size();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds{5};
  while (std::chrono::steady_clock::now() < deadline) {
    send(step.send);
    if (step.happened) {
      if (auto* failed = std::get_if<proto::handshake::failed>(&*step.happened))
        return std::unexpected{std::string{wire::to_string(failed->reason)}};
      if (std::holds_alternative<proto::handshake::established>(*step.happened))
        return {};
      step = hs.admit(); // authenticated: a lone client always goes on
      continue;
    }
    wire::byte_span unread{received_.data() + consumed, received_.size() - consumed};
    auto scan = wire::scan_frame(unread, wire::handshake_body_limit);
    if (!scan)
      return std::unexpected{"undecodable answer: " + std::string{wire::to_string(scan.error())}};
    if (scan->frame) {
      consumed += scan->frame_size;
      step = hs.on_frame(*scan->frame);
    } else if (!receive_some(std::chrono::seconds{2})) {
      return std::unexpected{std::string{"the node closed the connection"}};
    } else {
      step = {};
    }
  }
  return std::unexpected{std::string{"no answer within 5 s"}};
}

std::string fresh_runtime_id() {
  troupe::config config;
  caf::actor_system system{config};
  return runtime_id_of(system);
}

} // namespace troupe::test
