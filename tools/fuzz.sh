#!/usr/bin/env bash
# Fuzzes every parser with libFuzzer (clang from Debian: clang-14 and
# libclang-rt-14-dev), AddressSanitizer and UndefinedBehaviorSanitizer.
#
#   bash tools/fuzz.sh [SECONDS] [TARGET...]     default: 60 s per target, every target
#   FUZZ_RUNS=10000000 bash tools/fuzz.sh 0      a number of executions per target instead (no time limit)
#
# Targets: scenario_json platform_json cohsim_trace din_trace wayland_log.
# Each starts from its checked-in seeds (fuzz/corpus/TARGET) and grows a
# working corpus in build-fuzz/corpus/TARGET. A crash leaves its input in
# build-fuzz/crashes/TARGET/: fix the bug, then copy the input to
# fuzz/regressions/TARGET/, where every test suite replays it
# (ctest -R fuzz.), with any compiler.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
((${#targets[@]})) || targets=(scenario_json platform_json cohsim_trace din_trace wayland_log)

missing=()
for p in clang-14 libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 -DCOHSIM_FUZZ=ON \
  -DCOHSIM_BUILD_TESTS=OFF -DCOHSIM_BUILD_BENCH=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target "${targets[@]/%/_fuzz}"

# The Wayland importer matches every line against std::regex, which is slow
# under ASan and coverage: at 64 KiB inputs it runs 136 executions a second,
# at 1 KiB 2,100. A KiB still holds a dozen protocol lines from several
# clients, which is all the importer's state needs.
max_len_of() {
  case "$1" in
    wayland_log) echo 1024 ;;
    *) echo 65536 ;;
  esac
}

status=0
for t in "${targets[@]}"; do
  mkdir -p "build-fuzz/corpus/$t" "build-fuzz/crashes/$t"
  limit=(-max_total_time="$seconds")
  [ -n "${FUZZ_RUNS:-}" ] && limit=(-runs="$FUZZ_RUNS")
  echo "== $t: ${limit[*]}"
  if ! (cd "build-fuzz/crashes/$t" && "../../fuzz/${t}_fuzz" "${limit[@]}" -print_final_stats=1 -max_len="$(max_len_of "$t")" -timeout=10 \
        -rss_limit_mb=4096 "../../corpus/$t" "../../../fuzz/corpus/$t" 2>&1 | tail -16); then
    status=1
  fi
  if compgen -G "build-fuzz/crashes/$t/crash-*" >/dev/null || compgen -G "build-fuzz/crashes/$t/timeout-*" >/dev/null || \
     compgen -G "build-fuzz/crashes/$t/oom-*" >/dev/null; then
    echo "$t: inputs that failed are in build-fuzz/crashes/$t/"
    status=1
  fi
done
exit "$status"
