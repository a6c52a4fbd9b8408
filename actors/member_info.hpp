#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <caf/meta/type_name.hpp>

#include "protocols/membership/member_spec.hpp"

namespace troupe {

/// A member as the peer service reports it (proto::member_spec in plain
/// types, so that it travels in CAF messages).
struct member_info {
  std::string name;
  std::uint64_t incarnation = 0;
  std::vector<std::string> listen;
  std::vector<std::string> channels;
  std::uint16_t parallelism = 1;
  std::string tag;
  friend bool operator==(const member_info&, const member_info&) = default;
};

inline member_info info_of(const proto::member_spec& spec) {
  return {spec.name.str(), spec.incarnation, spec.listen, spec.channels, spec.parallelism,
          spec.tag};
}

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, member_info& x) {
  return f(caf::meta::type_name("troupe::member_info"), x.name, x.incarnation, x.listen,
           x.channels, x.parallelism, x.tag);
}

} // namespace troupe
