#include "models/exporter/exporter_kind.h"

#include <stdexcept>

namespace cohsim {
namespace {
constexpr std::string_view kNoPartial = " and DMA_BUF_IOCTL_SYNC carries no region";

// One row per exporter, naming only what differs from ExporterTraits'
// defaults (hence the pragma); the kernel functions are in docs/exporters.md.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
constexpr ExporterTraits kExporters[] = {
    {.kind = ExporterKind::vgem, .region_sync = SyncTarget::noncoherent_importers, .region_takes_ranges = true},
    {.kind = ExporterKind::udmabuf,
     .mapping = Mapping::wb,
     .whole_sync = SyncTarget::own_device,
     .no_wc_mapping = "udmabuf maps a memfd's pages cached (drivers/dma-buf/udmabuf.c mmap_udmabuf); it has no write-combined mapping",
     .no_region_sync = "udmabuf syncs the whole sg table (begin_cpu_access_udmabuf: dma_sync_sg_for_cpu); it has no begin_cpu_access_partial"},
    {.kind = ExporterKind::system_heap,
     .mapping = Mapping::wb,
     .whole_sync = SyncTarget::each_attachment,
     .sg = ScatterGather::heap_chunks,
     .no_wc_mapping = "the system heap maps its pages cached (drivers/dma-buf/heaps/system_heap.c system_heap_mmap); the write-combined one is the "
                      "out-of-tree system-uncached heap",
     .no_region_sync = "the system heap syncs whole sg tables (system_heap_dma_buf_begin_cpu_access: dma_sync_sgtable_for_cpu); upstream it has no "
                       "begin_cpu_access_partial"},
    {.kind = ExporterKind::cma_heap,
     .mapping = Mapping::wb,
     .whole_sync = SyncTarget::each_attachment,
     .sg = ScatterGather::contiguous,
     .no_wc_mapping = "the CMA heap maps its pages cached (drivers/dma-buf/heaps/cma_heap.c cma_heap_mmap)",
     .no_region_sync = "the CMA heap syncs whole sg tables (cma_heap_dma_buf_begin_cpu_access: dma_sync_sgtable_for_cpu); upstream it has no "
                       "begin_cpu_access_partial"},
    {.kind = ExporterKind::system_uncached_heap,
     .mapping = Mapping::wc,
     .whole_sync = SyncTarget::nothing,
     .sg = ScatterGather::heap_chunks,
     .no_region_sync = "the system-uncached heap (Android common kernel system_heap.c, buffer->uncached) maps write-combined and skips every "
                       "attachment's sync; it has no begin_cpu_access_partial"},
    {.kind = ExporterKind::android_partial,
     .mapping = Mapping::wb,
     .whole_sync = SyncTarget::each_attachment,
     .region_sync = SyncTarget::own_device,
     .sg = ScatterGather::heap_chunks,
     .no_wc_mapping = "a vendor system heap with begin_cpu_access_partial maps its cached buffers cached (system_heap_mmap)",
     .no_rect_list = "dma_buf_begin_cpu_access_partial takes one offset and one length (Android common kernel dma-buf.c); no kernel interface takes "
                     "a list of rectangles"},
    {.kind = ExporterKind::panfrost,
     .whole_sync = SyncTarget::each_attachment,
     .region_sync = SyncTarget::own_gpu,
     .region_takes_ranges = true,
     .region_sync_is_cache_op = true,
     .arch = ExporterArch::arm64_only,
     .no_wc_mapping = "panfrost maps BOs write-back when its GPU is IO-coherent (panfrost_gem.c should_map_wc)",
     .wrong_arch = "panfrost drives Arm Mali GPUs, which sit in arm64 SoCs"},
    {.kind = ExporterKind::panfrost_import,
     .mapping = Mapping::wb,
     .whole_sync = SyncTarget::each_attachment,
     .sg = ScatterGather::heap_chunks,
     .arch = ExporterArch::arm64_only,
     .no_wc_mapping = "a system-heap buffer imported into panfrost is mapped as the heap maps it, cached (system_heap_mmap)",
     .no_region_sync = "PANFROST_SYNC_BO returns -EINVAL for an imported BO (panfrost_gem.c panfrost_gem_sync: drm_gem_is_imported, \"Disallow "
                       "CPU-cache maintenance on imported buffers\")",
     .wrong_arch = "panfrost drives Arm Mali GPUs, which sit in arm64 SoCs"},
    {.kind = ExporterKind::i915,
     .mapping = Mapping::wb,
     .whole_sync = SyncTarget::own_gpu,
     .start_maintains_any_direction = true,
     .flushes_scanout_at_flip = true,
     .arch = ExporterArch::x86_only,
     .no_wc_mapping = "i915's dma-buf mmap maps the object's shmem file cached (gem/i915_gem_dmabuf.c i915_gem_dmabuf_mmap); a write-combined "
                      "mapping needs i915's own mmap ioctl",
     .no_region_sync = "i915 moves the whole object to the CPU domain (i915_gem_begin_cpu_access: i915_gem_object_set_to_cpu_domain); it has no "
                       "begin_cpu_access_partial",
     .wrong_arch = "i915 drives Intel GPUs, which sit in x86 platforms"},
    {.kind = ExporterKind::amdgpu_vram,
     .mapping = Mapping::wc,
     .whole_sync = SyncTarget::nothing,
     .no_region_sync = "amdgpu's begin_cpu_access (amdgpu_dma_buf.c amdgpu_dma_buf_begin_cpu_access) only decides whether to move the BO to GTT, which "
                       "it does not for a discrete GPU's VRAM; amdgpu has no begin_cpu_access_partial",
     .in_device_memory = true},
};
#pragma GCC diagnostic pop
}  // namespace

const ExporterTraits& exporter_traits(ExporterKind kind) {
  for (const ExporterTraits& e : kExporters)
    if (e.kind == kind) return e;
  throw std::logic_error("an exporter kind without a row in kExporters");
}

std::string_view exporter_kind_name(ExporterKind kind) {
  for (const auto& [k, name] : kExporterKindNames)
    if (k == kind) return name;
  throw std::logic_error("an exporter kind without a name");
}

bool parse_exporter_kind(std::string_view name, ExporterKind& out) {
  for (const auto& [k, n] : kExporterKindNames) {
    if (n != name) continue;
    out = k;
    return true;
  }
  return false;
}

std::string exporter_kind_list() {
  std::string out;
  for (const auto& [k, name] : kExporterKindNames) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

std::string exporter_refusal(const ExporterTarget& target, Mapping policy_mapping, SyncRegion region) {
  const ExporterTraits& e = exporter_traits(target.exporter);
  if (target.virtual_gpu && target.exporter != ExporterKind::vgem)
    return "cohsim models a guest's dma-bufs as its virtual GPU's own objects; this exporter.kind runs on native platforms only";
  if (e.in_device_memory && !target.device_memory)
    return "amdgpu-vram buffers live in a discrete GPU's VRAM, and this platform has none (a memory with a window that a device is local to)";
  const bool arm64 = target.rules == MaintenanceRules::arm64;
  if ((e.arch == ExporterArch::x86_only && arm64) || (e.arch == ExporterArch::arm64_only && !arm64)) return std::string(e.wrong_arch);
  // A policy that writes through a WC mapping needs one; an exporter that
  // maps WC whatever the policy asks needs no cached one.
  const bool maps_wb = e.mapping == Mapping::wb || (target.exporter == ExporterKind::panfrost && target.gpu_coherent);
  if (policy_mapping != Mapping::wb && maps_wb) return std::string(e.no_wc_mapping);
  if (region == SyncRegion::range || region == SyncRegion::rects) {
    if (!e.region_sync) return std::string(e.no_region_sync) + std::string(kNoPartial);
    if (region == SyncRegion::rects && !e.region_takes_ranges) return std::string(e.no_rect_list);
  }
  return {};
}

}  // namespace cohsim
