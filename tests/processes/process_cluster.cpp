#include "tests/processes/process_cluster.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

namespace troupe::test {

process_cluster::process_cluster() {
  auto pattern = (std::filesystem::temp_directory_path() / "troupe-test.XXXXXX").string();
  REQUIRE(::mkdtemp(pattern.data()));
  dir = pattern;
}

process_cluster::~process_cluster() {
  nodes.clear();
  observer.reset();
  std::filesystem::remove_all(dir);
}

std::expected<node_process, std::string>
process_cluster::try_launch(const std::string& name, std::vector<std::string> peers,
                            std::vector<std::string> extra, std::string cookie) {
  // First, so that options given later override the preset.
  extra.insert(extra.begin(), "--troupe.preset=local");
  return node_process::start({.binary = TROUPE_NODE_BINARY,
                              .name = name + "@127.0.0.1",
                              .cookie = std::move(cookie),
                              .peers = std::move(peers),
                              .extra_args = std::move(extra),
                              .log_file = (dir / (name + ".log")).string()});
}

node_process& process_cluster::launch(const std::string& name,
                                      const std::vector<std::string>& peers,
                                      std::string cookie) {
  std::vector<std::string> addresses;
  for (const auto& peer : peers)
    addresses.push_back(nodes.at(peer).address());
  auto process = try_launch(name, addresses, {}, std::move(cookie));
  REQUIRE_MESSAGE(process, (process ? "" : process.error()));
  nodes.erase(name);
  auto& result = nodes.emplace(name, std::move(*process)).first->second;
  auto connected = (*observer)->connect(result.address());
  REQUIRE_MESSAGE(connected, (connected ? "" : connected.error().message));
  return result;
}

nlohmann::json process_cluster::status(const std::string& name) {
  auto answer = client.status(*node_name::parse(nodes.at(name).name()));
  REQUIRE_MESSAGE(answer, (answer ? "" : answer.error()));
  return nlohmann::json::parse(*answer);
}

bool process_cluster::sees(const std::string& name, const std::string& peer) {
  auto connected = status(name)["connected"].get<std::vector<std::string>>();
  return std::ranges::count(connected, peer + "@127.0.0.1") == 1;
}

std::string process_cluster::log_of(const std::string& name) {
  std::ifstream file{dir / (name + ".log")};
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::optional<std::chrono::milliseconds> time_until(const std::function<bool()>& condition,
                                                    std::chrono::milliseconds limit) {
  auto start = std::chrono::steady_clock::now();
  if (!eventually(condition, limit))
    return std::nullopt;
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now()
                                                               - start);
}

} // namespace troupe::test
