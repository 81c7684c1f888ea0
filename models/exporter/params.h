#pragma once
// The parameter types of the dma-buf exporter and its coherency policies that
// configs and traces name: plain types with no SystemC, so that the config
// and trace readers need no driver.
#include <cstdint>
#include <string>
#include <string_view>

#include "models/common/page.h"
#include "models/cpu/params.h"
#include "models/tiling/layout_model.h"
#include "models/tiling/tiling.h"

namespace cohsim {

// DMA_BUF_IOCTL_SYNC's direction (flags READ = 1, WRITE = 2).
enum class SyncAccess : std::uint8_t { read = 1, write = 2, rw = 3 };
inline bool sync_reads(SyncAccess a) { return (static_cast<unsigned>(a) & 1) != 0; }
inline bool sync_writes(SyncAccess a) { return (static_cast<unsigned>(a) & 2) != 0; }
inline const char* sync_access_name(SyncAccess a) { return a == SyncAccess::read ? "read" : a == SyncAccess::write ? "write" : "rw"; }

// What a policy needs to know to say whether it can run on a platform.
struct PolicyTarget {
  bool virtual_gpu = false;  // the platform has a hypervisor
  bool guest_mmap = false;   // its virtual GPU lets the guest CPU mmap a dma-buf
  std::string driver;        // the guest's virtual GPU driver (vmwgfx, virtio-gpu)
};

// CPU access to tiled buffers: through a detiling aperture where the
// platform has one and the layout allows it (automatic), or always through a
// linear staging copy.
enum class TiledCpuAccess : std::uint8_t { automatic, staging, aperture };

// Which kernel exporter the buffers come from (docs/exporters.md): what its
// begin/end_cpu_access do and which policies it can carry out.
//  - vgem: the 2015 proposal cohsim's figures started from: a vgem whose
//    mmap the policy chooses (cached, or write-combined under wc-map) and
//    whose begin/end_cpu_access sync the buffer for its non-coherent
//    importers (dma_sync_sg_for_cpu/for_device); upstream vgem today is its
//    wc-map case (drm_gem_shmem with map_wc, no begin/end hooks).
//  - udmabuf: a memfd's pages, mapped cached; begin/end sync the sg table
//    against the udmabuf misc device itself, whatever the importers
//    (drivers/dma-buf/udmabuf.c begin_cpu_access_udmabuf /
//    end_cpu_access_udmabuf): maintenance on every arm64 SoC, none on x86,
//    where dma-direct treats every device as coherent.
//  - system-heap: cached pages allocated in 1 MiB, 64 KiB and 4 KiB chunks
//    (so is its sg list); begin/end sync every mapped attachment
//    (drivers/dma-buf/heaps/system_heap.c system_heap_dma_buf_begin_cpu_access
//    / _end_cpu_access: dma_sync_sgtable_for_cpu/for_device per attachment):
//    once per non-coherent importer on arm64, nothing on x86.
//  - cma-heap: physically contiguous (one sg entry), cached, the system
//    heap's begin/end (drivers/dma-buf/heaps/cma_heap.c
//    cma_heap_dma_buf_begin_cpu_access / _end_cpu_access).
enum class ExporterKind : std::uint8_t { vgem, udmabuf, system_heap, cma_heap };

// The heaps sync every mapped attachment (a->mapped), each with its own table.
inline bool syncs_each_attachment(ExporterKind k) { return k == ExporterKind::system_heap || k == ExporterKind::cma_heap; }

// udmabuf's module parameter size_limit_mb (drivers/dma-buf/udmabuf.c): a
// larger UDMABUF_CREATE fails with -EINVAL.
constexpr std::uint64_t kUdmabufSizeLimitBytes = 64ull << 20;

// Why `exporter` cannot carry out `policy` (empty: it can), in the kernel's terms.
std::string exporter_refusal(ExporterKind exporter, std::string_view policy);

// The exporter's settings as a scenario's `exporter` section names them
// (the key in JSON is the name here; sim/config reads and documents them
// through describe(), whose field options it supplies): the one place of
// their defaults. ExporterParams (vgem_exporter.h) adds what the platform
// and elaboration give.
struct ExporterConfig {
  ExporterKind kind = ExporterKind::vgem;
  std::uint64_t sg_entry_bytes = kPageBytes;  // a scattered buffer: one entry per page
  TiledCpuAccess tiled_cpu_access = TiledCpuAccess::automatic;
  double afbc_codec_cycles_per_pixel = 4;
  bool maintenance_per_attachment = false;

  template <class V>
  void describe(V& v) {
    v("kind", kind,
      {.doc = "the kernel exporter the buffers come from (docs/exporters.md): vgem (the 2015 proposal: the policy chooses the mapping, begin/end sync for "
              "the non-coherent importers; upstream vgem is its wc-map case) or udmabuf (memfd pages mapped cached, begin/end sync against the udmabuf "
              "device itself whatever the importers: maintenance on arm64, none on x86; at most 64 MiB per buffer; no wc-map, no region sync) or "
              "system-heap (cached, allocated in 1 MiB, 64 KiB and 4 KiB chunks; begin/end sync every mapped attachment: once per non-coherent importer "
              "on arm64, nothing on x86; no wc-map, no region sync) or cma-heap (the same, physically contiguous: one sg entry)"});
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
    v("maintenance_per_attachment", maintenance_per_attachment,
      {.doc = "begin/end CPU access maintain the buffer once per mapped non-coherent attachment, as the system dma-heap does "
              "(dma_sync_sgtable_for_cpu/for_device on each attachment's table: two non-snooping importers pay twice); "
              "false: once per buffer. arm64 maintenance rules only: on x86 the exporter flushes the buffer once"});
  }
  template <class Checker>
  void check(const Checker& c) const {
    if (kind == ExporterKind::udmabuf && maintenance_per_attachment)
      c.fail("maintenance_per_attachment", "udmabuf syncs against its own device, once per buffer, whatever the importers (begin_cpu_access_udmabuf)");
    if (kind == ExporterKind::system_heap && sg_entry_bytes != kPageBytes)
      c.fail("sg_entry_bytes", "the system heap's scatter-gather list follows its allocation in 1 MiB, 64 KiB and 4 KiB chunks (system_heap.c orders[])");
    if (kind == ExporterKind::cma_heap && sg_entry_bytes != kPageBytes)
      c.fail("sg_entry_bytes", "a CMA heap buffer is physically contiguous: one scatter-gather entry (cma_heap.c)");
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
