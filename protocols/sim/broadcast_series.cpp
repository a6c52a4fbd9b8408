#include "protocols/sim/broadcast_series.hpp"

#include <algorithm>

namespace troupe::sim {

double relative_message_redundancy(const broadcast_record::layer_record& record) {
  if (record.deliveries == 0)
    return 0;
  return static_cast<double>(record.payloads_sent) / record.deliveries - 1;
}

series_summary broadcast_series(network& net, const std::vector<node_id>& roots, std::size_t count,
                                sim_time spacing, sim_time drain) {
  std::vector<std::uint32_t> ordinals;
  for (std::size_t i = 0; i < count; ++i) {
    ordinals.push_back(net.broadcast(roots[i % roots.size()]));
    net.run_for(spacing);
  }
  net.run_for(drain);
  series_summary summary{.broadcasts = count};
  for (std::size_t l = 0; l < layer_count; ++l) {
    auto& s = summary.layers[l];
    for (auto ordinal : ordinals) {
      const auto& record = net.record(ordinal).layers[l];
      auto reliability = net.reliability(ordinal, static_cast<layer>(l));
      s.reliability.push_back(reliability);
      s.mean_reliability += reliability / static_cast<double>(count);
      s.min_reliability = std::min(s.min_reliability, reliability);
      s.mean_rmr += relative_message_redundancy(record) / static_cast<double>(count);
      s.mean_ldh += record.last_hop / static_cast<double>(count);
      s.max_ldh = std::max(s.max_ldh, record.last_hop);
    }
  }
  return summary;
}

} // namespace troupe::sim
