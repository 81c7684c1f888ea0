#pragma once
// A cache's statistics (section "caches", one group per cache; a device's
// private cache is in "device_caches"): their names, units and meanings, in
// this one place. CacheBehaviour counts into them; docs/results-reference.md and
// the results schema are generated from them (sim/results/results_reference.cpp).
#include <cstdint>

#include "models/common/stats.h"

namespace cohsim {

// Every cache has these.
struct CacheStats {
  explicit CacheStats(StatGroup &g)
      : read_hits(g.counter("read_hits", "lines", "reads (loads, fills for the level above) that hit")),
        read_misses(g.counter("read_misses", "lines", "reads that missed and were fetched from below")),
        write_hits(g.counter("write_hits", "lines", "stores, and dirty lines written back from the level above, that hit")),
        write_misses(g.counter("write_misses", "lines", "stores, and dirty lines written back from the level above, that missed (DineroIV's write misses)")),
        write_streamed(g.counter("write_streamed", "lines", "whole-line store misses passed to the level below without allocating here")),
        writebacks_received(g.counter("writebacks_received", "lines", "victims and cleaned lines received from the level above")),
        writebacks(g.counter("writebacks", "lines", "dirty victims written to the level below")),
        evictions(g.counter("evictions", "lines", "valid lines replaced by a fill")),
        back_invalidations(g.counter("back_invalidations", "lines", "copies above dropped to keep this cache inclusive")),
        snoop_hits(g.counter("snoop_hits", "lines", "coherent device reads answered from this cache or above")),
        snoop_invalidations(g.counter("snoop_invalidations", "lines", "lines dropped because a coherent device wrote them")),
        device_writes(g.counter("device_writes", "lines", "whole lines a coherent device wrote into this cache (a GPU sharing the LLC)")),
        maintenance_lines_present(g.counter("maintenance_lines_present", "lines", "lines of maintained ranges that this cache held")),
        maintenance_dirty_written(g.counter("maintenance_dirty_written", "lines", "dirty copies here whose data maintenance wrote to memory")),
        maintenance_dirty_discarded(g.counter("maintenance_dirty_discarded", "lines", "dirty lines that a pure invalidate dropped (data lost)")),
        valid_lines_at_end(g.counter("valid_lines_at_end", "lines", "lines held when the run ended")),
        dirty_lines_at_end(g.counter("dirty_lines_at_end", "lines", "dirty lines held when the run ended (never written to memory)")),
        end_flush_writebacks(
            g.counter("end_flush_writebacks", "lines", "dirty lines written to the level below by the end-of-run flush (simulation.end_of_run_flush)")) {}

  std::uint64_t &read_hits, &read_misses, &write_hits, &write_misses, &write_streamed;
  std::uint64_t &writebacks_received, &writebacks, &evictions, &back_invalidations;
  std::uint64_t &snoop_hits, &snoop_invalidations, &device_writes;
  std::uint64_t &maintenance_lines_present, &maintenance_dirty_written, &maintenance_dirty_discarded;
  std::uint64_t &valid_lines_at_end, &dirty_lines_at_end, &end_flush_writebacks;
};

// A cache with a hardware prefetcher (caches.NAME.prefetch) also has these.
struct PrefetchStats {
  explicit PrefetchStats(StatGroup &g)
      : prefetches(g.counter("prefetches", "lines", "lines the hardware prefetcher fetched into this cache")),
        prefetch_useful(g.counter("prefetch_useful", "lines", "prefetched lines that a demand access then used")),
        prefetch_late(g.counter("prefetch_late", "lines", "useful prefetches whose data had not arrived when the demand access came (it waited for the rest)")),
        prefetches_dropped(g.counter("prefetches_dropped", "lines", "prefetches not issued because the prefetch queue was full")),
        prefetch_useless(g.counter("prefetch_useless", "lines", "prefetched lines evicted or invalidated before any demand access used them")),
        prefetched_unused_at_end(g.counter("prefetched_unused_at_end", "lines", "prefetched lines still held, unused, when the run ended")) {}

  std::uint64_t &prefetches, &prefetch_useful, &prefetch_late, &prefetches_dropped, &prefetch_useless, &prefetched_unused_at_end;
};

// With simulation.miss_classes, every cache also has the 3C split of its misses.
struct MissClassStats {
  explicit MissClassStats(StatGroup &g)
      : read_compulsory_misses(g.counter("read_compulsory_misses", "lines", "read misses of lines never referenced before (3C)")),
        read_capacity_misses(g.counter("read_capacity_misses", "lines", "read misses a fully associative LRU cache of the same size would also take (3C)")),
        read_conflict_misses(g.counter("read_conflict_misses", "lines", "read misses a fully associative LRU cache of the same size would not take (3C)")),
        write_compulsory_misses(
            g.counter("write_compulsory_misses", "lines", "write misses (stores, write-backs from above) of lines never referenced before (3C)")),
        write_capacity_misses(g.counter("write_capacity_misses", "lines", "write misses a fully associative LRU cache of the same size would also take (3C)")),
        write_conflict_misses(g.counter("write_conflict_misses", "lines", "write misses a fully associative LRU cache of the same size would not take (3C)")) {}

  std::uint64_t &read_compulsory_misses, &read_capacity_misses, &read_conflict_misses;
  std::uint64_t &write_compulsory_misses, &write_capacity_misses, &write_conflict_misses;
};

}  // namespace cohsim
