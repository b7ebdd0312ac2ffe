#!/usr/bin/env bash
# Dependency direction: timing <- results <- ingest <- gui / tools. A library may include its
# own headers and those of libraries below it, never above.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
check() {  # check LIB FORBIDDEN...
  local lib=$1; shift
  for up in "$@"; do
    if hits=$(grep -rnE "#include \"$up/" "$lib" 2>/dev/null); then
      echo "layer violation: $lib/ includes $up/:"; echo "$hits"; status=1
    fi
  done
}
check timing results ingest gui tools
check results ingest gui tools
check ingest gui tools
check gui tools
# The tests' reference scorer checks the engine: it must not borrow a rule from it.
check tests/reference results ingest gui tools
[ $status -eq 0 ] && echo "layers ok: timing <- results <- ingest <- gui/tools"
exit $status
