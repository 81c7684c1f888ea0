// sync-range: one byte range per access, from the first to the last byte of
// the region (Android's begin/end_cpu_access_partial with offset and length).
#include "models/exporter/policies/maintain_region.h"

namespace cohsim {
namespace {
struct BoundingRange {
  static constexpr SyncRegion kRegion = SyncRegion::range;
  static ByteRanges of(const SharedBuffer& b, const std::vector<PixelRect>& hint) { return b.bounding(hint, b.base); }
  // The range as a box, the way vmwgfx turns a dirty byte range into one.
  static std::vector<PixelRect> boxes(const SharedBuffer& b, const std::vector<PixelRect>& hint) {
    const auto [address, bytes] = b.bounding(hint, b.base).front();
    return {b.box_of(address - b.base, bytes)};
  }
};
const PolicyRegistration kRegistered{2, "one byte range, first to last byte of the sync's rectangles (Android's partial begin/end_cpu_access)",
                                     [] { return std::unique_ptr<CoherencyPolicy>(std::make_unique<MaintainRegion<BoundingRange>>("sync-range")); }};
}  // namespace
}  // namespace cohsim
