#!/usr/bin/env bash
# Makes the README pictures docs/board.png and docs/console.png with the program itself:
# a sample race in progress (tests/gui/sample_race.hpp: 1,000 runners, a 10K in two waves and
# a 5K, stray chips, a conflict) served by `finishline serve --gui --screenshot` under Xvfb.
#   ./tools/screenshots.sh [BUILD_DIR]     (default build-test, configured with tests)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-test}
./tools/setup.sh
cmake -S . -B "$build" -G Ninja -DFL_TESTS=ON -DFL_GUI=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target finishline fl_gui_sample_race
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$build/tests/gui/fl_gui_sample_race" "$work/race.db" 1000
mkdir -p docs
for view in board console; do
  xvfb-run -a -s "-screen 0 1280x800x24" \
    "$build/tools/finishline" serve "$work/race.db" --gui --view "$view" \
    --screenshot "docs/$view.png" --frames 5 2>/dev/null
  echo "docs/$view.png"
done
