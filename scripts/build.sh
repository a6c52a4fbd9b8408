#!/usr/bin/env bash
# Configures and builds troupe into build/ (or $TROUPE_BUILD_DIR); extra
# arguments go to CMake's configure step, e.g. -DTROUPE_SANITIZE=ON.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${TROUPE_BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -G Ninja "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
