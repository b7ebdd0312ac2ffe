#!/usr/bin/env bash
# Idle CPU of `finishline serve --gui` under Xvfb (Mesa llvmpipe): the whole process (service
# threads and window) over SECONDS of a race in progress where nothing new arrives — the race
# clock still ticks once a second. Target (issue 5): <= 5 % of one core.
#   bench/gui/idle_cpu.sh BUILD_DIR [SECONDS] [VIEW]
set -euo pipefail
build=${1:?usage: idle_cpu.sh BUILD_DIR [SECONDS] [VIEW]}
seconds=${2:-10}
view=${3:-both}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/tests/gui/fl_gui_sample_race" "$work/race.db" 1000 >/dev/null
# Everything runs inside one xvfb-run so the measured process is the one started here.
xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  "$1" serve "$2" --gui --view "$3" 2>/dev/null &
  pid=$!
  sleep 3  # loading, first frames
  ticks=$(getconf CLK_TCK)
  cpu() { awk "{print \$14 + \$15}" /proc/$pid/stat; }
  a=$(cpu); t0=$(date +%s.%N)
  sleep "$4"
  b=$(cpu); t1=$(date +%s.%N)
  kill -TERM $pid; wait $pid || true
  awk -v a="$a" -v b="$b" -v t0="$t0" -v t1="$t1" -v hz="$ticks" -v v="$3" \
    "BEGIN { s = (b - a) / hz; w = t1 - t0; printf \"idle CPU (view %s): %.2f s of CPU in %.1f s = %.1f %% of one core\n\", v, s, w, 100 * s / w }"
' _ "$build/tools/finishline" "$work/race.db" "$view" "$seconds"
