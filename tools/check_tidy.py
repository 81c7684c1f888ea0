#!/usr/bin/env python3
"""clang-tidy over every C++ file cohsim compiles, skipping the files whose
inputs have not changed since a run that found nothing.

A file's fingerprint is a SHA-256 over everything clang-tidy's verdict on it
depends on: clang-tidy's version, .clang-tidy, the file's compile flags (with
the source and build folders written as placeholders, so that any clone
agrees), every .clang-tidy of the tree and this script, and the bytes of
the file and of every header it includes, system
headers too (the list from `g++ -M`, which follows every #include the
preprocessor takes). tools/tidy-passed.txt holds the fingerprints of the last
run that found nothing; a file whose fingerprint is there is not checked
again, every other file is. So a change to a header re-checks every file that
includes it, a new compiler or library re-checks everything, and a stale or
missing record only costs time, never a finding.

  python3 tools/check_tidy.py BUILD_DIR [SOURCE_DIR] [--all] [--record]

--all checks every file; --record rewrites tools/tidy-passed.txt when the run
found nothing (commit it with the change). Exits 1 on a finding.
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

CHECKED_FOLDERS = ("sim", "models", "tests", "bench", "fuzz")
RECORD = os.path.join("tools", "tidy-passed.txt")


def dependencies(entry):
    """The files the compile command includes, from `g++ -M`."""
    args = shlex.split(entry["command"]) if "command" in entry else list(entry["arguments"])
    # Without the output and any dependency-file flags of its own, so that
    # -M prints the list.
    deps_args, skip = [], False
    for a in args:
        if skip:
            skip = False
            continue
        if a in ("-o", "-MF", "-MT", "-MQ"):
            skip = True
            continue
        if a in ("-c", "-MD", "-MMD"):
            continue
        deps_args.append(a)
    out = subprocess.run(deps_args + ["-M"], cwd=entry["directory"], capture_output=True, text=True, check=True).stdout
    words = out.replace("\\\n", " ").split()
    return [w for w in words[1:] if w != "\\"], args


class Fingerprinter:
    def __init__(self, src, build, common):
        self.src, self.build, self.common = src, build, common
        self.file_hashes = {}

    def placeholder(self, text):
        return text.replace(self.build, "@BUILD@").replace(self.src, "@SRC@")

    def file_hash(self, path):
        if path not in self.file_hashes:
            with open(path, "rb") as f:
                self.file_hashes[path] = hashlib.sha256(f.read()).hexdigest()
        return self.file_hashes[path]

    def __call__(self, entry):
        deps, args = dependencies(entry)
        h = hashlib.sha256(self.common)
        h.update(self.placeholder(" ".join(a for a in args if a != entry["file"])).encode())
        for d in deps:
            path = os.path.normpath(os.path.join(entry["directory"], d))
            h.update(self.placeholder(path).encode())
            h.update(self.file_hash(path).encode())
        return h.hexdigest()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("build")
    parser.add_argument("source", nargs="?", default=os.path.join(os.path.dirname(__file__), ".."))
    parser.add_argument("--all", action="store_true", help="check every file, whatever the record says")
    parser.add_argument("--record", action="store_true", help="write tools/tidy-passed.txt when nothing is found")
    opts = parser.parse_args()
    build, src = os.path.realpath(opts.build), os.path.realpath(opts.source)
    if shutil.which("run-clang-tidy") is None:
        sys.exit("clang-tidy is not installed (bash tools/setup.sh test installs it)")
    commands = os.path.join(build, "compile_commands.json")
    if not os.path.isfile(commands):
        sys.exit(f"{commands} is missing (configure with CMAKE_EXPORT_COMPILE_COMMANDS=ON)")
    with open(commands, encoding="utf-8") as f:
        entries = json.load(f)
    # The database's paths as the file system resolves them, as the source
    # folder is (a checkout reached through a symbolic link).
    for e in entries:
        e["file"] = os.path.realpath(os.path.join(e["directory"], e["file"]))
    entries = [e for e in entries if os.path.relpath(e["file"], src).split(os.sep)[0] in CHECKED_FOLDERS]
    if not entries:
        sys.exit(f"no file of {', '.join(CHECKED_FOLDERS)} under {src} in {commands}: nothing would be checked")

    version = subprocess.run(["clang-tidy", "--version"], capture_output=True, text=True, check=True).stdout
    # Every configuration clang-tidy may read (a folder's own .clang-tidy
    # inherits its parent's) and the way this script runs it.
    common = version.encode()
    configs = []
    for folder, subfolders, names in os.walk(src):
        subfolders[:] = [n for n in subfolders if not n.startswith((".", "build")) and os.path.join(folder, n) != build]
        if ".clang-tidy" in names:
            configs.append(os.path.join(folder, ".clang-tidy"))
    configs.sort()
    for path in configs + [os.path.realpath(__file__)]:
        with open(path, "rb") as f:
            common += os.path.relpath(path, src).encode() + f.read()
    fingerprint = Fingerprinter(src, build, common)
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        prints = dict(zip((os.path.relpath(e["file"], src) for e in entries), pool.map(fingerprint, entries)))

    record_path = os.path.join(src, RECORD)
    passed = set()
    if os.path.isfile(record_path) and not opts.all:
        with open(record_path, encoding="utf-8") as f:
            passed = {tuple(line.split()) for line in f if line.strip() and not line.startswith("#")}
    to_check = sorted(p for p, h in prints.items() if (h, p) not in passed)
    print(f"clang-tidy: {len(to_check)} of {len(prints)} files to check ({len(prints) - len(to_check)} unchanged since a clean run, {RECORD})")

    if to_check:
        pattern = "^(" + "|".join(re.escape(os.path.join(src, p)) for p in to_check) + ")$"
        with tempfile.TemporaryFile(mode="w+") as out:
            # g++'s -Wno-restrict is unknown to clang: not a finding.
            run = subprocess.run(["run-clang-tidy", "-p", build, "-j", str(os.cpu_count() or 1), "-quiet", "-extra-arg=-Wno-unknown-warning-option", pattern],
                                 stdout=out, stderr=subprocess.STDOUT, check=False)
            out.seek(0)
            text = re.sub(r"\x1b\[[0-9;]*m", "", out.read())
        if run.returncode != 0:
            findings = sorted({line for line in text.splitlines() if re.match(r"^/.*(warning|error): ", line)})
            print("\n".join(findings) if findings else "\n".join(text.splitlines()[-40:]))
            return 1
    print("clang-tidy: no findings")
    if opts.record:
        with open(record_path, "w", encoding="utf-8") as f:
            f.write("# Fingerprints of the files the last clean clang-tidy run covered (tools/check_tidy.py --record).\n")
            for p, h in sorted(prints.items()):
                f.write(f"{h} {p}\n")
        print(f"recorded {len(prints)} fingerprints in {RECORD}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
