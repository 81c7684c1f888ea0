#!/usr/bin/env python3
"""tools/check_tidy.py skips a file only while nothing it depends on has
changed: its own bytes, a header it includes (however deep), its flags, or
.clang-tidy. Builds a two-file project in a scratch folder and checks each."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools"))
import check_tidy  # noqa: E402


def main():
    with tempfile.TemporaryDirectory() as src:
        build = os.path.join(src, "build")
        os.makedirs(build)

        def write(name, text):
            with open(os.path.join(src, name), "w", encoding="utf-8") as f:
                f.write(text)

        write("deep.h", "int deep();\n")
        write("a.h", '#include "deep.h"\n')
        write("a.cpp", '#include "a.h"\nint a() { return deep(); }\n')
        write("b.cpp", "int b() { return 1; }\n")

        def entries(flags="-O2"):
            return [{"directory": build, "file": os.path.join(src, f), "command": f"g++ {flags} -I{src} -o {f}.o -c {os.path.join(src, f)}"}
                    for f in ("a.cpp", "b.cpp")]

        def prints(config=b"Checks: bugprone-*", flags="-O2"):
            fp = check_tidy.Fingerprinter(src, build, config)
            return [fp(e) for e in entries(flags)]

        failures = []

        def expect(what, cond):
            if not cond:
                failures.append(what)

        before = prints()
        expect("the same inputs give the same fingerprints", prints() == before)
        write("deep.h", "int deep();  // changed\n")
        after_header = prints()
        expect("a header two includes deep changes the file that includes it", after_header[0] != before[0])
        expect("a header a file does not include leaves it alone", after_header[1] == before[1])
        expect("other flags change every file", all(x != y for x, y in zip(prints(flags="-O3"), after_header)))
        expect("another .clang-tidy changes every file", all(x != y for x, y in zip(prints(config=b"Checks: performance-*"), after_header)))
        write("b.cpp", "int b() { return 2; }\n")
        expect("a file's own bytes change it", prints()[1] != after_header[1])
        # A clone elsewhere agrees: the folders are placeholders.
        with tempfile.TemporaryDirectory() as other:
            subprocess.run(["cp", "-r", src + "/.", other], check=True)
            moved = [check_tidy.Fingerprinter(other, os.path.join(other, "build"), b"Checks: bugprone-*")(
                {"directory": os.path.join(other, "build"), "file": os.path.join(other, f),
                 "command": f"g++ -O2 -I{other} -o {f}.o -c {os.path.join(other, f)}"}) for f in ("a.cpp", "b.cpp")]
            expect("a clone at another path gives the same fingerprints", moved == prints())
        # A dependency-file flag of the build does not hide the list.
        e = entries()[0]
        e["command"] = e["command"].replace("-c", f"-MD -MT a.o -MF {build}/a.d -c")
        deps, _ = check_tidy.dependencies(e)
        expect("-MF in the command does not swallow -M's list", any(d.endswith("deep.h") for d in deps))

    for f in failures:
        print("FAILED:", f)
    if not failures:
        print("check_tidy fingerprints: every check passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
