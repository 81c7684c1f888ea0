#pragma once
// The parameter types of the core model that configs and traces name
// (mapping types, load instructions, the kernel's maintenance rules): plain
// types with no SystemC, so that the config and trace readers need no model.
#include <cstdint>

namespace cohsim {

enum class Mapping { wb, wc, uc };

// How a program's loads read memory: what a load instruction is (plain, or
// an x86 streaming load) and how many bytes each moves. It only matters for
// uncached memory: WB loads are served by the caches whatever their width.
enum class LoadKind : std::uint8_t { plain, streaming };
struct LoadShape {
  LoadKind kind = LoadKind::plain;
  // Bytes per load instruction. 16: the SSE / NEON register a memcpy moves
  // per load (glibc's aarch64 memcpy pairs two in an LDP, which the core
  // still performs as two 16-byte accesses to non-cacheable memory).
  unsigned width = 16;
  static constexpr unsigned kMaxWidth = 64;
  bool operator==(const LoadShape&) const = default;
};
inline const char* load_kind_name(LoadKind kind) { return kind == LoadKind::streaming ? "streaming" : "plain"; }

// How the kernel keeps a buffer coherent for a device that does not snoop
// (docs/models.md, "Maintenance rules"):
//  - arm64 (arch/arm64/mm/dma-mapping.c): dma_sync_sg_* maintains one
//    scatter-gather entry at a time, each ending in a DSB; sync for the
//    device cleans in every direction, sync for the CPU invalidates unless
//    the direction is to the device.
//  - x86: DMA is coherent and dma_sync_* does nothing; the exporter that owns
//    the buffer clflushes it for a non-snooping device (drm_clflush_sg: one
//    mb() before and one after the whole buffer), following the CPU's write.
enum class MaintenanceRules : std::uint8_t { arm64, x86 };

// The core's settings as a platform's `cpus.NAME` names them (the key in
// JSON is the name here; sim/config reads and documents them through
// describe(), whose field options it supplies): the one place of their
// defaults. CpuParams (cpu_agent.h) adds what elaboration derives.
struct MaintenanceConfig {
  double clean_cycles_per_line = 10;
  double invalidate_cycles_per_line = 10;
  unsigned barrier_cycles = 30;
  bool invalidate_cleans_dirty = false;
  MaintenanceRules rules = MaintenanceRules::arm64;

  template <class V>
  void describe(V& v) {
    v("clean_cycles_per_line", clean_cycles_per_line,
      {.doc = "issue cost of cleaning one line by VA (DC CVAC, CLFLUSHOPT), in core cycles", .unit = "cycles", .min = 0, .max = 1e6});
    v("invalidate_cycles_per_line", invalidate_cycles_per_line,
      {.doc = "issue cost of invalidating one line by VA (DC IVAC / DC CIVAC), in core cycles", .unit = "cycles", .min = 0, .max = 1e6});
    v("barrier_cycles", barrier_cycles, {.doc = "cost of a barrier (DSB, SFENCE) once everything before it has completed", .unit = "cycles", .max = 1e7});
    v("invalidate_cleans_dirty", invalidate_cleans_dirty,
      {.doc = "the core executes invalidate as clean+invalidate, so dirty lines are written back, not lost (Cortex-A76: DC IVAC behaves as DC CIVAC)"});
    v("rules", rules,
      {.doc = "how the kernel maintains a buffer for a device that does not snoop: arm64 (dma_sync per scatter-gather entry, each ending in a DSB; sync for "
              "the device cleans in every direction, sync for the CPU invalidates unless the direction is to the device; arch/arm64/mm/dma-mapping.c) or x86 "
              "(dma_sync does nothing; the exporter clflushes the whole buffer between one mb() before and one after, drm_clflush_sg, after CPU writes)"});
  }
};

struct UncachedConfig {
  unsigned wc_buffers = 10;
  unsigned wc_read_mlp = 1;
  unsigned plain_load_mlp = 1;
  bool streaming_loads = false;
  unsigned uc_access_bytes = 8;
  bool snoops_caches = false;

  template <class V>
  void describe(V& v) {
    v("wc_buffers", wc_buffers, {.doc = "write-combining buffers, one line each", .min = 1, .max = 1024});
    v("wc_read_mlp", wc_read_mlp,
      {.doc = "whole-line fills of streaming loads (MOVNTDQA) from a WC mapping that may be in flight at once", .min = 1, .max = 1024});
    v("plain_load_mlp", plain_load_mlp,
      {.doc = "plain loads from a WC (x86) or Normal Non-cacheable (arm64) mapping that may be in flight at once; each is a transaction of its own width",
       .min = 1,
       .max = 1024});
    v("streaming_loads", streaming_loads,
      {.doc = "the core has streaming loads (x86 SSE4.1 MOVNTDQA): a trace's streaming loads from WC memory fill a line buffer that serves the rest of the "
              "line; without them every load is plain"});
    v("uc_access_bytes", uc_access_bytes,
      {.doc = "bytes per store to a UC mapping (one store instruction; a UC load moves its own width)", .unit = "bytes", .min = 1, .max = 64});
    v("snoops_caches", snoops_caches,
      {.doc = "WC/UC accesses look up the core's own caches first (x86 self-snoop): a cached copy is flushed (written back if dirty) and memory serves the "
              "access; otherwise they go straight to memory"});
  }
};

struct CpuCoreConfig {
  double clock_ghz = 3.0;
  unsigned mlp = 10;
  unsigned load_bytes_per_cycle = 32;
  unsigned store_bytes_per_cycle = 32;
  MaintenanceConfig maintenance;
  UncachedConfig uncached;

  template <class V>
  void describe(V& v) {
    v("clock_ghz", clock_ghz, {.doc = "core clock; cache latencies are counted in its cycles", .unit = "GHz", .min = 0.01, .max = 100});
    v("mlp", mlp, {.doc = "cache-line misses the core keeps in flight at once (miss status registers)", .min = 1, .max = 1024});
    v("load_bytes_per_cycle", load_bytes_per_cycle, {.doc = "load bandwidth when loads hit in L1", .unit = "bytes", .min = 1, .max = 4096});
    v("store_bytes_per_cycle", store_bytes_per_cycle, {.doc = "store bandwidth when stores hit in L1 (or stream)", .unit = "bytes", .min = 1, .max = 4096});
    v("maintenance", maintenance, {.doc = "cache maintenance by VA range and barriers"});
    v("uncached", uncached, {.doc = "costs of WC and UC mappings"});
  }
};

}  // namespace cohsim
