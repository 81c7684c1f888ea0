// sync-full: upstream DMA_BUF_IOCTL_SYNC. The ioctl carries no region, so a
// non-coherent platform maintains every line of the buffer at every sync.
#include "models/exporter/policies/maintain_region.h"

namespace cohsim {
namespace {
struct WholeBuffer {
  static constexpr SyncRegion kRegion = SyncRegion::whole;
  static ByteRanges of(const SharedBuffer& b, const std::vector<PixelRect>&) { return b.rows({}, b.base); }
  static std::vector<PixelRect> boxes(const SharedBuffer& b, const std::vector<PixelRect>&) { return {b.whole()}; }
};
const PolicyRegistration kRegistered{1, "DMA_BUF_IOCTL_SYNC on the whole buffer: every line maintained (upstream dma-buf)",
                                     [] { return std::unique_ptr<CoherencyPolicy>(std::make_unique<MaintainRegion<WholeBuffer>>("sync-full")); }};
}  // namespace
}  // namespace cohsim
