#include "apps/experiments/table.hpp"

#include <algorithm>

#include <fmt/core.h>

namespace troupe::experiments {

table::table(std::vector<std::string> header) { rows_.push_back(std::move(header)); }

void table::add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }

void table::print() const {
  std::vector<std::size_t> width(rows_.front().size(), 3);
  for (const auto& row : rows_)
    for (std::size_t c = 0; c < row.size(); ++c)
      width[c] = std::max(width[c], row[c].size());
  auto line = [&](auto cell) {
    std::string text = "|";
    for (std::size_t c = 0; c < width.size(); ++c)
      text += fmt::format(" {:<{}} |", cell(c), width[c]);
    fmt::print("{}\n", text);
  };
  line([&](std::size_t c) { return rows_.front()[c]; });
  line([&](std::size_t c) { return std::string(width[c], '-'); });
  for (auto row = std::next(rows_.begin()); row != rows_.end(); ++row)
    line([&](std::size_t c) { return c < row->size() ? (*row)[c] : std::string{}; });
  fmt::print("\n");
}

std::string percent(double share, int decimals) {
  return fmt::format("{:.{}f}%", 100 * share, decimals);
}

} // namespace troupe::experiments
