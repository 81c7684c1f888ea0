#!/usr/bin/env bash
# A sweep on a real SLURM cluster: start a single-node cluster on this
# machine (slurm_cluster.sh), emit the sweep's job array and merge job, submit
# them, wait, and compare the merged table with a local run of the same
# sweep. Every daemon started here is stopped on the way out.
#   slurm_sweep_test.sh COHSIM WORK_DIR
set -euo pipefail
cohsim="$1"
work="$2"
here="$(cd "$(dirname "$0")" && pwd)"
rm -rf "$work"
mkdir -p "$work"
state="$work/cluster"
trap 'bash "$here/slurm_cluster.sh" stop "$state" >/dev/null 2>&1 || true' EXIT
bash "$here/slurm_cluster.sh" start "$state" >/dev/null
# shellcheck disable=SC1091
. "$state/env.sh"

cat > "$work/sweep.json" <<'JSON'
{
  "name": "slurm-sweep",
  "platforms": ["x86-llc", "arm-soc"],
  "policies": ["sync-full", "sync-rects"],
  "workload": {"generator": "swrast-to-display",
               "params": {"width": 64, "height": 32, "damage": "cursor-blink", "frames": 2, "fps": 60}},
  "sweep": {"grid": {"/workload/params/width": [64, 128, 256], "/platforms/1/override/caches/l2/size": ["256KiB", "1MiB"]}}
}
JSON

"$cohsim" sweep "$work/sweep.json" -o "$work/on-cluster" --emit slurm --shards 3
submitted="$(bash "$work/on-cluster/submit.sh")"
echo "$submitted"
array="$(sed -n 's/^array job \([0-9]*\), merge job \([0-9]*\).*/\1/p' <<<"$submitted")"
merge="$(sed -n 's/^array job \([0-9]*\), merge job \([0-9]*\).*/\2/p' <<<"$submitted")"
[ -n "$array" ] && [ -n "$merge" ] || { echo "could not read the job ids" >&2; exit 1; }

# Wait for both jobs to leave the queue (no accounting: squeue is the record).
for _ in $(seq 1 300); do
  [ -z "$(squeue -h -j "$array,$merge" -o %i 2>/dev/null)" ] && break
  sleep 1
done
states="$(squeue -h -t all -j "$array,$merge" -O JobArrayID:30,State:20 2>/dev/null || true)"
echo "$states"
if grep -v -q COMPLETED <<<"$states"; then
  echo "a job did not complete" >&2
  cat "$work/on-cluster/slurm/"*.out >&2 || true
  exit 1
fi
[ "$(grep -c COMPLETED <<<"$states")" -eq 4 ] || { echo "expected 3 array tasks and the merge" >&2; exit 1; }
[ -f "$work/on-cluster/sweep.json" ] || { echo "the merge job wrote no sweep.json" >&2; exit 1; }

# The same sweep here, unsharded: the same table.
"$cohsim" sweep "$work/sweep.json" -o "$work/local" -q
cmp "$work/on-cluster/sweep.csv" "$work/local/sweep.csv"
/usr/bin/python3 - "$work/on-cluster/sweep.json" "$work/local/sweep.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["rows"] == b["rows"], "merged rows differ"
assert len(a["rows"]) == 6 * 6, len(a["rows"])  # 6 points x 2 platforms x (2 policies + ideal)
PY
echo "slurm sweep: 6 points in 3 array tasks, merged table equals the local run"
