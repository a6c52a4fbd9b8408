#include "apps/bench/table.hpp"

#include <cmath>
#include <cstdio>

#include <fmt/format.h>

namespace troupe::bench {

void table::print() const {
  auto row = [](const std::vector<std::string>& cells) {
    std::string line = "|";
    for (const auto& cell : cells)
      line += " " + cell + " |";
    return line;
  };
  std::string rule = "|";
  for (std::size_t i = 0; i < headers_.size(); ++i)
    rule += i == 0 ? "---|" : "---:|";
  fmt::print("\n{}\n{}\n", row(headers_), rule);
  for (const auto& cells : rows_)
    fmt::print("{}\n", row(cells));
  fmt::print("\n");
  std::fflush(stdout);
}

std::string ratio(double numerator, double denominator) {
  if (std::isnan(numerator) || std::isnan(denominator) || denominator == 0)
    return "-";
  return fmt::format("{:.2f}x", numerator / denominator);
}

std::string grouped(double value) {
  if (std::isnan(value))
    return "-";
  auto digits = fmt::format("{:.0f}", value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i != 0 && (digits.size() - i) % 3 == 0)
      out += ',';
    out += digits[i];
  }
  return out;
}

} // namespace troupe::bench
