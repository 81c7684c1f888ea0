#!/usr/bin/env bash
# `cmake --install` into a scratch prefix, then the installed cohsim, run
# from an unrelated folder with no source tree in sight, lists its presets
# and runs the default scenario from share/cohsim.
set -euo pipefail
build="$1"
prefix="$(mktemp -d)"
elsewhere="$(mktemp -d)"
trap 'rm -rf "$prefix" "$elsewhere"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
cd "$elsewhere"
unset COHSIM_DATA_DIR
"$prefix/bin/cohsim" platforms 2>where | grep -q x86-llc
grep -q "presets in $prefix/share/cohsim/scenarios/platforms" where || { cat where; echo "the installed cohsim did not read its own presets"; exit 1; }
"$prefix/bin/cohsim" run -q "$prefix/share/cohsim/scenarios/vgem-2015/1080p-cursor.json" -o results.json
grep -q '"x86-llc/sync-full"' results.json
"$prefix/bin/cohsim" validate "$prefix/share/cohsim/scenarios/schema/platform.schema.json" | grep -q ok
test -f "$prefix/share/doc/cohsim/README.md" && test -f "$prefix/share/doc/cohsim/models.md"
echo "the installed cohsim found its presets in $prefix/share/cohsim and ran the default scenario"
