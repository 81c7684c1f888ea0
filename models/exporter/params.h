#pragma once
// The parameter types of the dma-buf exporter and its coherency policies that
// configs and traces name: plain types with no SystemC, so that the config
// and trace readers need no driver.
#include <cstdint>
#include <string>
#include <string_view>

#include "models/common/page.h"
#include "models/cpu/params.h"
#include "models/exporter/exporter_kind.h"
#include "models/tiling/layout_model.h"
#include "models/tiling/tiling.h"

namespace cohsim {

// DMA_BUF_IOCTL_SYNC's direction (flags READ = 1, WRITE = 2).
enum class SyncAccess : std::uint8_t { read = 1, write = 2, rw = 3 };
inline bool sync_reads(SyncAccess a) { return (static_cast<unsigned>(a) & 1) != 0; }
inline bool sync_writes(SyncAccess a) { return (static_cast<unsigned>(a) & 2) != 0; }
inline const char* sync_access_name(SyncAccess a) { return a == SyncAccess::read ? "read" : a == SyncAccess::write ? "write" : "rw"; }

// What a policy needs to know to say whether it can run on a platform: the
// exporter's target (exporter_kind.h) and the virtual GPU's mapping.
struct PolicyTarget : ExporterTarget {
  bool guest_mmap = false;  // its virtual GPU lets the guest CPU mmap a dma-buf
  std::string driver;       // the guest's virtual GPU driver (vmwgfx, virtio-gpu)
};

// CPU access to tiled buffers: through a detiling aperture where the
// platform has one and the layout allows it (automatic), or always through a
// linear staging copy.
enum class TiledCpuAccess : std::uint8_t { automatic, staging, aperture };

// The exporter's settings as a scenario's `exporter` section names them
// (the key in JSON is the name here; sim/config reads and documents them
// through describe(), whose field options it supplies): the one place of
// their defaults. ExporterParams (dmabuf_exporter.h) adds what the platform
// and elaboration give.
struct ExporterConfig {
  ExporterKind kind = ExporterKind::vgem;
  std::uint64_t sg_entry_bytes = kPageBytes;  // a scattered buffer: one entry per page
  TiledCpuAccess tiled_cpu_access = TiledCpuAccess::automatic;
  double afbc_codec_cycles_per_pixel = 4;
  bool maintenance_per_attachment = false;
  std::uint64_t cma_area_bytes = kDefaultCmaAreaBytes;

  template <class V>
  void describe(V& v) {
    v("kind", kind,
      {.doc = "the kernel exporter the buffers come from, unless a trace's buffer line names its own (exporter=KIND) (docs/exporters.md, which cites each "
              "one's kernel functions): vgem (the 2015 proposal: the "
              "policy chooses the mapping, begin/end sync for the non-coherent importers; upstream vgem is its wc-map case); udmabuf (memfd pages "
              "mapped cached, begin/end sync against the udmabuf device itself: maintenance on arm64 whatever the importers, none on x86; at most "
              "64 MiB per buffer); system-heap (cached, allocated in 1 MiB, 64 KiB and 4 KiB chunks; begin/end sync every mapped attachment: once "
              "per non-coherent importer on arm64, nothing on x86); cma-heap (the same, physically contiguous: one sg entry); system-uncached-heap "
              "(Android: write-combined, syncs skip maintenance); android-partial (a vendor system heap with begin/end_cpu_access_partial: "
              "sync-range maintains one byte range against the heap's device); panfrost (Mali BOs: write-combined unless the GPU is IO-coherent "
              "or the BO is mapped write-back, DMA_BUF_IOCTL_SYNC syncs every mapped attachment, PANFROST_SYNC_BO byte ranges for the GPU: "
              "sync-range and sync-rects; arm64 only); panfrost-import (a system-heap buffer imported into panfrost: PANFROST_SYNC_BO refuses it; "
              "arm64 only); i915 (shmem objects mapped cached, begin/end clflush the whole object unless the GPU shares the LLC, a scanout object "
              "written by the CPU is clflushed at flip; x86 only). Each refuses the policies it cannot carry out, with the kernel's reason"});
    v("tiled_cpu_access", tiled_cpu_access,
      {.doc = "how the CPU reaches tiled buffers: auto (the platform's detiling aperture for X and Y tiles, else a staging copy), staging (a linear cached "
              "copy, detiled at sync start and retiled at sync end), aperture (required; an error where impossible)"});
    v("afbc_codec_cycles_per_pixel", afbc_codec_cycles_per_pixel,
      {.doc = "core cycles to decode or encode one AFBC pixel in software", .unit = "cycles", .min = 0, .max = 1e6});
    v("sg_entry_bytes", sg_entry_bytes,
      {.doc = "bytes per scatter-gather entry of exported buffers (a barrier is paid per entry maintained): 4096 for scattered pages, larger for contiguous "
              "memory, 0 for one entry per buffer",
       .unit = "bytes",
       .max = 1ull << 40});
    v("cma_area_bytes", cma_area_bytes,
      {.doc = "the CMA area the cma-heap allocates from (the kernel's cma= argument or CONFIG_CMA_SIZE_MBYTES: 32 MiB in the upstream arm64 "
              "defconfig); buffers alive at once beyond it make cma_alloc fail (-ENOMEM), an error naming the buffer. Used by cma-heap only",
       .unit = "bytes",
       .min = 1,
       .max = 1ull << 40});
    v("maintenance_per_attachment", maintenance_per_attachment,
      {.doc = "begin/end CPU access maintain the buffer once per mapped non-coherent attachment, as the system dma-heap does "
              "(dma_sync_sgtable_for_cpu/for_device on each attachment's table: two non-snooping importers pay twice); "
              "false: once per buffer. arm64 maintenance rules only: on x86 the exporter flushes the buffer once"});
  }
  template <class Checker>
  void check(const Checker& c) const {
    const ExporterTraits& e = exporter_traits(kind);
    if (maintenance_per_attachment && e.whole_sync != SyncTarget::noncoherent_importers)
      c.fail("maintenance_per_attachment", "only vgem's syncs are set per attachment; this exporter.kind decides for itself (docs/exporters.md)");
    if (sg_entry_bytes != kPageBytes && e.sg != ScatterGather::configured)
      c.fail("sg_entry_bytes", e.sg == ScatterGather::heap_chunks ? "this heap's scatter-gather list follows its allocation in 1 MiB, 64 KiB and 4 KiB "
                                                                    "chunks (system_heap.c orders[])"
                                                                  : "a CMA heap buffer is physically contiguous: one scatter-gather entry (cma_heap.c)");
  }
};

// Where cohsim places shared buffers: system-memory buffers from 4 GiB up
// (away from raw-address traces), VRAM buffers from their window's base,
// each at a fresh address (never one a closed buffer had) and 2 MiB apart
// so that no two share a line or a page. A buffer of `bytes` uses
// buffer_footprint(bytes) of its address space.
constexpr std::uint64_t kSystemBuffersBase = 1ull << 32;
constexpr std::uint64_t kBufferAlign = 2ull << 20;
constexpr std::uint64_t buffer_footprint(std::uint64_t bytes) { return (bytes + 2 * kBufferAlign - 1) / kBufferAlign * kBufferAlign; }

// The kernel's bounce-buffer pool (kernel/dma/swiotlb.c), as a platform's
// `swiotlb` section names it: a device whose DMA mask (its
// dma_address_bits) cannot reach a buffer's pages has its attachment mapped
// into slots of this pool, low in memory, and every copy between the two
// is a memcpy on the core (docs/platforms.md, "swiotlb bounce buffers").
constexpr std::uint64_t kSwiotlbSlotBytes = 2048;                // IO_TLB_SIZE
constexpr std::uint64_t kSwiotlbPoolBase = 512ull << 20;         // below 1 GiB, where a 30-bit device reaches
constexpr std::uint64_t kDefaultSwiotlbPoolBytes = 64ull << 20;  // IO_TLB_DEFAULT_SIZE
struct SwiotlbConfig {
  std::uint64_t pool_bytes = kDefaultSwiotlbPoolBytes;

  template <class V>
  void describe(V& v) {
    v("pool_bytes", pool_bytes,
      {.doc = "the pool's size (the kernel's swiotlb= argument; 64 MiB by default, IO_TLB_DEFAULT_SIZE), in 2 KiB slots at 512 MiB; mapping an "
              "attachment that finds no room fails (\"swiotlb buffer is full\"), an error at the trace's import line. Used only by devices whose "
              "dma_address_bits do not reach the buffers",
       .unit = "bytes",
       .min = kSwiotlbSlotBytes,
       .max = 512ull << 20});
  }
};

// A detiling aperture (Intel GTT fences): a few fence registers, each making
// one X- or Y-tiled object look linear through a WC or UC mapping. An object
// without a fence faults on access and takes one, evicting the least
// recently used owner. As a platform's `aperture` section names it
// (sim/config reads and documents it through describe() and check()); 0
// fences: the platform has none.
struct ApertureConfig {
  unsigned fences = 0;
  Mapping mapping = Mapping::wc;
  std::uint64_t fault_cycles = 10000;

  template <class V>
  void describe(V& v) {
    v("fences", fences, {.doc = "fence registers of a detiling aperture (Intel GTT: 32 on gen7 and later); 0: no aperture", .max = 1024});
    v("mapping", mapping, {.doc = "how the CPU maps the aperture: wc or uc"});
    v("fault_cycles", fault_cycles,
      {.doc = "core cycles of a fault that takes a fence for an object (estimate: a minor fault plus fence programming)", .unit = "cycles", .max = 1e9});
  }
  template <class Checker>
  void check(const Checker& c) const {
    if (mapping == Mapping::wb) c.fail("mapping", "an aperture is mapped wc or uc");
  }
};

// Whether the CPU reaches a tiled buffer through the aperture (else through a
// linear staging copy): the platform has fences, the layout is one they
// detile (Intel X and Y), and neither the policy nor the scenario asks for a copy.
inline bool reaches_through_aperture(Layout layout, unsigned fences, bool policy_uses_shadow, TiledCpuAccess access) {
  const bool fenceable = fences > 0 && layout_model(layout).fence_run_bytes() > 0;
  return fenceable && !policy_uses_shadow && access != TiledCpuAccess::staging;
}

}  // namespace cohsim
