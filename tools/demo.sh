#!/usr/bin/env bash
# The main command on a fresh Debian 12 machine: installs what is missing, builds Release into
# build/, then runs `finishline demo`: a 1,000-runner 5K played over TCP into the service at
# 30x, about two minutes of race. With a display, the board and console window (close it to finish); without one (no
# DISPLAY, or a display that cannot be opened) a progress line and the top 10. Either way the
# results are written to the folder it prints. Arguments go to the demo, e.g.
#   ./tools/demo.sh --headless --speed 600 --out /tmp/demo
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DFL_TESTS=OFF -DFL_BENCH=OFF >/dev/null
cmake --build build -j "$(nproc)" --target finishline
exec ./build/tools/finishline demo "$@"
