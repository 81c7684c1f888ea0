#pragma once
// A DMA agent's statistics (section "agents": the GPU, display, camera and a
// virtual platform's host copy engine): their names, units and meanings, in
// this one place. docs/results-reference.md and the results schema are
// generated from them (sim/results/results_reference.cpp).
#include <cstdint>

#include "models/common/stats.h"

namespace cohsim {

struct DmaStats {
  DmaStats(StatGroup& g, const ClockDomain& clock)
      : transfers(g.counter("transfers", "transfers", "DMA transfers (one per trace operation)")),
        lines_read(g.counter("lines_read", "lines", "lines read")),
        lines_written(g.counter("lines_written", "lines", "lines written")),
        stale_reads(g.counter("stale_reads", "lines", "line reads that returned an older version than the newest write")),
        scanouts(g.counter("scanouts", "frames", "front-buffer scan-outs at the refresh rate")),
        flips(g.counter("flips", "flips", "page flips taken at a vsync")),
        busy(g.time("busy", clock, "time with a transfer in progress")) {}

  std::uint64_t &transfers, &lines_read, &lines_written, &stale_reads, &scanouts, &flips;
  Tick& busy;
};

// A device behind an IOMMU (devices.NAME.iommu) adds these to its group.
struct IommuStats {
  IommuStats(StatGroup& g, const ClockDomain& clock)
      : iotlb_misses(g.counter("iotlb_misses", "pages", "requests to a page the IOTLB did not hold, each waiting for a page-table walk")),
        pages_mapped(g.counter("iommu_pages_mapped", "pages", "pages mapped for the device when it mapped a buffer's attachment")),
        pages_unmapped(g.counter("iommu_pages_unmapped", "pages", "pages unmapped, and their translations invalidated, when a buffer was closed")),
        walk_time(g.time("iotlb_walk_time", clock, "time requests waited for page-table walks")),
        map_time(g.time("iommu_map_time", clock, "CPU time spent mapping and unmapping pages for the device")) {}

  std::uint64_t &iotlb_misses, &pages_mapped, &pages_unmapped;
  Tick &walk_time, &map_time;
};

}  // namespace cohsim
