#!/usr/bin/env bash
# clang-tidy with the repository's .clang-tidy over every C++ file cohsim
# compiles (the build's compile_commands.json), skipping the files whose
# inputs are unchanged since a clean run (tools/check_tidy.py says how);
# prints each finding and exits 1 if there is one. CTest tidy.clang_tidy runs it.
#
#   bash tools/check_tidy.sh BUILD_DIR [SOURCE_DIR] [--all] [--record]
set -euo pipefail
exec python3 "$(dirname "$0")/check_tidy.py" "$@"
