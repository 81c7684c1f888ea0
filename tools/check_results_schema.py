#!/usr/bin/env python3
"""Validates results files against cohsim's results schema (JSON Schema
2020-12, python3-jsonschema from Debian): exit 1 with one line per error,
FILE: JSON pointer: message.

    python3 tools/check_results_schema.py SCHEMA RESULTS.json...
"""
import json
import sys

import jsonschema


def main(argv):
    if len(argv) < 3:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    with open(argv[1]) as f:
        validator = jsonschema.Draft202012Validator(json.load(f))
    bad = 0
    for path in argv[2:]:
        with open(path) as f:
            results = json.load(f)
        for error in sorted(validator.iter_errors(results), key=lambda e: list(e.absolute_path)):
            pointer = "".join("/" + str(p) for p in error.absolute_path)
            print(f"{path}: {pointer or '/'}: {error.message[:300]}")
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
