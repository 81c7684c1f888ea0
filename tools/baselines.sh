#!/usr/bin/env bash
# Regression baselines of the standard scenarios (results/baselines/SCENARIOS).
#
#   bash tools/baselines.sh check [SCENARIO...]    run each, compare with its baseline (exit 1 if anything moved)
#   bash tools/baselines.sh update [SCENARIO...]   run each and rewrite its baseline, printing what moved
#
# A baseline is the scenario's results file without its wall-clock section,
# named after the scenario's path: scenarios/vgem-2015/4k-full.json ->
# results/baselines/vgem-2015-4k-full.json. Update on purpose, after a change
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

out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
status=0
for scenario in "${scenarios[@]}"; do
  name="${scenario#scenarios/}"
  name="${name%.json}"
  name="${name//\//-}"
  "$cohsim" run -q "$scenario" -o "$out/$name.json"
  if [ "$mode" = update ]; then
    "$cohsim" check --update --baseline "results/baselines/$name.json" "$out/$name.json"
  else
    # shellcheck disable=SC2086
    "$cohsim" check --baseline "results/baselines/$name.json" "$out/$name.json" ${CHECK_OPTIONS:-} || status=$?
  fi
done
exit "$status"
