#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine (packages), builds troupe and runs every
# test through ctest. The README's test command; CI runs exactly this.
#   --sanitize   build into build-asan/ with ASan and UBSan and run the tests there
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
configure=()
if [[ ${1:-} == --sanitize ]]; then
  export TROUPE_BUILD_DIR=${TROUPE_BUILD_DIR:-$root/build-asan}
  configure=(-DTROUPE_SANITIZE=ON)
  export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:suppressions=$root/tests/sanitizers/ubsan.supp"
  export ASAN_OPTIONS="detect_leaks=1:abort_on_error=1"
fi
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "${configure[@]}"
cd "${TROUPE_BUILD_DIR:-$root/build}"
ctest --output-on-failure --timeout 300 -j "$(nproc)"
