#!/usr/bin/env bash
# Simulator speed: runs the Google Benchmark programs of bench/ (after
# `bash tools/setup.sh run` or `test` built them), writes each program's JSON
# into a folder of runs over time, and rebuilds that folder's dashboard.
#
#   bash tools/bench.sh [FOLDER]      default folder: results/bench (not committed)
#   bash tools/bench.sh --record      also adds a line per program to the committed
#                                     history, results/bench-history.jsonl, and draws
#                                     the dashboard from it, by commit
#   BENCH_FILTER=REGEX bash tools/bench.sh   only the benchmarks matching REGEX
#
# Two runs compare as ratios with Google Benchmark's own script:
#   /usr/bin/python3 /usr/share/benchmark/compare.py benchmarks OLD.json NEW.json
set -euo pipefail
cd "$(dirname "$0")/.."
record=false
folder=results/bench
for arg in "$@"; do
  case "$arg" in
    --record) record=true ;;
    -*) echo "usage: bash tools/bench.sh [--record] [FOLDER]" >&2; exit 2 ;;
    *) folder="$arg" ;;
  esac
done
history="${BENCH_HISTORY:-results/bench-history.jsonl}"  # BENCH_HISTORY: another file (tests)
mkdir -p "$folder"
stamp="$(date -u +%Y-%m-%dT%H-%M-%SZ)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
# The history file itself does not make the tree dirty (a second --record before committing it).
exclude=()
case "$history" in /*) ;; *) exclude=(":!$history") ;; esac
if [ -n "$(git status --porcelain --untracked-files=no -- . "${exclude[@]}" 2>/dev/null)" ]; then commit="$commit-dirty"; fi
written=()
for program in cohsim_bench cohsim_scenario_bench cohsim_tiling_bench; do
  out="$folder/$stamp-$commit-$program.json"
  "build/bench/$program" --benchmark_filter="${BENCH_FILTER:-.}" --benchmark_out="$out.tmp" --benchmark_out_format=json
  # A filter that matches nothing in a program leaves its output empty.
  if [ -s "$out.tmp" ]; then
    mv "$out.tmp" "$out"
    written+=("$out")
  else
    rm -f "$out.tmp"
  fi
done
if $record && [ "${#written[@]}" -gt 0 ]; then
  # One line per program: the commit, the date, the machine, and per
  # benchmark only what the dashboard reads (a few KB). cohsim dashboard
  # checks every line when it draws the history.
  python3 - "$history" "$commit" "${written[@]}" <<'PY'
import json, os, sys
history, commit, files = sys.argv[1], sys.argv[2], sys.argv[3:]
kept = ("name", "run_name", "run_type", "aggregate_name", "label", "real_time", "cpu_time", "time_unit")
with open(history, "a", encoding="utf-8") as out:
    for path in files:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        ctx = doc["context"]
        benchmarks = []
        for b in doc["benchmarks"]:
            entry = {k: b[k] for k in kept if k in b}
            entry.update({k: v for k, v in b.items() if k.endswith("_per_second")})
            benchmarks.append(entry)
        line = {"commit": commit, "date": ctx.get("date", ""), "program": os.path.basename(path).rsplit("-", 1)[-1].removesuffix(".json"),
                "machine": {"host": ctx.get("host_name", ""), "cpus": ctx.get("num_cpus", 0), "mhz_per_cpu": ctx.get("mhz_per_cpu", 0)},
                "benchmarks": benchmarks}
        out.write(json.dumps(line, sort_keys=True) + "\n")
PY
  build/cohsim dashboard "$history" -o "$folder/dashboard.html"
  echo "history: $history (commit it); dashboard by commit: $folder/dashboard.html"
  exit 0
fi
build/cohsim dashboard "$folder" -o "$folder/dashboard.html"
echo "dashboard: $folder/dashboard.html"
