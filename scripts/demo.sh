#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine (packages), builds troupe and runs the
# demo: three troupe-node processes on loopback form a cluster, answer a
# request across nodes, report what they see, and stop. The README's demo
# command; it exits with 0 only if every step worked.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
exec "${TROUPE_BUILD_DIR:-$root/build}/apps/demo/troupe-demo" "$@"
