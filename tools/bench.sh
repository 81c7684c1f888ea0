#!/usr/bin/env bash
# Simulator speed: runs the Google Benchmark programs of bench/ (after
# `bash tools/setup.sh run` or `test` built them), writes each program's JSON
# into a folder of runs over time, and rebuilds that folder's dashboard.
#
#   bash tools/bench.sh [FOLDER]      default folder: results/bench
#   BENCH_FILTER=REGEX bash tools/bench.sh   only the benchmarks matching REGEX
#
# Two runs compare as ratios with Google Benchmark's own script:
#   /usr/bin/python3 /usr/share/benchmark/compare.py benchmarks OLD.json NEW.json
set -euo pipefail
cd "$(dirname "$0")/.."
folder="${1:-results/bench}"
mkdir -p "$folder"
stamp="$(date -u +%Y-%m-%dT%H-%M-%SZ)"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
for program in cohsim_bench cohsim_scenario_bench cohsim_tiling_bench; do
  out="$folder/$stamp-$commit-$program.json"
  "build/bench/$program" --benchmark_filter="${BENCH_FILTER:-.}" --benchmark_out="$out.tmp" --benchmark_out_format=json
  # A filter that matches nothing in a program leaves its output empty.
  if [ -s "$out.tmp" ]; then mv "$out.tmp" "$out"; else rm -f "$out.tmp"; fi
done
build/cohsim dashboard "$folder" -o "$folder/dashboard.html"
echo "dashboard: $folder/dashboard.html"
