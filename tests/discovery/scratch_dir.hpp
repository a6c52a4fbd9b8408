#pragma once

#include <cstdlib>
#include <filesystem>

#include <doctest/doctest.h>

namespace troupe::test {

/// A temporary folder for server logs and files, removed with its handle.
class scratch_dir {
public:
  scratch_dir() {
    auto pattern = (std::filesystem::temp_directory_path() / "troupe-discovery.XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()));
    path_ = pattern;
  }
  ~scratch_dir() { std::filesystem::remove_all(path_); }
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;

  const std::filesystem::path& path() const { return path_; }

private:
  std::filesystem::path path_;
};

} // namespace troupe::test
