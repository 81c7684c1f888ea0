#pragma once
// A vgem-style dma-buf exporter, as the driver code that runs on the core:
// GEM objects backed by pages, a scatter-gather list whose contiguity is a
// parameter, attach/map for importers, CPU mmap with the mapping the policy
// lets the exporter grant, and begin/end CPU access doing the policy's work.
// Maintenance walks the scatter-gather list and pays a barrier per entry, as
// dma_sync_sg_for_cpu/for_device do (one DSB per entry on arm64).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "models/common/stats.h"
#include "models/exporter/coherency_policy.h"
#include "models/exporter/cpu_ops.h"
#include "models/exporter/shared_buffer.h"

namespace cohsim {

struct ExporterParams {
  // Bytes per scatter-gather entry: 4096 for scattered pages (shmem, system
  // heap); larger for contiguous allocations; 0: one entry for the whole buffer.
  std::uint64_t sg_entry_bytes = 4096;
  unsigned line_bytes = 64;
  const ClockDomain* clock = nullptr;  // the core's: exporter time is core time
};

class VgemExporter {
 public:
  VgemExporter(const ExporterParams& params, const CoherencyPolicy& policy, CpuOps& cpu, StatGroup& stats);

  // Creates a GEM object and exports it; returns its index.
  std::uint32_t allocate(std::string name, const Surface& surface);
  void attach(std::uint32_t buffer, bool device_coherent);
  void mmap(std::uint32_t buffer);
  void begin_cpu_access(std::uint32_t buffer, SyncAccess access, const std::vector<PixelRect>& hint);
  void end_cpu_access(std::uint32_t buffer, SyncAccess access, const std::vector<PixelRect>& hint);

  // Where the core's accesses to the buffer go: the buffer, or its shadow.
  std::uint64_t cpu_base(std::uint32_t buffer) const;
  const SharedBuffer& buffer(std::uint32_t index) const { return buffers_.at(index); }
  const std::vector<SharedBuffer>& buffers() const { return buffers_; }
  const CoherencyPolicy& policy() const { return policy_; }

 private:
  class Sync;  // the SyncContext handed to the policy
  std::uint64_t reserve(std::uint64_t bytes);
  void maintain(const SharedBuffer& b, MemOpKind kind, const ByteRanges& ranges);
  void copy(const ByteRanges& from, std::int64_t delta);

  ExporterParams params_;
  const CoherencyPolicy& policy_;
  CpuOps& cpu_;
  std::vector<SharedBuffer> buffers_;
  std::uint64_t next_address_ = 1ull << 32;  // buffers live above 4 GiB, away from raw-address traces

  std::uint64_t &syncs_, &maintained_bytes_, &maintenance_ops_, &sg_barriers_, &copied_bytes_;
  Tick &sync_time_, &copy_time_;
};

}  // namespace cohsim
