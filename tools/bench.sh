#!/usr/bin/env bash
# Builds Release into build-bench/ and runs every benchmark, then prints one table (figure,
# target, measured, reference run, ratio, pass/fail) and writes it with the machine it ran on
# to BENCHMARKS.md (the hand-written intro above the marker line is kept).
#   ./tools/bench.sh            (about 8 minutes on 2 cores; run it on a quiet machine)
# FL_BENCH_QUICK=1 runs shorter versions (for trying the script, not for the record).
set -euo pipefail
cd "$(dirname "$0")/.."
# The figures go into BENCHMARKS.md with the commit they measured: that commit must be what ran.
if [ "${FL_BENCH_QUICK:-0}" != 1 ] && [ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ]; then
  echo "bench.sh: the tree has uncommitted changes: commit them first, so that BENCHMARKS.md names" >&2
  echo "          the code it measured (or FL_BENCH_QUICK=1 for a trial run, not for the record)" >&2
  exit 1
fi
./tools/setup.sh
build=build-bench
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DFL_TESTS=ON -DFL_BENCH=ON -DFL_GUI=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target finishline bench_results bench_ingest bench_loopback \
  bench_relay bench_web fl_gui_bench fl_gui_sample_race
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
quick=${FL_BENCH_QUICK:-0}
ingest_reads=1000000 rate_seconds=10 idle_seconds=10 gb_min="" wrk_seconds=5 surge_seconds=90 relay_reads=300000
if [ "$quick" = 1 ]; then
  ingest_reads=200000 rate_seconds=3 idle_seconds=4 gb_min="--benchmark_min_time=0.05" wrk_seconds=2 surge_seconds=20
  relay_reads=50000
fi

echo "== loopback TCP reference"
"$build/bench/ingest/bench_loopback" | tee "$work/loopback.out"
echo "== ingest load (bench_ingest)"
"$build/bench/ingest/bench_ingest" --reads "$ingest_reads" --rate-seconds "$rate_seconds" | tee "$work/ingest.out"
echo "== relay across a course (bench_relay: 10 sites -> mosquitto -> the finish)"
"$build/bench/ingest/bench_relay" --reads "$relay_reads" --rate-seconds "$rate_seconds" | tee "$work/relay.out"
echo "== web server (bench_web: wrk on /results.json, 10,000 /live clients under a finish surge)"
"$build/bench/web/bench_web" --finishline "$build/tools/finishline" --wrk-seconds "$wrk_seconds" \
  --surge-seconds "$surge_seconds" | tee "$work/web.out"
echo "== results engine (bench_results)"
"$build/bench/results/bench_results" --benchmark_counters_tabular=true $gb_min \
  --benchmark_out="$work/results.json" --benchmark_out_format=json
echo "== GUI frame build (fl_gui_bench)"
"$build/bench/gui/fl_gui_bench" $gb_min --benchmark_out="$work/gui.json" --benchmark_out_format=json
echo "== GUI idle CPU (bench/gui/idle_cpu.sh under xvfb-run)"
bench/gui/idle_cpu.sh "$build" "$idle_seconds" both | tee "$work/idle.out"
echo "== finishline demo --headless --speed 600"
t0=$(date +%s.%N)
"$build/tools/finishline" demo --headless --speed 600 --out "$work/demo" > "$work/demo.out"
t1=$(date +%s.%N)
tail -n 6 "$work/demo.out"
awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", b - a }' > "$work/demo.seconds"
echo "demo wall time: $(cat "$work/demo.seconds") s"

export FL_BENCH_LOAD_BEFORE="$load_before" FL_BENCH_LOAD_START="$load_start"
export FL_BENCH_LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
export FL_BENCH_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet 2>/dev/null || echo ' (with uncommitted changes)')"
export FL_BENCH_QUICK="$quick"
# The filesystem under the race files (the temp folder): fsync costs differ by an order of magnitude.
tmp=${TMPDIR:-/tmp}
export FL_BENCH_FS="$(findmnt -n -o FSTYPE,SOURCE -T "$tmp" 2>/dev/null | awk '{print $1 " (" $2 ")"}') under $tmp"
python3 tools/bench_report.py "$work" BENCHMARKS.md
