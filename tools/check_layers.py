#!/usr/bin/env python3
"""The layer check: every #include of cohsim's own headers must go to the same
layer or one the including layer may use. Run by CTest (layers.include_graph);
exit 1 with one line per wrong include, FILE:LINE: what it includes and why it
may not.

    python3 tools/check_layers.py [SOURCE_DIR]

The layers, bottom up (README, "Architecture"):

  base      units, errors, checked numbers, time, versions, statistics,
            tiling math, every model's parameter types (params.h) and
            statistics (stats.h): no
            SystemC, no JSON reading
  parsing   config readers, the platform graph, trace types, readers and
            checker, workload generators, importers: base only
  reports   results types and their derived figures, reports, regression
            check, dashboard, sweep merging: base and parsing, no SystemC
  models    the SystemC/TLM models and the plain classes behind them
  driver    dma-buf exporter, coherency policies, virtual-GPU transport
  engine    elaboration, replay, buffer sharing, runs and sweeps, calibrate,
            model validation
  commands  the cohsim command line

A file's layer comes from the first pattern of LAYERS that matches its path.

Inside a layer the folders depend one way too: a cycle of folders that
include each other (sim/config -> sim/workloads -> sim/config) is an error,
named with one include of each step.
"""
import fnmatch
import os
import re
import sys

# (pattern, layer), first match wins.
LAYERS = [
    ("sim/util/*", "base"),
    ("models/*/params.h", "base"),
    ("models/*/stats.h", "base"),
    ("models/common/time.h", "base"),
    ("models/common/page.h", "base"),
    ("models/common/line_versions.*", "base"),
    ("models/common/pixel_rect.h", "base"),
    ("models/common/mem_op_kind.h", "base"),
    ("models/dmabuf/shared_buffer.h", "base"),
    ("models/common/stats.h", "base"),
    ("models/common/outstanding.h", "base"),
    ("models/common/stale_observer.h", "base"),
    ("models/common/timeline.h", "base"),
    ("models/tiling/*", "base"),
    ("models/exporter/policy_catalog.*", "base"),
    ("models/exporter/exporter_kind.*", "base"),
    ("sim/config/*", "parsing"),
    ("sim/load/*", "parsing"),
    ("sim/trace/*", "parsing"),
    ("sim/workloads/*", "parsing"),
    ("sim/import/*", "parsing"),
    ("sim/platform/platform_graph.*", "parsing"),
    ("sim/results/*", "reports"),
    ("sim/report/*", "reports"),
    ("sim/sweep/merge.*", "reports"),
    ("models/exporter/*", "driver"),
    ("models/virt/*", "driver"),
    ("models/*", "models"),
    ("sim/cli/*", "commands"),
    ("sim/*", "engine"),
]

# What each layer may include besides itself.
MAY_USE = {
    "base": set(),
    "parsing": {"base"},
    "reports": {"base", "parsing"},
    "models": {"base"},
    "driver": {"base", "models"},
    "engine": {"base", "parsing", "reports", "models", "driver"},
    "commands": {"base", "parsing", "reports", "models", "driver", "engine"},
}

# Headers that bring SystemC in: only models and above may include them.
SYSTEMC = re.compile(r"^(systemc|tlm)(\.h)?$|^(sysc|tlm_core|tlm_utils)/")
NO_SYSTEMC = {"base", "parsing", "reports"}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')


def layer_of(path):
    for pattern, layer in LAYERS:
        if fnmatch.fnmatch(path, pattern):
            return layer
    return None


def folder_cycles(uses):
    """Each cycle of folders in `uses` (folder -> {folder: (file, line, target)}), once, as a list of steps."""
    cycles, seen = [], set()
    for start in sorted(uses):
        stack = [(start, [start])]
        while stack:
            folder, path = stack.pop()
            for nxt in sorted(uses.get(folder, {})):
                if nxt == start:
                    key = frozenset(path)
                    if key not in seen:
                        seen.add(key)
                        cycles.append(path + [start])
                elif nxt not in path and len(path) < 8:
                    stack.append((nxt, path + [nxt]))
    return cycles


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")
    problems = []
    checked = 0
    uses = {}  # folder -> {folder it includes from: (file, line, target)}
    for top in ("sim", "models"):
        for folder, _, files in os.walk(os.path.join(root, top)):
            for name in sorted(files):
                if not name.endswith((".h", ".cpp")):
                    continue
                path = os.path.relpath(os.path.join(folder, name), root)
                layer = layer_of(path)
                if layer is None:
                    problems.append(f"{path}: in no layer (add it to LAYERS in tools/check_layers.py)")
                    continue
                checked += 1
                with open(os.path.join(root, path), encoding="utf-8") as f:
                    for number, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if not m:
                            continue
                        target = m.group(2)
                        if SYSTEMC.match(target) and layer in NO_SYSTEMC:
                            problems.append(f"{path}:{number}: includes <{target}>, but the {layer} layer links no SystemC")
                            continue
                        if m.group(1) != '"' or not target.startswith(("sim/", "models/")):
                            continue
                        if os.path.dirname(target) != os.path.dirname(path):
                            uses.setdefault(os.path.dirname(path), {}).setdefault(os.path.dirname(target), (path, number, target))
                        used = layer_of(target)
                        if used is None or used == layer or used in MAY_USE[layer]:
                            continue
                        problems.append(f"{path}:{number}: includes {target} ({used} layer), which the {layer} layer may not use")
    for cycle in folder_cycles(uses):
        steps = []
        for a, b in zip(cycle, cycle[1:]):
            file, line, target = uses[a][b]
            steps.append(f"{file}:{line} includes {target}")
        problems.append("folders include each other (" + " -> ".join(cycle) + "): " + "; ".join(steps))
    for p in problems:
        print(p)
    print(f"layer check: {checked} files, {len(problems)} wrong includes", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
