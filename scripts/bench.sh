#!/usr/bin/env bash
# troupe side by side with its peers, in one session on this machine: REPS
# rounds, each running the anchors' raw TCP, iperf3 and Erlang benchmarks
# (../shared/anchors/run_all.sh) and then `troupe-bench compare` (troupe and
# CAF's BASP), all appending RESULT lines to one raw file. Then the median
# tables (the anchors' summarize.py) and the issue's targets as ratios
# (scripts/bench_ratios.py). Interleaving the rounds spreads the machine's
# moods (other work, vCPU wake-ups) over every stack alike.
#
#   scripts/bench.sh                  # REPS=5, about 8 minutes
#   REPS=3 scripts/bench.sh           # fewer rounds
#   ANCHORS=/path/to/anchors OUT=/tmp/x scripts/bench.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
anchors=${ANCHORS:-$root/../shared/anchors}
reps=${REPS:-5}
out=${OUT:-/tmp/troupe-bench-results/$(date +%Y%m%d-%H%M%S)}
bench=${TROUPE_BUILD_DIR:-$root/build}/apps/bench/troupe-bench
mkdir -p "$out"
raw=$out/raw.txt

"$root/scripts/build.sh" >/dev/null
echo "# machine: $(nproc) vCPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -r)" >> "$raw"
for round in $(seq "$reps"); do
  echo "[$(date +%H:%M:%S)] round $round/$reps: uptime $(uptime | sed 's/.*load/load/')" >&2
  REPS=1 OUT=$out "$anchors/run_all.sh" tcp iperf erlang > "$out/anchors-$round.log" 2>&1
  timeout 900 "$bench" compare 2>>"$out/troupe-stderr.log" | tee "$out/troupe-$round.log" \
    | grep '^RESULT' >> "$raw" || echo "RESULT label=troupe-compare FAILED" >> "$raw"
done
python3 "$anchors/summarize.py" "$raw" | tee "$out/summary.md"
python3 "$root/scripts/bench_ratios.py" "$raw" | tee "$out/ratios.md"
echo "raw results: $raw" >&2
