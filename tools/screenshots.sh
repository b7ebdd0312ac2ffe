#!/usr/bin/env bash
# Makes the README pictures with the program itself, from a sample race in progress
# (tests/gui/sample_race.hpp: 1,000 runners, a 10K in two waves and a 5K, a wheelchair category,
# stray chips and one read 249 times, a conflict): docs/board.png and docs/console.png by
# `finishline serve --gui --screenshot` under Xvfb; docs/results-phone.png and
# docs/results-desktop.png by headless chromium showing the `finishline results --format html`
# page at a phone's size and a desktop's; docs/web-phone-{home,event,runner}.png by headless
# chromium at 390x844 following the pages `finishline serve` serves with [web] (the same kind
# of race, on a free port), each taken once its page is loaded and listening to /live.
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
"$build/tests/gui/fl_gui_sample_race" "$work/web.db" 1000 127.0.0.1:0 >/dev/null
"$build/tools/finishline" serve "$work/web.db" 2>"$work/web.log" &
serve=$!
trap 'kill "$serve" 2>/dev/null || true; wait "$serve" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 300); do grep -q "service: serving" "$work/web.log" && break; sleep 0.1; done
web=$(sed -n 's/.*web: listening on \(127\.0\.0\.1:[0-9]*\).*/\1/p' "$work/web.log" | head -1)
[ -n "$web" ] || { cat "$work/web.log" >&2; echo "screenshots: the web server did not start" >&2; exit 1; }
# A runner who has finished: the newest on the home page.
runner=$(python3 -c 'import re,sys,urllib.request
page=urllib.request.urlopen(f"http://{sys.argv[1]}/").read().decode()
print(re.search(r"href=\"(/runner/[^\"]+)\"",page).group(1))' "$web")
python3 - "$web" "$runner" "$work/web-steps.json" "$PWD/docs" <<'PY'
import json, sys
web, runner, out, docs = sys.argv[1:5]
steps = []
for name, target in (("home", "/"), ("event", "/event/10K"), ("runner", runner)):
    steps += [{"go": f"http://{web}{target}"},
              {"wait": "document.documentElement.dataset.live==='open'", "timeout": 20},
              {"shot": f"{docs}/web-phone-{name}.png"}]
json.dump({"width": 390, "height": 844, "mobile": True, "scale": 1, "steps": steps}, open(out, "w"))
PY
python3 tests/results/browser_steps.py "$(command -v chromium)" "$work/web-steps.json" | sed -n 's/^shot: //p'
