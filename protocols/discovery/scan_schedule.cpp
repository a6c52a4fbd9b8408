#include "protocols/discovery/scan_schedule.hpp"

#include <algorithm>
#include <utility>

namespace troupe::proto {

scan_schedule::scan_schedule(std::vector<std::string> addresses, config settings,
                             std::uint64_t seed)
  : config_(settings), random_(seed) {
  for (auto& address : addresses) {
    index_.emplace(address, slots_.size());
    slots_.push_back({std::move(address)});
  }
}

std::vector<std::string> scan_schedule::due(clock::time_point now) {
  std::vector<std::string> result;
  for (std::size_t step = 0; step < slots_.size() && result.size() < config_.max_probes; ++step) {
    auto& slot = slots_[(cursor_ + step) % slots_.size()];
    if (slot.next <= now)
      result.push_back(slot.address);
    if (result.size() == config_.max_probes)
      cursor_ = (cursor_ + step + 1) % slots_.size();
  }
  return result;
}

void scan_schedule::missed(const std::string& address, clock::time_point now) {
  auto* slot = find(address);
  if (!slot)
    return;
  // Doubling stops well before the ceiling could overflow the shift.
  auto doublings = std::min(slot->misses++, 20u);
  auto base = std::min(config_.backoff_min * (1 << doublings), config_.backoff_max);
  std::uniform_int_distribution<clock::rep> extra{0, base.count()};
  auto wait = std::min(base + clock::duration{extra(random_)}, config_.backoff_max);
  slot->next = now + wait;
}

void scan_schedule::answered(const std::string& address) {
  if (auto* slot = find(address)) {
    slot->misses = 0;
    slot->next = {};
  }
}

scan_schedule::clock::time_point scan_schedule::next_probe(const std::string& address) const {
  const auto* slot = find(address);
  return slot ? slot->next : clock::time_point{};
}

scan_schedule::slot* scan_schedule::find(const std::string& address) {
  return const_cast<slot*>(std::as_const(*this).find(address));
}

const scan_schedule::slot* scan_schedule::find(const std::string& address) const {
  auto found = index_.find(address);
  return found == index_.end() ? nullptr : &slots_[found->second];
}

} // namespace troupe::proto
