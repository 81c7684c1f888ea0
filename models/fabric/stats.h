#pragma once
// A fabric's statistics (section "fabrics"): their names, units and
// meanings, in this one place. docs/results-reference.md and the results
// schema are generated from them (sim/results/results_reference.cpp).
#include <cstdint>

#include "models/common/stats.h"

namespace cohsim {

struct FabricStats {
  explicit FabricStats(StatGroup& g)
      : requests(g.counter("requests", "transactions", "transactions routed to memory or snooped")),
        snooped_reads(g.counter("snooped_reads", "lines", "coherent reads looked up in the CPU caches")),
        snoop_hits(g.counter("snoop_hits", "lines", "coherent reads answered by a CPU cache")),
        snooped_writes(g.counter("snooped_writes", "lines", "coherent writes that invalidated CPU copies (or replaced them, when they allocate)")),
        allocated_writes(g.counter("allocated_writes", "lines", "device writes that allocated in the snoop cache (a device of coherence full)")),
        self_snoops(g.counter("self_snoops", "transactions", "the core's own WC/UC accesses looked up in its caches (x86 self-snoop)")),
        self_snoop_flushes(g.counter("self_snoop_flushes", "lines", "self-snoops that found the line cached and flushed it before memory served the access")),
        routed(g.counter("routed", "transactions", "requests sent by address to a memory with a window of its own (a discrete GPU's VRAM), unsnooped")) {}

  std::uint64_t &requests, &snooped_reads, &snoop_hits, &snooped_writes, &allocated_writes, &self_snoops, &self_snoop_flushes, &routed;
};

}  // namespace cohsim
