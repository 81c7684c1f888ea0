#!/usr/bin/env python3
"""Writes the xdin trace that cross-checks write-backs missing in L2, copy-back
and invalidate records, the end-of-run flush and the 3C split against DineroIV.

For the two-level geometry of docs/dinero.md (L1 32 KiB 8-way, L2 256 KiB
8-way, 64 B lines, non-inclusive): a line is written, kept hot in L1 by
re-reading it while eight other lines of its L2 set push it out of L2, then
pushed out of L1 too, so its write-back reaches an L2 that no longer holds
it (a write miss there). Then copy-back and invalidate records larger than a
line and crossing lines (DineroIV acts on the block holding the address
only), and dirty lines left for the end-of-run flush.
Usage: make_writeback_miss_xdin.py > FILE.xdin
"""

LINE = 64
L1_SETS = 32 * 1024 // (8 * LINE)    # 64
L2_SETS = 256 * 1024 // (8 * LINE)   # 512
BASE = 0x10000000


def main() -> None:
    out = []

    def op(kind: str, line: int, size: int = LINE, offset: int = 0) -> None:
        out.append(f"{kind} {BASE + line * LINE + offset:x} {size:x}")

    for k in range(L1_SETS):
        hot = k
        op("w", hot)
        for j in range(1, 9):           # eight lines of the same L2 set
            op("r", hot + j * L2_SETS)
            op("r", hot)                # hot stays most recently used in L1
        for j in range(1, 16):          # push hot out of L1, through other L2 sets
            if j % (L2_SETS // L1_SETS) != 0:
                op("r", hot + j * L1_SETS)
    # Maintenance records: larger than a line, crossing lines.
    for k in range(0, 64, 2):
        line = 40000 + k
        op("w", line)
        op("w", line + 1)
        op("c", line, 3 * LINE, 16)      # DineroIV: the first block only
        op("v", line + 1, 2 * LINE, 63)  # the block holding the address only
        op("r", line + 1)
    # Dirty lines left for the end-of-run flush.
    for k in range(100):
        op("w", 50000 + 3 * k, 16, 8)
    print("\n".join(out))


if __name__ == "__main__":
    main()
