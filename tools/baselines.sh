#!/usr/bin/env bash
# Regression baselines of the standard scenarios (results/baselines/SCENARIOS).
#
#   bash tools/baselines.sh check [SCENARIO...]    run each, compare with its baseline (exit 1 if anything moved)
#   bash tools/baselines.sh update [SCENARIO...]   run each and rewrite its baseline, printing what moved
#
# A baseline is the scenario's results file without its wall-clock section,
# named after the scenario's path: scenarios/vgem-2015/4k-full.json ->
# results/baselines/vgem-2015-4k-full.json. A scenario with a sweep block is
# run by `cohsim sweep` (one point at a time) and its baseline is the merged
# table, sweep.json, which has no wall-clock figures, kept as
# results/baselines/NAME.sweep.json: it must match byte for byte. Update on purpose, after a change
# that should move the figures, and commit the new baselines with that change.
# COHSIM names the binary (default build/cohsim); extra `cohsim check`
# options (--tolerance ...) can be given in CHECK_OPTIONS.
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-}"
case "$mode" in
  check | update) shift ;;
  *)
    echo "usage: bash tools/baselines.sh check|update [SCENARIO...]" >&2
    exit 2
    ;;
esac
cohsim="${COHSIM:-build/cohsim}"
if (($# == 0)); then
  mapfile -t scenarios < <(grep -v -e '^#' -e '^$' results/baselines/SCENARIOS)
else
  scenarios=("$@")
fi

# A merged sweep table with its scenario's path relative to the repository.
relative_table() {
  python3 - "$1" "$PWD" <<'PY'
import json, sys
table = json.load(open(sys.argv[1]))
root = sys.argv[2].rstrip("/") + "/"
path = table["sweep"]["scenario"]
if path.startswith(root):
    table["sweep"]["scenario"] = path[len(root):]
print(json.dumps(table, indent=2, sort_keys=True))
PY
}

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
status=0
for scenario in "${scenarios[@]}"; do
  name="${scenario#scenarios/}"
  name="${name%.json}"
  name="${name//\//-}"
  if python3 -c 'import json, sys; sys.exit(0 if "sweep" in json.load(open(sys.argv[1])) else 1)' "$scenario"; then
    "$cohsim" sweep -q -j 1 "$scenario" -o "$out/$name"
    # The table names its scenario by absolute path: kept relative to the
    # repository, so that any clone compares equal.
    relative_table "$out/$name/sweep.json" >"$out/$name/table.json"
    if [ "$mode" = update ]; then
      cp "$out/$name/table.json" "results/baselines/$name.sweep.json"
      echo "cohsim baselines: sweep table results/baselines/$name.sweep.json updated"
    elif ! cmp -s "$out/$name/table.json" "results/baselines/$name.sweep.json"; then
      echo "cohsim baselines: the sweep table of $scenario moved against results/baselines/$name.sweep.json:"
      diff "results/baselines/$name.sweep.json" "$out/$name/table.json" | head -40 || true
      status=1
    fi
    continue
  fi
  "$cohsim" run -q "$scenario" -o "$out/$name.json"
  if [ "$mode" = update ]; then
    "$cohsim" check --update --baseline "results/baselines/$name.json" "$out/$name.json"
  else
    # shellcheck disable=SC2086
    "$cohsim" check --baseline "results/baselines/$name.json" "$out/$name.json" ${CHECK_OPTIONS:-} || status=$?
  fi
done
exit "$status"
