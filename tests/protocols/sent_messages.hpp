#pragma once

#include <set>
#include <utility>
#include <variant>
#include <vector>

// What a protocol core's outputs send. Both cores put their send event,
// with members `to` and `msg`, first in their out_event variant.

template <class Outputs>
using send_event = std::variant_alternative_t<0, typename Outputs::value_type>;

/// The messages of type `Message` sent, in order, with their recipients.
template <class Message, class Outputs>
auto sent(const Outputs& out) {
  using send = send_event<Outputs>;
  std::vector<std::pair<decltype(send::to), Message>> found;
  for (const auto& event : out)
    if (const auto* s = std::get_if<send>(&event))
      if (const auto* m = std::get_if<Message>(&s->msg))
        found.emplace_back(s->to, *m);
  return found;
}

/// Who gets a message of type `Message`.
template <class Message, class Outputs>
auto recipients(const Outputs& out) {
  std::set<decltype(send_event<Outputs>::to)> to;
  for (const auto& message : sent<Message>(out))
    to.insert(message.first);
  return to;
}
