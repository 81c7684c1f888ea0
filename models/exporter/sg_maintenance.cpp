#include "models/exporter/sg_maintenance.h"

#include <algorithm>
#include <string>

namespace cohsim {

void SgMaintenance::barrier() {
  cpu_.barrier();
  ++stats_.barriers;
}

void SgMaintenance::maintain_range(MemOpKind kind, std::uint64_t address, std::uint64_t bytes) {
  const std::uint64_t line = params_.line_bytes;
  cpu_.maintain(kind, address, bytes);
  ++stats_.maintenance_ranges;
  stats_.maintained_bytes += ((address + bytes - 1) / line - address / line + 1) * line;
}

void SgMaintenance::maintain(const SharedBuffer& b, MemOpKind kind, const ByteRanges& ranges) {
  CoreSpan span(cpu_, cpu_.track(), "maintenance", std::string(mem_op_kind_name(kind)) + " " + b.name);
  if (params_.rules == MaintenanceRules::x86) {
    // drm_clflush_sg: mb(), every line of every page, mb().
    barrier();
    for (const auto& [address, bytes] : ranges) maintain_range(kind, address, bytes);
    barrier();
    return;
  }
  // arm64: a coherent device's sync is a no-op (dev_is_dma_coherent).
  const std::uint32_t passes = params_.per_attachment ? std::max<std::uint32_t>(1, b.noncoherent_importers) : 1;
  for (std::uint32_t pass = 0; pass < passes; ++pass) maintain_sg(b, kind, ranges);
}

SgEntry sg_entry_at(const SgMaintenanceParams& params, std::uint64_t size, std::uint64_t offset) {
  if (params.heap_chunks) {
    // Chunks largest first: whole 1 MiB chunks, then 64 KiB, then pages.
    std::uint64_t start = 0, index = 0;
    for (const std::uint64_t chunk : {std::uint64_t{1} << 20, std::uint64_t{64} << 10, kPageBytes}) {
      const std::uint64_t region_end = start + (size - start) / chunk * chunk;
      if (offset < region_end) {
        const std::uint64_t k = (offset - start) / chunk;
        return {index + k, start + (k + 1) * chunk};
      }
      index += (region_end - start) / chunk;
      start = region_end;
    }
    return {index, size};  // the tail of a buffer that is not a whole number of pages
  }
  const std::uint64_t entry = params.sg_entry_bytes == 0 ? size : params.sg_entry_bytes;
  return {offset / entry, (offset / entry + 1) * entry};
}

// Walks the ranges entry by entry of the scatter-gather list; every entry
// that got maintenance ends with a barrier.
void SgMaintenance::maintain_sg(const SharedBuffer& b, MemOpKind kind, const ByteRanges& ranges) {
  std::uint64_t current_entry = ~0ull;
  for (const auto& [address, bytes] : ranges) {
    std::uint64_t pos = address;
    const std::uint64_t end = address + bytes;
    while (pos < end) {
      const SgEntry entry = sg_entry_at(params_, b.size(), pos - b.base);
      const std::uint64_t e = entry.index;
      const std::uint64_t entry_end = std::min(end, b.base + entry.end);
      if (e != current_entry) {
        if (current_entry != ~0ull) barrier();
        current_entry = e;
      }
      maintain_range(kind, pos, entry_end - pos);
      pos = entry_end;
    }
  }
  if (current_entry != ~0ull) barrier();
}

}  // namespace cohsim
