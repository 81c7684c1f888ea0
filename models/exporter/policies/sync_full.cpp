// sync-full: upstream DMA_BUF_IOCTL_SYNC. The ioctl carries no region, so a
// non-coherent platform maintains every line of the buffer at every sync.
#include "models/exporter/policies/maintain_region.h"
#include "models/exporter/policies/policies.h"

namespace cohsim {
namespace {
struct WholeBuffer {
  static ByteRanges of(const SharedBuffer& b, const std::vector<PixelRect>&) { return b.rows({}, b.base); }
  static std::vector<PixelRect> boxes(const SharedBuffer& b, const std::vector<PixelRect>&) { return {b.whole()}; }
};
}  // namespace
std::unique_ptr<CoherencyPolicy> make_sync_full_policy() { return std::make_unique<MaintainRegion<WholeBuffer>>("sync-full"); }
}  // namespace cohsim
