#pragma once
// The dma-buf exporter, as the driver code that runs on the core, of the
// kind each buffer comes from (exporter_kind.h: vgem, udmabuf, a heap,
// panfrost, i915; the scenario's unless a trace names another): buffers backed by pages in its address space, attach/map for
// importers, CPU mmap with the mapping the exporter grants (its own, or the
// one the policy asks for; or a detiling aperture, or a staging copy, for a
// tiled buffer), and begin/end CPU access doing the policy's work for the
// devices the exporter syncs for. Its parts: the scatter-
// gather maintenance (sg_maintenance.h), the aperture (detiling_aperture.h),
// the copies (staging_copier.h) and, on a virtual platform, the transport
// to the host (models/virt/host_transport.h).
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "models/common/stats.h"
#include "models/cpu/cpu_ops.h"
#include "models/dmabuf/shared_buffer.h"
#include "models/exporter/coherency_policy.h"
#include "models/exporter/detiling_aperture.h"
#include "models/exporter/params.h"
#include "models/exporter/sg_maintenance.h"
#include "models/exporter/staging_copier.h"
#include "models/exporter/stats.h"
#include "models/exporter/swiotlb.h"
#include "models/virt/host_transport.h"

namespace cohsim {

// What the exporter is given: the scenario's settings for it, as read
// (ExporterConfig, models/exporter/params.h), and what the platform adds.
struct ExporterParams : ExporterConfig {
  unsigned line_bytes = 64;
  const ClockDomain* clock = nullptr;  // the core's: exporter time is core time
  ApertureConfig aperture;
  // A virtual platform: the guest driver's way to the host (null: native).
  HostTransport* host = nullptr;
  // Bounce buffers for importers that cannot reach the buffers (null: none can't).
  Swiotlb* swiotlb = nullptr;
  MaintenanceRules rules = MaintenanceRules::arm64;  // the kernel's, on the core's architecture (CpuParams::maintenance)
  bool gpu_coherent = false;                         // the platform's GPU snoops the CPU caches (SyncTarget::own_gpu)
  std::uint64_t device_memory_base = 0;              // where amdgpu-vram buffers go: a dGPU's VRAM window (0: none) ...
  std::uint64_t device_memory_bytes = 0;             // ... and its size
};

class DmaBufExporter {
 public:
  DmaBufExporter(const ExporterParams& params, const CoherencyPolicy& policy, CpuOps& cpu, StatGroup& stats);

  // Creates a GEM object with `exporter` (the scenario's kind unless the
  // trace names another) and exports it; returns its index.
  std::uint32_t allocate(std::string name, const Surface& surface, ExporterKind exporter);
  // An importer maps its attachment. One whose slots bounce (swiotlb.h) has
  // its maintenance done on the slots, not on the buffer's pages.
  void attach(std::uint32_t buffer, bool device_coherent, bool bounced = false);
  void mmap(std::uint32_t buffer);
  void begin_cpu_access(std::uint32_t buffer, SyncAccess access, const std::vector<PixelRect>& hint);
  void end_cpu_access(std::uint32_t buffer, SyncAccess access, const std::vector<PixelRect>& hint);

  // The bytes the core touches to access `rects` of the buffer (the whole
  // buffer when empty): its mapping, the shadow or staging copy, or the
  // tiled bytes behind an aperture (which may fault for a fence first).
  ByteRanges cpu_ranges(std::uint32_t buffer, const std::vector<PixelRect>& rects);
  // The same for a byte range of a linear buffer (or of its linear copy).
  ByteRanges cpu_byte_range(std::uint32_t buffer, std::uint64_t offset, std::uint64_t bytes) const;
  // The CPU is about to write these bytes of the buffer (fault tracking
  // takes its write faults here, before the stores).
  void cpu_writes(std::uint32_t buffer, const ByteRanges& ranges);
  // A device is about to read the buffer.
  void before_device_read(std::uint32_t buffer);
  // The buffer is flipped to a display (i915 flushes a scanout object the
  // CPU wrote through its cached mapping).
  void before_scanout(std::uint32_t buffer);
  const SharedBuffer& buffer(std::uint32_t index) const { return buffers_.at(index); }
  const std::vector<SharedBuffer>& buffers() const { return buffers_; }
  const CoherencyPolicy& policy() const { return policy_; }

 private:
  class Sync;  // the SyncContext handed to the policy
  std::uint64_t reserve(std::uint64_t bytes, std::uint64_t& next);
  std::uint64_t reserve(std::uint64_t bytes) { return reserve(bytes, next_address_); }
  // The mapping the buffer's exporter grants the CPU: its own, or the policy's.
  Mapping buffer_mapping(std::uint32_t buffer) const;
  // Whom the policy's syncs of the buffer maintain for: its exporter's
  // whole-buffer sync, or its partial one for a region policy.
  SyncTarget sync_target(std::uint32_t buffer) const { return sync_target_of(traits(buffer)); }
  SyncTarget sync_target_of(const ExporterTraits& exporter) const;
  bool region_policy() const;  // the policy syncs a byte range or rectangles
  // The policy's sync reaches the buffer's attachments (dma_sync_sgtable_*
  // on their tables): the bounce copies of those that bounce.
  void bounce(std::uint32_t buffer, bool for_cpu, const std::vector<PixelRect>& hint);
  bool region_sync_is_cache_op(std::uint32_t buffer) const;
  const ExporterTraits& traits(std::uint32_t buffer) const { return *exporter_of_.at(buffer); }
  // The maintenance of the buffer's pages, as its exporter lays them out.
  SgMaintenance& maintenance(std::uint32_t buffer) { return maintenance_.at(traits(buffer).kind); }

  ExporterParams params_;
  const CoherencyPolicy& policy_;
  CpuOps& cpu_;
  std::vector<SharedBuffer> buffers_;
  std::vector<const ExporterTraits*> exporter_of_;  // per buffer
  // Per buffer: the CPU started a write that no clflush has followed yet
  // (i915's obj->cache_dirty, flushed at flip).
  std::vector<bool> cache_dirty_;
  std::uint64_t next_address_ = kSystemBuffersBase;
  std::uint64_t next_device_address_ = 0;  // in the VRAM window, from params.device_memory_base

  ExporterStats stats_;                                // the parts below count into it
  std::map<ExporterKind, SgMaintenance> maintenance_;  // per exporter in use
  DetilingAperture aperture_;
  StagingCopier copier_;
};

}  // namespace cohsim
