#!/usr/bin/env bash
# Installs everything troupe needs to build, test and benchmark, from Debian 12's
# packages. Idempotent: packages already installed are skipped, so a second run
# costs a second. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  cmake ninja-build g++ pkg-config       # build
  libcaf-dev                             # actors (CAF 0.17.6)
  libasio-dev                            # sockets (standalone Asio)
  libfmt-dev                             # formatting and logs
  doctest-dev                            # tests
  libssl-dev                             # HMAC-SHA256 handshake, TLS
  libc-ares-dev                          # DNS discovery
  nlohmann-json3-dev                     # status output as JSON
  dnsmasq-base erlang-base               # real DNS and epmd servers for discovery tests
  iproute2 iptables libnetfilter-queue-dev iperf3  # namespaces and delay for benchmarks
  procps psmisc                          # process tools used by tests
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

as_root=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "setup.sh: missing packages (${missing[*]}) and not root" >&2; exit 1; }
  as_root=(sudo)
fi

echo "setup.sh: installing ${missing[*]}"
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
