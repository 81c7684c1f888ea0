#!/usr/bin/env bash
# Every C++ file of cohsim as clang-format (the repository's .clang-format)
# would write it; names the files that differ and exits 1. CTest
# format.clang_format runs it; `clang-format -i FILE` fixes a file.
set -euo pipefail
cd "${1:-$(dirname "$0")/..}"
command -v clang-format >/dev/null || { echo "clang-format is not installed (bash tools/setup.sh test installs it)"; exit 1; }
status=0
while IFS= read -r -d '' f; do
  if ! clang-format --dry-run --Werror "$f" 2>/dev/null; then
    echo "$f: not formatted (clang-format -i $f)"
    status=1
  fi
done < <(find sim models tests bench fuzz -name '*.cpp' -print0 -o -name '*.h' -print0)
exit "$status"
