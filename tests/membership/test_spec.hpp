#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "protocols/membership/member_spec.hpp"

namespace troupe::test {

/// Node `i` of a test: `n<i>@h`, listening on an address of its own.
inline proto::member_spec test_spec(int i, std::uint64_t incarnation = 1, std::string tag = {},
                                    int port = 4000) {
  auto address = "10.0." + std::to_string(i / 256) + "." + std::to_string(i % 256) + ":"
                 + std::to_string(port);
  return {*node_name::parse("n" + std::to_string(i) + "@h"), incarnation, {address}, {"default"},
          1, std::move(tag)};
}

inline node_name test_name(int i) { return test_spec(i).name; }

/// The names of the nodes `ids`, in the order given.
inline std::vector<node_name> test_names(std::initializer_list<int> ids) {
  std::vector<node_name> result;
  for (int i : ids)
    result.push_back(test_name(i));
  return result;
}

inline std::vector<proto::member_spec> test_specs(std::initializer_list<int> ids) {
  std::vector<proto::member_spec> result;
  for (int i : ids)
    result.push_back(test_spec(i));
  return result;
}

} // namespace troupe::test
