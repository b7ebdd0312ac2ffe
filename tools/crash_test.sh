#!/usr/bin/env bash
# Crash safety, long mode: the tests/crash suite (label "crash") with many kill points.
# `finishline serve` is killed with SIGKILL at ROUNDS random moments while an emulated MYLAPS
# system, ChronoTrack controller and marshal stream into it; after each kill and restart every
# acknowledged record must be in the race file exactly once, and at the end the results must
# equal a full re-score. CI (ctest) runs 5 kills per run; this runs more, RUNS times, each
# with a fresh seed.
#   ./tools/crash_test.sh              50 kills, one run
#   ./tools/crash_test.sh 200 5        200 kills, 5 runs
#   FL_CRASH_SEED=123 ./tools/crash_test.sh 50   replay the run a failure printed
#   FL_CRASH_BUILD=build-h8 ./tools/crash_test.sh   use (and update) another build folder
# Builds only what it needs (Debug, no GUI) in build-crash/ unless FL_CRASH_BUILD says
# otherwise; exits 1 on the first failing run, with its seed in the output.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-50}
runs=${2:-1}
case "$rounds$runs" in ''|*[!0-9]*) echo "usage: tools/crash_test.sh [rounds] [runs]" >&2; exit 2 ;; esac
build=${FL_CRASH_BUILD:-build-crash}
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DFL_WERROR=ON -DFL_GUI=OFF \
    -DFL_BENCH=OFF >/dev/null
fi
cmake --build "$build" -j "$(nproc)" --target finishline fl_crash_tests
for run in $(seq 1 "$runs"); do
  echo "=== crash test run $run/$runs: $rounds kill(s)"
  started=$(date +%s)
  if ! FL_CRASH_ROUNDS=$rounds "$build/tests/crash/fl_crash_tests"; then
    echo "crash test run $run FAILED: replay it with the FL_CRASH_SEED printed above" >&2
    exit 1
  fi
  echo "=== run $run passed in $(( $(date +%s) - started )) s"
done
