#include "actors/remote_proxy.hpp"

#include <caf/mailbox_element.hpp>

#include "actors/message_path.hpp"

namespace troupe {

remote_proxy::remote_proxy(caf::actor_config& config, std::shared_ptr<message_path> path,
                           destination to, send_options options)
  : caf::actor_proxy(config), path_(std::move(path)), to_(std::move(to)),
    options_(std::move(options)) {}

void remote_proxy::enqueue(caf::mailbox_element_ptr what, caf::execution_unit*) {
  auto msg = what->move_content_to_message();
  auto sent = path_->transmit(to_, options_, what->sender, what->mid, msg);
  if (!sent)
    path_->undeliverable(what->sender, what->mid, sent.error(), "to " + to_.node->name().str());
}

void remote_proxy::kill_proxy(caf::execution_unit* context, caf::error reason) {
  cleanup(std::move(reason), context);
}

} // namespace troupe
