#!/usr/bin/env bash
# The layer check must fail on a wrong include: copy sim/ and models/ to a
# scratch tree, make a parser include a SystemC model, a report include
# <systemc> and the config readers include a workload generator (a folder
# cycle inside one layer), and expect tools/check_layers.py to name all
# three and exit 1; the tree as it is must pass.
set -euo pipefail
src="$1"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
python3 "$src/tools/check_layers.py" "$src" >/dev/null
cp -r "$src/sim" "$src/models" "$src/tools" "$scratch/"
sed -i '0,/#include "/s//#include "models\/cache\/cache.h"\n#include "/' "$scratch/sim/config/platform_config.cpp"
sed -i '0,/#include </s//#include <systemc>\n#include </' "$scratch/sim/report/check.cpp"
sed -i '0,/#include "/s//#include "sim\/workloads\/generator.h"\n#include "/' "$scratch/sim/config/scenario_config.cpp"
if out="$(python3 "$scratch/tools/check_layers.py" "$scratch")"; then
  echo "the layer check passed a parser that includes a SystemC model"
  exit 1
fi
grep -q "sim/config/platform_config.cpp:.*models/cache/cache.h (models layer), which the parsing layer may not use" <<<"$out" || { echo "$out"; exit 1; }
grep -q "sim/report/check.cpp:.*<systemc>, but the reports layer links no SystemC" <<<"$out" || { echo "$out"; exit 1; }
grep -q "folders include each other (sim/config -> sim/workloads -> sim/config).*sim/config/scenario_config.cpp:[0-9]* includes sim/workloads/generator.h" <<<"$out" ||
  { echo "$out"; exit 1; }
echo "the layer check caught the three wrong includes"
