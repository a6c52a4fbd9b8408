#pragma once

#include <string>
#include <vector>

namespace troupe::bench {

/// A markdown table, printed once all rows are in.
class table {
public:
  explicit table(std::vector<std::string> headers) : headers_(std::move(headers)) {}

  void add(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }

  void print() const;

private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

/// "1.23x", or "-" when either side is missing.
std::string ratio(double numerator, double denominator);

/// A number with thousands separators ("1,234,567"), or "-" for NaN.
std::string grouped(double value);

} // namespace troupe::bench
