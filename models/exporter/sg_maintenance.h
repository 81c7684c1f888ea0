#pragma once
// The kernel's cache maintenance of a dma-buf's pages, on the core, as the
// exporter's sync and map paths call it:
//  - x86 (drm_clflush_sg): a barrier, every line of every page, a barrier;
//  - arm64 (dma_sync_sg_for_cpu / for_device): entry by entry of the
//    scatter-gather list, a barrier (DSB) after each entry maintained; once
//    per buffer or, where the exporter syncs every mapped attachment (the
//    system heap), once per non-coherent attachment.
#include <cstdint>

#include "models/common/page.h"
#include "models/cpu/cpu_ops.h"
#include "models/cpu/params.h"
#include "models/dmabuf/shared_buffer.h"
#include "models/exporter/stats.h"

namespace cohsim {

struct SgMaintenanceParams {
  unsigned line_bytes = 64;
  std::uint64_t sg_entry_bytes = kPageBytes;  // 0: one entry for the whole buffer
  MaintenanceRules rules = MaintenanceRules::arm64;
  bool per_attachment = false;  // once per non-coherent attachment (the system heap)
  // The system heap's sg list: the buffer allocated in 1 MiB chunks while
  // they fit, then 64 KiB, then 4 KiB pages (system_heap.c orders[] = {8, 4,
  // 0}, largest first), one entry per chunk; sg_entry_bytes is unused.
  bool heap_chunks = false;
};

// The scatter-gather entry holding byte `offset` of a buffer of `size` bytes:
// its index and the offset where it ends.
struct SgEntry {
  std::uint64_t index = 0, end = 0;
};
SgEntry sg_entry_at(const SgMaintenanceParams& params, std::uint64_t size, std::uint64_t offset);

class SgMaintenance {
 public:
  SgMaintenance(const SgMaintenanceParams& params, CpuOps& cpu, ExporterStats& stats)
      : params_(params),
        cpu_(cpu),
        stats_(stats) {}

  // Maintenance of `kind` over `ranges` (bytes of buffer `b`).
  void maintain(const SharedBuffer& b, MemOpKind kind, const ByteRanges& ranges);
  // One barrier paid by the exporter (counted with maintenance's).
  void barrier();

 private:
  void maintain_sg(const SharedBuffer& b, MemOpKind kind, const ByteRanges& ranges);
  void maintain_range(MemOpKind kind, std::uint64_t address, std::uint64_t bytes);

  SgMaintenanceParams params_;
  CpuOps& cpu_;
  ExporterStats& stats_;
};

}  // namespace cohsim
