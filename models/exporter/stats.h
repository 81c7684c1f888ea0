#pragma once
// The dma-buf exporter's statistics (section "exporters"): their names,
// units and meanings, in this one place. docs/results-reference.md and the
// results schema are generated from them (sim/results/results_reference.cpp).
#include <cstdint>

#include "models/common/stats.h"

namespace cohsim {

struct ExporterStats {
  ExporterStats(StatGroup& g, const ClockDomain& clock)
      : syncs(g.counter("syncs", "calls", "begin/end CPU access (DMA_BUF_IOCTL_SYNC)")),
        maintained_bytes(g.counter("maintained_bytes", "bytes", "bytes covered by cache maintenance, rounded out to lines")),
        maintenance_ranges(g.counter("maintenance_ranges", "ranges", "maintenance by VA ranges issued")),
        barriers(g.counter(
            "barriers", "barriers",
            "barriers paid by maintenance (arm64: one per scatter-gather entry maintained; x86: one before and one after a buffer) and by WC flushes")),
        copied_bytes(
            g.counter("copied_bytes", "bytes", "bytes copied between a buffer and its shadow or staging copy (both sides counted once, by the source)")),
        detiled_bytes(g.counter("detiled_bytes", "bytes", "tiled or compressed bytes read into staging copies")),
        retiled_bytes(g.counter("retiled_bytes", "bytes", "tiled or compressed bytes written back from staging copies")),
        aperture_faults(g.counter("aperture_faults", "faults", "accesses through the aperture that had to take a GTT fence register")),
        sync_time(g.time("sync_time", clock, "core time inside begin/end CPU access (maintenance, barriers, copies)")),
        copy_time(g.time("copy_time", clock, "core time copying between buffers and shadows, detiling and retiling")),
        fault_time(g.time("fault_time", clock, "core time in aperture faults (taking a GTT fence register)")),
        codec_time(g.time("codec_time", clock, "core time decoding and encoding AFBC superblocks")) {}

  std::uint64_t &syncs, &maintained_bytes, &maintenance_ranges, &barriers, &copied_bytes, &detiled_bytes, &retiled_bytes, &aperture_faults;
  Tick &sync_time, &copy_time, &fault_time, &codec_time;
};

// The bounce buffers (platform `swiotlb`), in a group of their own when some
// device's DMA mask is narrower than 64 bits.
struct SwiotlbStats {
  SwiotlbStats(StatGroup& g, const ClockDomain& clock)
      : mappings(g.counter("bounced_mappings", "attachments", "attachments mapped into bounce slots because their device cannot reach the buffer")),
        copies(
            g.counter("bounce_copies", "copies", "memcpys between a buffer and an attachment's slots (at map, at syncs that reach the attachment, at unmap)")),
        bounced_bytes(g.counter("bounced_bytes", "bytes", "bytes those copies moved")),
        peak_pool_bytes(g.counter("peak_pool_bytes", "bytes", "the most of the pool in use at once, in whole slots")),
        bounce_time(g.time("bounce_time", clock, "core time in bounce copies and the slots' cache maintenance")) {}

  std::uint64_t &mappings, &copies, &bounced_bytes, &peak_pool_bytes;
  Tick& bounce_time;
};

}  // namespace cohsim
