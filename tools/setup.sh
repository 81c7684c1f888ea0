#!/usr/bin/env bash
# cohsim set-up on a fresh Debian 12 machine: installs the Debian packages
# that are missing, builds cohsim (Release), then either runs the default
# scenario or the whole test suite.
#
#   bash tools/setup.sh run    # main job: the default scenario, table, results file, HTML and Markdown report
#   bash tools/setup.sh test   # the whole test suite through CTest (what CI runs)
set -euo pipefail
cd "$(dirname "$0")/.."

mode="${1:-}"
case "$mode" in
  run | test) ;;
  *)
    echo "usage: bash tools/setup.sh run|test" >&2
    exit 2
    ;;
esac

# What building and running cohsim needs (the report's charts are inline SVG,
# the topology figure goes through Graphviz).
packages=(
  cmake g++ make pkg-config
  libsystemc-dev libboost-graph-dev nlohmann-json3-dev libcli11-dev libssl-dev
  libgtest-dev libbenchmark-dev libbenchmark-tools
  graphviz python3
)
# What only the test and benchmark tools use: SciPy for Google Benchmark's
# compare script (tools/bench.sh),
# Chromium and its DevTools client for the HTML report's rendering test,
# SLURM and munge for the sweep test (it starts its own daemons),
# clang-format and clang-tidy for the format and lint checks, jsonschema for
# the results schema check.
if [ "$mode" = test ]; then
  packages+=(python3-jsonschema python3-scipy chromium python3-websocket slurm-wlm munge clang-format clang-tidy)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "installing: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

jobs="$(nproc)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DCOHSIM_WERROR=ON
cmake --build build -j "$jobs"

if [ "$mode" = run ]; then
  mkdir -p results/runs
  ./build/cohsim run scenarios/vgem-2015/1080p-cursor.json -o results/runs/vgem-2015-1080p-cursor.json
  ./build/cohsim report results/runs/vgem-2015-1080p-cursor.json -o results/runs/vgem-2015-1080p-cursor.html
  ./build/cohsim report results/runs/vgem-2015-1080p-cursor.json --format markdown -o results/runs/vgem-2015-1080p-cursor.md
  echo "report: results/runs/vgem-2015-1080p-cursor.html (and .md; \`cohsim report\` prints the text version)"
else
  ctest --test-dir build --output-on-failure -j "$jobs"
fi
