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

}  // namespace cohsim
