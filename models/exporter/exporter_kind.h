#pragma once
// What each kernel exporter does (docs/exporters.md), as data: the CPU
// mapping it grants, which devices its syncs maintain the caches for, how its
// scatter-gather list is laid out, and which policies it cannot carry out,
// each with the kernel's reason. The exporter model (dmabuf_exporter.cpp) and
// the run list (sim/load) read this one table; adding an exporter is adding
// a row.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "models/cpu/params.h"

namespace cohsim {

// Which kernel exporter the buffers come from (and, for amdgpu-vram, where:
// a discrete GPU's VRAM rather than system memory).
enum class ExporterKind : std::uint8_t {
  vgem,
  udmabuf,
  system_heap,
  cma_heap,
  system_uncached_heap,
  android_partial,
  panfrost,
  panfrost_import,
  i915,
  amdgpu_vram,
};

// Their names, as scenarios (exporter.kind) and trace buffer lines
// (exporter=KIND) spell them.
inline constexpr std::array<std::pair<ExporterKind, std::string_view>, 10> kExporterKindNames{{
    {ExporterKind::vgem, "vgem"},
    {ExporterKind::udmabuf, "udmabuf"},
    {ExporterKind::system_heap, "system-heap"},
    {ExporterKind::cma_heap, "cma-heap"},
    {ExporterKind::system_uncached_heap, "system-uncached-heap"},
    {ExporterKind::android_partial, "android-partial"},
    {ExporterKind::panfrost, "panfrost"},
    {ExporterKind::panfrost_import, "panfrost-import"},
    {ExporterKind::i915, "i915"},
    {ExporterKind::amdgpu_vram, "amdgpu-vram"},
}};
std::string_view exporter_kind_name(ExporterKind kind);
// The kind of that name; false for none.
bool parse_exporter_kind(std::string_view name, ExporterKind& out);
// "vgem, udmabuf, ...", for messages.
std::string exporter_kind_list();

// What a policy asks of DMA_BUF_IOCTL_SYNC (or of the exporter's own sync
// ioctl): nothing, the whole buffer, one byte range, or several ranges (a
// list of rectangles).
enum class SyncRegion : std::uint8_t { none, whole, range, rects };

// The devices a sync maintains the CPU caches for, and through which kernel path.
enum class SyncTarget : std::uint8_t {
  // Once per buffer when some importer does not snoop (cohsim's 2015 vgem;
  // drm_clflush_sg on x86, dma_sync_sg_* on arm64).
  noncoherent_importers,
  // dma_sync_sgtable_* on every mapped attachment's table: once per
  // non-coherent importer on arm64, nothing on x86 (dma-direct).
  each_attachment,
  // dma_sync_* against the exporter's own device, which has no coherent
  // port: maintenance on every arm64 SoC whatever the importers, nothing on
  // x86 (the udmabuf misc device, a vendor heap's device).
  own_device,
  // Against the driver's GPU: nothing where the GPU snoops the CPU caches
  // (i915 on an LLC platform, panfrost on an IO-coherent Mali); a clflush of
  // the object on x86 (i915_gem_clflush_object), dma_sync_* on arm64.
  own_gpu,
  // The buffer is mapped uncached: the syncs skip maintenance.
  nothing,
};

// How the buffer's pages sit in memory, which decides its sg entries (a
// barrier per entry maintained on arm64).
enum class ScatterGather : std::uint8_t {
  configured,   // exporter.sg_entry_bytes (a page by default: shmem, memfd)
  heap_chunks,  // the system heap's 1 MiB, 64 KiB and 4 KiB chunks
  contiguous,   // one entry (CMA)
};

// Which CPU architectures the exporter's driver runs on.
enum class ExporterArch : std::uint8_t { any, x86_only, arm64_only };

struct ExporterTraits {
  ExporterKind kind = ExporterKind::vgem;
  // The mapping its mmap grants whatever the policy asks (none: the policy's).
  std::optional<Mapping> mapping;
  SyncTarget whole_sync = SyncTarget::noncoherent_importers;  // DMA_BUF_IOCTL_SYNC
  std::optional<SyncTarget> region_sync;                      // a partial sync, if it has one
  bool region_takes_ranges = false;                           // the partial sync takes several ranges (rectangles)
  // Its start maintains in every direction (i915 moves the object to the
  // CPU domain, a clflush, for a write as for a read); else only for a read.
  bool start_maintains_any_direction = false;
  // A scanout object that the CPU wrote since its last clflush is flushed
  // when it is flipped to a display (i915 pin_to_display_plane, FORCE).
  bool flushes_scanout_at_flip = false;
  // Its region sync is a cache operation user space picks (PANFROST_SYNC_BO):
  // before a read, a clean then an invalidate (FLUSH_AND_INVALIDATE); after
  // a write, a clean (FLUSH); after a read, nothing.
  bool region_sync_is_cache_op = false;
  ScatterGather sg = ScatterGather::configured;
  ExporterArch arch = ExporterArch::any;
  // Why a policy that needs what this exporter lacks is refused: a
  // write-combined mapping, any region sync, a rectangle list, its driver's
  // architecture.
  std::string_view no_wc_mapping;
  std::string_view no_region_sync;
  std::string_view no_rect_list;
  std::string_view wrong_arch;
  // Its buffers live in a discrete GPU's VRAM (a platform memory with a
  // window), which the CPU reaches through the GPU's BAR.
  bool in_device_memory = false;
};

const ExporterTraits& exporter_traits(ExporterKind kind);

// udmabuf's module parameter size_limit_mb (drivers/dma-buf/udmabuf.c): a
// larger UDMABUF_CREATE fails with -EINVAL.
constexpr std::uint64_t kUdmabufSizeLimitBytes = 64ull << 20;
// The CMA area of the upstream arm64 defconfig (arch/arm64/configs/defconfig:
// CONFIG_DMA_CMA=y, CONFIG_CMA_SIZE_MBYTES=32), the cma-heap's default.
constexpr std::uint64_t kDefaultCmaAreaBytes = 32ull << 20;

// What decides whether an exporter can carry out a policy on a platform.
struct ExporterTarget {
  ExporterKind exporter = ExporterKind::vgem;
  MaintenanceRules rules = MaintenanceRules::arm64;  // the core's architecture
  bool virtual_gpu = false;                          // a guest: its buffers are its virtual GPU's objects
  bool gpu_coherent = false;                         // the platform's GPU snoops the CPU caches
  bool device_memory = false;                        // the platform has a discrete GPU's VRAM (a memory with a window)
};

// Why the exporter cannot carry out a policy that maps the buffer
// `policy_mapping` and syncs `region` (empty: it can), in the kernel's terms.
std::string exporter_refusal(const ExporterTarget& target, Mapping policy_mapping, SyncRegion region);

}  // namespace cohsim
