#!/usr/bin/env bash
# Installs what FinishLine needs from Debian 12 packages, skipping what dpkg says is there.
# Shared by tools/demo.sh, tools/test.sh, tools/bench.sh and tools/fuzz.sh.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-dev libsqlite3-dev libfmt-dev libtomlplusplus-dev libcli11-dev
  libhowardhinnant-date-dev tzdata libgtest-dev libbenchmark-dev
  libimgui-dev libglfw3-dev libgl-dev libstb-dev xvfb xauth fonts-dejavu-core
  fonts-droid-fallback chromium libqrencode-dev zbar-tools
  clang-14 libclang-rt-14-dev sqlite3 python3 zlib1g-dev wrk
  mosquitto libmosquitto-dev nlohmann-json3-dev openssl
)
missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi
