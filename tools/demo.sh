#!/usr/bin/env bash
# The main command on a fresh Debian 12 machine: installs what is missing, builds Release into
# build/, then runs the demo. Until `finishline demo` exists it walks through the CLI on a
# temporary race file and prints what it did.
set -euo pipefail
cd "$(dirname "$0")/.."
./tools/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DFL_TESTS=OFF -DFL_BENCH=OFF >/dev/null
cmake --build build -j "$(nproc)" --target finishline
fl=./build/tools/finishline

if "$fl" --help | grep -qE "^ +demo "; then
  exec "$fl" demo "$@"
fi

work=$(mktemp -d)
echo "== FinishLine walkthrough in $work"
set -x
"$fl" init "$work/race.db" --config examples/race.toml
"$fl" import "$work/race.db" examples/participants.csv
"$fl" import "$work/race.db" examples/participants.csv
"$fl" participants "$work/race.db"
