#pragma once

#include <string>
#include <vector>

namespace troupe::experiments {

/// A Markdown table, printed with aligned columns.
class table {
public:
  explicit table(std::vector<std::string> header);

  void add(std::vector<std::string> row);
  void print() const;

private:
  std::vector<std::vector<std::string>> rows_; ///< the header first
};

/// Formats a share as a percentage with `decimals` decimals.
std::string percent(double share, int decimals = 2);

} // namespace troupe::experiments
