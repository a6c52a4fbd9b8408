#include "tests/discovery/dnsmasq_server.hpp"

#include <csignal>
#include <fstream>

#include <doctest/doctest.h>

#include "tests/support/test_cluster.hpp"

namespace troupe::test {

namespace {

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1))
    ++count;
  return count;
}

} // namespace

dnsmasq_server::dnsmasq_server(std::string ip, std::uint16_t port, std::filesystem::path dir,
                               dns_records records)
  : ip_(std::move(ip)), port_(port), dir_(std::move(dir)), records_(std::move(records)) {
  write_hosts_file();
  launch();
}

void dnsmasq_server::update(dns_records records) {
  auto restart = !process_ || records.services != records_.services;
  records_ = std::move(records);
  write_hosts_file();
  if (restart) {
    launch();
    return;
  }
  auto reads = count_of(process_->log(), "read " + (dir_ / "hosts").string());
  process_->signal(SIGHUP);
  wait_for_reads(reads + 1);
}

void dnsmasq_server::stop() {
  process_.reset();
}

void dnsmasq_server::write_hosts_file() const {
  std::ofstream file{dir_ / "hosts"};
  for (const auto& [address, names] : records_.hosts) {
    file << address;
    for (const auto& name : names)
      file << ' ' << name;
    file << '\n';
  }
}

void dnsmasq_server::launch() {
  process_.reset();
  auto log = dir_ / "dnsmasq.log";
  std::filesystem::remove(log);
  std::vector<std::string> argv{program_path("dnsmasq"),
                                "--no-daemon",
                                "--log-facility=-",
                                "--port=" + std::to_string(port_),
                                "--listen-address=" + ip_,
                                "--bind-interfaces",
                                "--no-resolv",
                                "--no-hosts",
                                "--conf-file=/dev/null",
                                "--addn-hosts=" + (dir_ / "hosts").string()};
  for (const auto& service : records_.services)
    argv.push_back("--srv-host=" + service.name + "," + service.target + ","
                   + std::to_string(service.port));
  auto started = child_process::start(argv, log.string());
  REQUIRE_MESSAGE(started, (started ? "" : started.error()));
  process_.emplace(std::move(*started));
  wait_for_reads(1);
}

void dnsmasq_server::wait_for_reads(std::size_t times) const {
  auto read_line = "read " + (dir_ / "hosts").string();
  auto done = eventually([&] { return count_of(process_->log(), read_line) >= times; });
  REQUIRE_MESSAGE(done, "dnsmasq did not read its hosts file; its log:\n" << process_->log());
}

} // namespace troupe::test
