#!/usr/bin/env bash
# clang-tidy with the repository's .clang-tidy over every C++ file cohsim
# compiles (the build's compile_commands.json), on every core; prints each
# finding and exits 1 if there is one. CTest tidy.clang_tidy runs it.
#
#   bash tools/check_tidy.sh BUILD_DIR [SOURCE_DIR]
set -euo pipefail
build="$(cd "$1" && pwd)"
src="$(cd "${2:-$(dirname "$0")/..}" && pwd)"
command -v run-clang-tidy >/dev/null || { echo "clang-tidy is not installed (bash tools/setup.sh test installs it)"; exit 1; }
[ -f "$build/compile_commands.json" ] || { echo "$build/compile_commands.json is missing (configure with CMAKE_EXPORT_COMPILE_COMMANDS=ON)"; exit 1; }
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
# g++'s -Wno-restrict is unknown to clang: not a finding.
if run-clang-tidy -p "$build" -j "$(nproc)" -quiet -extra-arg=-Wno-unknown-warning-option "$src/(sim|models|tests|bench|fuzz)/" >"$out" 2>&1; then
  echo "clang-tidy: no findings"
  exit 0
fi
# Findings without their colours; if there are none, whatever failed.
sed 's/\x1b\[[0-9;]*m//g' "$out" | grep -E "^/.*(warning|error): " | sort -u || tail -n 40 "$out"
exit 1
