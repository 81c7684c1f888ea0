#!/usr/bin/env bash
# Same input, same simulated output across builds: a Debug build of cohsim
# (no optimisation) and the Release build under test run the same scenarios;
# the results outside `host` must be byte-identical.
#   debug_release_determinism.sh RELEASE_COHSIM SOURCE_DIR WORK_DIR
set -euo pipefail
release="$1"
source="$2"
work="$3"
mkdir -p "$work"
cmake -S "$source" -B "$work/debug-build" -DCMAKE_BUILD_TYPE=Debug -DCOHSIM_BUILD_TESTS=OFF -DCOHSIM_BUILD_BENCH=OFF >/dev/null
cmake --build "$work/debug-build" --target cohsim -j "$(nproc)" >/dev/null
debug="$work/debug-build/cohsim"
for scenario in scenarios/vgem-2015/1080p-cursor.json scenarios/tiling/readback-4k-afbc.json scenarios/examples/cursor-handoff.json; do
  name="$(basename "$scenario" .json)"
  "$release" run -q "$source/$scenario" -o "$work/$name.release.json"
  "$debug" run -q "$source/$scenario" -o "$work/$name.debug.json"
  /usr/bin/python3 - "$work/$name.release.json" "$work/$name.debug.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for d in (a, b):
    d.pop("host")
ta, tb = json.dumps(a, sort_keys=True), json.dumps(b, sort_keys=True)
if ta != tb:
    # Name the first figure that differs.
    def walk(x, y, path=""):
        if type(x) != type(y) or not isinstance(x, (dict, list)):
            if x != y:
                raise SystemExit(f"Debug and Release differ at {path}: {x!r} vs {y!r}")
            return
        keys = x.keys() if isinstance(x, dict) else range(len(x))
        for k in keys:
            walk(x[k], y[k], f"{path}/{k}")
    walk(a, b)
    raise SystemExit("Debug and Release results differ")
PY
  echo "$scenario: Debug and Release results identical outside host"
done
