#!/usr/bin/env bash
# Every test carries a group label: the gtest suites in no group of
# tests/CMakeLists.txt are labelled "unsorted", and there must be none.
set -euo pipefail
n="$(ctest --test-dir "$1" -N -L unsorted | sed -n 's/^Total Tests: //p')"
if [ "$n" != 0 ]; then
  ctest --test-dir "$1" -N -L unsorted
  echo "add these suites to a group in tests/CMakeLists.txt"
  exit 1
fi
