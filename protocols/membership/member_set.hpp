#pragma once

#include "protocols/membership/member_spec.hpp"
#include "protocols/membership/orset.hpp"

namespace troupe::proto {

/// The cluster's membership as gossiped between nodes: the specs of the
/// members, each added by the node it describes (see membership.hpp).
using member_set = orset<member_actor, member_spec>;

} // namespace troupe::proto
