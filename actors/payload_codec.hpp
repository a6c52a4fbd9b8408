#pragma once

#include <caf/execution_unit.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/message.hpp>

#include "actors/receive_gauge.hpp"
#include "protocols/wire/byte_buffer.hpp"

namespace troupe {

/// Turns CAF messages into frame payloads and back. A payload is the
/// element count (u16), each element's type (u16: CAF's number for its
/// built-in types, or 0 and the name a type of the program's own was
/// registered under; every node must register the same types), then the
/// values. Atoms, integers, strings and byte vectors are written directly;
/// other values with CAF's binary format. CAF's own format would name every
/// type as text in every message and parse the names back, which costs more
/// than the values for small messages. `context` resolves actor handles
/// inside messages: local actors are exported, remote ones become proxies.
///
/// Decoding treats the payload as hostile: counts and lengths larger than
/// the bytes left, unknown types and messages nested deeper than a few
/// levels are refused before anything is allocated for them, and CAF's
/// exceptions end in nullopt.
bool encode_payload(caf::execution_unit* context, caf::message& msg, wire::byte_buffer& out);

/// The message in a mailbox element with neither sender nor message id
/// (the receiver sets both) that holds `receipt` (received_element.hpp),
/// or null if the payload does not decode.
caf::mailbox_element_ptr decode_payload(caf::execution_unit* context, wire::byte_span payload,
                                        receive_gauge::receipt receipt);

} // namespace troupe
