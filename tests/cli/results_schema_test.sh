#!/usr/bin/env bash
# Every results file cohsim writes fits scenarios/schema/results.schema.json
# (generated from the models' stats structs, docs/results-reference.md): the
# baselines, and a fresh run with every optional statistic switched on (the 3C
# split, speculative fills) on every shipped platform, virtual ones included.
# The check must fail on a results file that lacks a statistic or has one the
# description does not know.
set -euo pipefail
cohsim="$1"
src="$(cd "$2" && pwd)"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
schema="$src/scenarios/schema/results.schema.json"
check() { python3 "$src/tools/check_results_schema.py" "$schema" "$@"; }

# (sweep tables, NAME.sweep.json, are not results files)
mapfile -t baselines < <(find "$src/results/baselines" -name '*.json' ! -name '*.sweep.json' | sort)
check "${baselines[@]}"

cat >"$scratch/every-statistic.json" <<JSON
{
  "name": "every-statistic",
  "platforms": ["x86-llc", "arm-soc", "virt-vmwgfx", "virt-virtio-gpu"],
  "policies": ["sync-full", "wc-map"],
  "simulation": { "miss_classes": true, "speculative_fills": true },
  "workload": { "trace": "$src/scenarios/traces/cursor-handoff.trace" }
}
JSON
"$cohsim" run "$scratch/every-statistic.json" -o "$scratch/results.json" >/dev/null 2>&1 || {
  "$cohsim" run "$scratch/every-statistic.json" -o "$scratch/results.json"
  exit 1
}
check "$scratch/results.json"
grep -q '"read_compulsory_misses"' "$scratch/results.json"
grep -q '"speculative_fills"' "$scratch/results.json"
grep -q '"refused"' "$scratch/results.json"  # wc-map on a virtual GPU

python3 - "$scratch/results.json" "$scratch" <<'PY'
import copy, json, sys
results = json.load(open(sys.argv[1]))
run = next(r for r in results["runs"] if "refused" not in r)
missing = copy.deepcopy(results)
next(r for r in missing["runs"] if "refused" not in r)["caches"]["l1d"].pop("read_hits")
json.dump(missing, open(sys.argv[2] + "/missing.json", "w"))
unknown = copy.deepcopy(results)
next(r for r in unknown["runs"] if "refused" not in r)["agents"][run["cpu"]]["made_up"] = {"value": 1, "unit": "lines"}
json.dump(unknown, open(sys.argv[2] + "/unknown.json", "w"))
PY
for broken in missing unknown; do
  if out="$(check "$scratch/$broken.json")"; then
    echo "the schema check passed a results file with a $broken statistic"
    exit 1
  fi
  echo "$out"
done
echo "every results file fits the schema, and the check catches a missing and an unknown statistic"
