#pragma once

#include <utility>

#include <caf/detail/apply_args.hpp>
#include <caf/detail/tuple_vals.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/make_message.hpp>
#include <caf/message.hpp>
#include <caf/message_builder.hpp>
#include <caf/type_erased_tuple.hpp>

#include "actors/receive_gauge.hpp"

namespace troupe {

/// A message from the network in an actor's mailbox: CAF's element (as a
/// local send makes it) that also holds the receipt of its connection's
/// receive gauge, given back when the actor is done with the message. The
/// element has neither sender nor message id yet; the receiver sets both.

/// The values themselves in the element: one allocation for all.
template <class... Ts>
class received_values final : public caf::mailbox_element,
                              public caf::detail::tuple_vals_impl<caf::type_erased_tuple, Ts...> {
public:
  template <class... Us>
  explicit received_values(receive_gauge::receipt receipt, Us&&... values)
    : caf::mailbox_element(nullptr, caf::make_message_id(), {}),
      caf::detail::tuple_vals_impl<caf::type_erased_tuple, Ts...>(std::forward<Us>(values)...),
      receipt_(std::move(receipt)) {}

  caf::type_erased_tuple& content() override { return *this; }
  const caf::type_erased_tuple& content() const override { return *this; }

  caf::message move_content_to_message() override {
    caf::message_factory make;
    auto& values = this->data();
    return caf::detail::apply_moved_args(make, caf::detail::get_indices(values), values);
  }

  caf::message copy_content_to_message() const override {
    caf::message_factory make;
    auto& values = this->data();
    return caf::detail::apply_args(make, caf::detail::get_indices(values), values);
  }

private:
  receive_gauge::receipt receipt_;
};

/// Any other message, as decoded.
class received_message final : public caf::mailbox_element {
public:
  received_message(receive_gauge::receipt receipt, caf::message msg)
    : caf::mailbox_element(nullptr, caf::make_message_id(), {}), msg_(std::move(msg)),
      receipt_(std::move(receipt)) {
    // content() must have a tuple to return, even for an empty message.
    if (!msg_.vals())
      msg_ = caf::message_builder{}.to_message();
  }

  caf::type_erased_tuple& content() override { return msg_; }
  const caf::type_erased_tuple& content() const override { return msg_.content(); }
  caf::message move_content_to_message() override { return std::move(msg_); }
  caf::message copy_content_to_message() const override { return msg_; }

private:
  caf::message msg_;
  receive_gauge::receipt receipt_;
};

} // namespace troupe
