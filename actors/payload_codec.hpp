#pragma once

#include <optional>

#include <caf/execution_unit.hpp>
#include <caf/message.hpp>

#include "protocols/wire/byte_buffer.hpp"

namespace troupe {

/// Turns CAF messages into frame payloads and back, with CAF's own binary
/// format (type names included; every node must register the same types).
/// `context` resolves actor handles inside messages: local actors are
/// exported, remote ones become proxies.
///
/// Decoding treats the payload as hostile: sequence lengths larger than the
/// bytes left and messages nested deeper than a few levels are refused before
/// anything is allocated for them, and CAF's exceptions end in nullopt.
bool encode_payload(caf::execution_unit* context, caf::message& msg, wire::byte_buffer& out);

std::optional<caf::message> decode_payload(caf::execution_unit* context, wire::byte_span payload);

} // namespace troupe
