#!/usr/bin/env bash
# Fuzzes every parser with libFuzzer: builds the targets in fuzz/ with clang 14 and
# -fsanitize=fuzzer,address,undefined into build-fuzz/, runs each for SECONDS (default 60) on a
# copy of its committed corpus (fuzz/corpus/<target> + fuzz/regressions/<target>; the committed
# corpus never grows by itself), prints a table, and exits 1 when any target crashed.
#   ./tools/fuzz.sh                  every target, 60 s each
#   ./tools/fuzz.sh 300 mylaps       one target, 5 minutes
# A crash leaves its input in build-fuzz/findings/<target>/ and the log in
# build-fuzz/work/<target>/log. Reproduce: build-fuzz/fuzz/fuzz_<target> <input>. Once fixed,
# copy the input to fuzz/regressions/<target>/ with a line in fuzz/regressions/README.md: ctest
# (tests/fuzz) then replays it on every run, without clang.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
shift || true
all=(chronotrack raceresult mylaps bibscan marshal participants config relay)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${all[@]}")
case $seconds in ''|*[!0-9]*) echo "usage: tools/fuzz.sh [seconds] [target...]" >&2; exit 2 ;; esac
for t in "${targets[@]}"; do
  [[ " ${all[*]} " == *" $t "* ]] || { echo "fuzz: no target '$t' (targets: ${all[*]})" >&2; exit 2; }
done

./tools/setup.sh
build=build-fuzz
# -O1 -g with assertions on, as OSS-Fuzz builds; no tests, benchmarks or GUI in this tree.
cmake -S . -B "$build" -G Ninja -DFL_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++-14 \
  -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" \
  -DFL_TESTS=OFF -DFL_BENCH=OFF -DFL_GUI=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]/#/fuzz_}"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
rows=()
crashed=0
for t in "${targets[@]}"; do
  work=$build/work/$t
  findings=$build/findings/$t
  rm -rf "$work"
  mkdir -p "$work/corpus" "$findings"
  cp fuzz/corpus/"$t"/* "$work/corpus/"
  if compgen -G "fuzz/regressions/$t/*" >/dev/null; then cp fuzz/regressions/"$t"/* "$work/corpus/"; fi
  before=$(find "$findings" -type f | wc -l)
  echo "=== fuzz_$t for ${seconds}s"
  rc=0
  # max_len 8192: past the 4096-byte line limit of the line protocols, so overflow is reachable.
  # TMPDIR: the race files of the participants target go in the work dir, even after a crash.
  TMPDIR="$PWD/$work" "$build/fuzz/fuzz_$t" "$work/corpus" -dict="fuzz/dict/$t.dict" -max_total_time="$seconds" \
    -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$findings/" >"$work/log" 2>&1 || rc=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$work/log" | tail -1 | cut -d' ' -f2)
  new=$(( $(find "$findings" -type f | wc -l) - before ))
  if [ "$rc" -ne 0 ] && [ "$new" -eq 0 ]; then new=1; fi  # died without writing its input
  [ "$new" -gt 0 ] && { crashed=1; grep -m3 -E 'ERROR|runtime error|property violated|escaped' "$work/log" || true; }
  rows+=("$(printf '%-13s %12s %10s %8s %12s' "$t" "${runs:-?}" "${speed:-?}" "${cov:-?}" "$new")")
done

echo
printf '%-13s %12s %10s %8s %12s\n' target runs "execs/s" cov "new crashes"
printf '%s\n' "${rows[@]}"
if [ $crashed -ne 0 ]; then
  echo "fuzz: crashes found: inputs in $build/findings/, logs in $build/work/<target>/log" >&2
  exit 1
fi
