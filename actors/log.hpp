#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace troupe {

enum class log_level { error, warning, info, debug };

/// Parses "error", "warning", "info" or "debug".
std::optional<log_level> parse_log_level(std::string_view text);

/// Writes one line per event to stderr, prefixed with the time, the level and
/// the node, so that logs of several nodes in one process stay readable.
/// CAF's own logging is compiled out of Debian's build, hence our own.
class logger {
public:
  logger(std::string node, log_level level) : node_(std::move(node)), level_(level) {}

  bool enabled(log_level level) const noexcept { return level <= level_.load(); }

  void set_level(log_level level) noexcept { level_ = level; }

  template <class... Ts>
  void error(fmt::format_string<Ts...> format, Ts&&... args) const {
    write(log_level::error, format, std::forward<Ts>(args)...);
  }

  template <class... Ts>
  void warning(fmt::format_string<Ts...> format, Ts&&... args) const {
    write(log_level::warning, format, std::forward<Ts>(args)...);
  }

  template <class... Ts>
  void info(fmt::format_string<Ts...> format, Ts&&... args) const {
    write(log_level::info, format, std::forward<Ts>(args)...);
  }

  template <class... Ts>
  void debug(fmt::format_string<Ts...> format, Ts&&... args) const {
    write(log_level::debug, format, std::forward<Ts>(args)...);
  }

private:
  template <class... Ts>
  void write(log_level level, fmt::format_string<Ts...> format, Ts&&... args) const {
    if (enabled(level))
      emit(level, fmt::format(format, std::forward<Ts>(args)...));
  }

  void emit(log_level level, std::string_view text) const;

  std::string node_;
  std::atomic<log_level> level_;
};

} // namespace troupe
