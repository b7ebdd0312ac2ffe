#!/usr/bin/env bash
# Makes the README pictures with the program itself, from a sample race in progress
# (tests/gui/sample_race.hpp: 1,000 runners, a 10K in two waves and a 5K, a wheelchair category,
# stray chips and one read 249 times, a conflict): docs/board.png and docs/console.png by
# `finishline serve --gui --screenshot` under Xvfb; docs/results-phone.png and
# docs/results-desktop.png by headless chromium showing the `finishline results --format html`
# page at a phone's size and a desktop's.
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
"$build/tools/finishline" results "$work/race.db" --format html -o "$work/results.html" 2>/dev/null
for shot in phone:390,844 desktop:1280,800; do
  name=${shot%%:*}
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$work/profile-$name" --window-size="${shot#*:}" \
    --screenshot="docs/results-$name.png" "file://$work/results.html" 2>/dev/null
  echo "docs/results-$name.png"
done
