#include "discovery/dns_resolver.hpp"

#include <mutex>

#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <ares.h>
#include <netdb.h>
#include <poll.h>

namespace troupe::discovery {

namespace {

/// Records taken from one answer at most: more than any cluster of ours,
/// and a hostile server cannot make us build long lists.
constexpr int max_records = 64;

/// What a callback hands back to the waiting call.
struct outcome {
  bool done = false;
  int status = ARES_SUCCESS;
  std::string data; ///< the raw answer, or the host name of a PTR look-up
};

void on_answer(void* arg, int status, int, unsigned char* answer, int length) {
  auto& result = *static_cast<outcome*>(arg);
  result.status = status;
  if (status == ARES_SUCCESS && answer && length > 0)
    result.data.assign(reinterpret_cast<const char*>(answer), static_cast<std::size_t>(length));
  result.done = true;
}

void on_host(void* arg, int status, int, hostent* host) {
  auto& result = *static_cast<outcome*>(arg);
  result.status = status;
  if (status == ARES_SUCCESS && host && host->h_name)
    result.data = host->h_name;
  result.done = true;
}

std::unexpected<std::string> failure(std::string_view what, const std::string& name, int status) {
  return std::unexpected{std::string{what} + " " + name + ": " + ares_strerror(status)};
}

std::string address_text(int family, const void* address) {
  char text[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(family, address, text, sizeof text);
  return text;
}

/// The addresses of `count` records, whose `field` holds the address.
template <class Record, class Field>
std::vector<std::string> texts_of(const Record* records, int count, Field Record::*field,
                                  int family) {
  std::vector<std::string> result;
  for (int i = 0; i < count; ++i)
    result.push_back(address_text(family, &(records[i].*field)));
  return result;
}

std::string servers_csv(const std::vector<std::string>& servers) {
  std::string result;
  for (const auto& server : servers)
    result += (result.empty() ? "" : ",") + server;
  return result;
}

const unsigned char* bytes_of(const std::string& answer) {
  return reinterpret_cast<const unsigned char*>(answer.data());
}

} // namespace

std::expected<std::unique_ptr<dns_resolver>, std::string>
dns_resolver::create(const dns_settings& settings) {
  static std::once_flag library;
  static int library_status = ARES_SUCCESS;
  std::call_once(library, [] { library_status = ares_library_init(ARES_LIB_INIT_ALL); });
  if (library_status != ARES_SUCCESS)
    return std::unexpected{std::string{"c-ares: "} + ares_strerror(library_status)};
  ares_options options{};
  options.timeout = static_cast<int>(settings.timeout.count());
  options.tries = 2;
  char dns_only[] = "b"; // no /etc/hosts
  options.lookups = dns_only;
  ares_channel channel = nullptr;
  if (auto status = ares_init_options(&channel, &options,
                                      ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_LOOKUPS);
      status != ARES_SUCCESS)
    return std::unexpected{std::string{"c-ares: "} + ares_strerror(status)};
  std::unique_ptr<dns_resolver> resolver{new dns_resolver{channel}};
  if (!settings.servers.empty())
    if (auto status = ares_set_servers_ports_csv(channel, servers_csv(settings.servers).c_str());
        status != ARES_SUCCESS)
      return std::unexpected{"DNS servers " + servers_csv(settings.servers) + ": "
                             + ares_strerror(status)};
  return resolver;
}

dns_resolver::~dns_resolver() {
  ares_destroy(channel_);
}

std::expected<std::vector<std::string>, std::string>
dns_resolver::addresses(const std::string& name, bool ipv6) {
  auto answer = query(name, ipv6 ? ns_t_aaaa : ns_t_a);
  if (!answer)
    return std::unexpected{answer.error()};
  auto length = static_cast<int>(answer->size());
  int count = max_records;
  if (ipv6) {
    ares_addr6ttl records[max_records];
    if (auto status = ares_parse_aaaa_reply(bytes_of(*answer), length, nullptr, records, &count))
      return failure("AAAA records of", name, status);
    return texts_of(records, count, &ares_addr6ttl::ip6addr, AF_INET6);
  }
  ares_addrttl records[max_records];
  if (auto status = ares_parse_a_reply(bytes_of(*answer), length, nullptr, records, &count))
    return failure("A records of", name, status);
  return texts_of(records, count, &ares_addrttl::ipaddr, AF_INET);
}

std::expected<std::vector<srv_record>, std::string>
dns_resolver::services(const std::string& name) {
  auto answer = query(name, ns_t_srv);
  if (!answer)
    return std::unexpected{answer.error()};
  ares_srv_reply* records = nullptr;
  if (auto status =
        ares_parse_srv_reply(bytes_of(*answer), static_cast<int>(answer->size()), &records))
    return failure("SRV records of", name, status);
  std::vector<srv_record> result;
  for (auto* record = records; record && result.size() < max_records; record = record->next)
    result.push_back({record->host ? record->host : "", record->port});
  ares_free_data(records);
  return result;
}

std::expected<std::string, std::string> dns_resolver::host_name(const std::string& address) {
  in6_addr binary{};
  auto family = address.find(':') == std::string::npos ? AF_INET : AF_INET6;
  if (::inet_pton(family, address.c_str(), &binary) != 1)
    return std::unexpected{"PTR record of " + address + ": not an IP address"};
  outcome result;
  auto size = family == AF_INET ? sizeof(in_addr) : sizeof(in6_addr);
  ares_gethostbyaddr(channel_, &binary, static_cast<int>(size), family, on_host, &result);
  wait(result.done);
  if (result.status != ARES_SUCCESS)
    return failure("PTR record of", address, result.status);
  return result.data;
}

std::expected<std::string, std::string> dns_resolver::query(const std::string& name, int type) {
  outcome result;
  ares_query(channel_, name.c_str(), ns_c_in, type, on_answer, &result);
  wait(result.done);
  if (result.status != ARES_SUCCESS)
    return failure(type == ns_t_srv ? "SRV query for" : "address query for", name, result.status);
  return std::move(result.data);
}

void dns_resolver::wait(const bool& done) {
  while (!done) {
    ares_socket_t sockets[ARES_GETSOCK_MAXNUM];
    auto bits = ares_getsock(channel_, sockets, ARES_GETSOCK_MAXNUM);
    std::vector<pollfd> fds;
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
      short events = (ARES_GETSOCK_READABLE(bits, i) ? POLLIN : 0)
                     | (ARES_GETSOCK_WRITABLE(bits, i) ? POLLOUT : 0);
      if (events)
        fds.push_back({sockets[i], events, 0});
    }
    timeval left{};
    auto* timeout = ares_timeout(channel_, nullptr, &left);
    if (!timeout && fds.empty())
      return; // nothing pending: c-ares has called back already
    auto ms = timeout ? static_cast<int>(left.tv_sec * 1000 + left.tv_usec / 1000) : 1000;
    if (::poll(fds.data(), fds.size(), ms) <= 0) {
      ares_process_fd(channel_, ARES_SOCKET_BAD, ARES_SOCKET_BAD); // timeouts
      continue;
    }
    for (const auto& fd : fds)
      ares_process_fd(channel_, (fd.revents & (POLLIN | POLLERR | POLLHUP)) ? fd.fd : ARES_SOCKET_BAD,
                      (fd.revents & POLLOUT) ? fd.fd : ARES_SOCKET_BAD);
  }
}

} // namespace troupe::discovery
