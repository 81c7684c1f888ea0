#!/usr/bin/env bash
# tools/bench.sh --record appends one history line per program that ran a
# benchmark (here one quick benchmark of cohsim_bench), each with the
# commit, date, program, machine and benchmarks, and draws the dashboard by
# commit from it. The history goes to a scratch file (BENCH_HISTORY).
set -euo pipefail
src="$1" build="$2"
# bench.sh runs the programs of the tree's own build folder.
if [ "$(realpath "$build")" != "$(realpath "$src/build")" ]; then
  echo "skipped: tools/bench.sh runs $src/build, and this build is $build"
  exit 77
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
cd "$src"
BENCH_HISTORY="$tmp/history.jsonl" BENCH_FILTER='^BareTagArrays/0$' bash tools/bench.sh --record "$tmp/runs" >"$tmp/out.txt" 2>&1 || { cat "$tmp/out.txt"; exit 1; }
commit="$(git rev-parse --short HEAD)"
python3 - "$tmp/history.jsonl" "$commit" <<'PY'
import json, sys
path, commit = sys.argv[1], sys.argv[2]
lines = [json.loads(l) for l in open(path, encoding="utf-8") if l.strip()]
assert len(lines) == 1, f"expected one line (only cohsim_bench ran a benchmark), got {len(lines)}"
line = lines[0]
assert line["program"] == "cohsim_bench", line["program"]
assert line["commit"].split("-")[0] == commit, (line["commit"], commit)
assert line["date"] and line["machine"]["cpus"] > 0, line
names = [b["name"] for b in line["benchmarks"]]
assert names == ["BareTagArrays/0"], names
assert "line_accesses_per_second" in line["benchmarks"][0], line["benchmarks"][0]
assert len(open(path, "rb").read()) < 8192, "a history line should be a few KB at most"
PY
grep -q "1 commit from" "$tmp/runs/dashboard.html"
grep -q "$commit" "$tmp/runs/dashboard.html"
echo "bench --record: one history line, dashboard by commit"
