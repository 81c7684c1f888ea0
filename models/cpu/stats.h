#pragma once
// The CPU core's statistics (section "agents", one group per core): their
// names, units and meanings, in this one place. CpuAgent counts into them;
// docs/results-reference.md and the results schema are generated from them
// (sim/results/results_reference.cpp).
#include <cstdint>

#include "models/common/stats.h"

namespace cohsim {

struct CpuStats {
  CpuStats(StatGroup &g, const ClockDomain &clock)
      : loads(g.counter("loads", "lines", "line reads (a load range touches one per line)")),
        stores(g.counter("stores", "lines", "line writes")),
        load_bytes(g.counter("load_bytes", "bytes", "bytes loaded")),
        store_bytes(g.counter("store_bytes", "bytes", "bytes stored")),
        uncached_accesses(g.counter("uncached_accesses", "transactions", "WC and UC transactions sent to the fabric")),
        maintenance_ops(g.counter("maintenance_ops", "ranges", "clean / invalidate / clean+invalidate by VA range")),
        maintenance_lines(g.counter("maintenance_lines", "lines", "lines covered by maintenance ranges")),
        barriers(g.counter("barriers", "barriers", "barriers (DSB on Arm, SFENCE/MFENCE on x86)")),
        stale_reads(g.counter("stale_reads", "lines", "line reads that returned an older version than the newest write")),
        stale_merges(g.counter("stale_merges", "lines", "partial-line stores merged into a stale copy of the line")),
        elapsed(g.time("elapsed", clock, "from the first operation until everything the core issued completed")),
        idle(g.time("idle", clock, "waiting with nothing to do (for a fence or the next frame)")),
        miss_stall(g.time("miss_stall", clock, "waiting for a free miss register or write-back slot (WB)")),
        uncached_stall(g.time("uncached_stall", clock, "waiting on WC buffers, WC reads and UC accesses")),
        maintenance_issue(g.time("maintenance_issue", clock, "issuing line maintenance operations")),
        barrier(g.time("barrier", clock, "in barriers: waiting for outstanding work, plus the barrier cost")),
        compute(g.time("compute", clock, "compute without memory access")) {}

  std::uint64_t &loads, &stores, &load_bytes, &store_bytes, &uncached_accesses;
  std::uint64_t &maintenance_ops, &maintenance_lines, &barriers;
  std::uint64_t &stale_reads, &stale_merges;
  Tick &elapsed, &idle, &miss_stall, &uncached_stall, &maintenance_issue, &barrier, &compute;
};

}  // namespace cohsim
