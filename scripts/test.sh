#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine (packages), builds troupe and runs every
# test through ctest. The README's test command; CI runs exactly this.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
cd "${TROUPE_BUILD_DIR:-$root/build}"
ctest --output-on-failure --timeout 300 -j "$(nproc)"
