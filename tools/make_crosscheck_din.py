#!/usr/bin/env python3
"""Writes the din trace used to cross-check cohsim's caches against DineroIV.

A deterministic mix of the access patterns a frame renderer and a compositor
produce: row-major sweeps over a small framebuffer (reads and writes), a
column walk (stride = one row), reuse of a hot working set, and pseudo-random
reads and writes over 1 MiB. Usage: make_crosscheck_din.py > FILE.din
"""
import sys


def main() -> None:
    out = []
    state = 12345

    def rand() -> int:
        nonlocal state
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        return state

    base = 0x100000
    width, height, bpp = 256, 96, 4  # a 96 KiB framebuffer
    stride = width * bpp
    for frame in range(3):
        for y in range(height):  # render: read-modify-write rows
            for x in range(0, stride, 16):
                addr = base + y * stride + x
                out.append(f"0 {addr:x}")
                out.append(f"1 {addr:x}")
        for x in range(0, stride, 64):  # a column walk
            for y in range(0, height, 3):
                out.append(f"0 {base + y * stride + x:x}")
        for _ in range(4000):  # a hot set of 24 KiB
            addr = 0x400000 + (rand() % (24 * 1024)) // 4 * 4
            out.append(f"{rand() % 2} {addr:x}")
        for _ in range(6000):  # scattered over 1 MiB
            addr = 0x800000 + (rand() % (1 << 20)) // 4 * 4
            out.append(f"{0 if rand() % 3 else 1} {addr:x}")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
