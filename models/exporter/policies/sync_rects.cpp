// sync-rects: the dirty rectangles only, row by row, rounded to cache lines
// (the 2013 2D-region sync proposal; DIRTYFB-style clips).
#include "models/exporter/policies/maintain_region.h"

namespace cohsim {
namespace {
struct RectRows {
  static constexpr SyncRegion kRegion = SyncRegion::rects;
  static ByteRanges of(const SharedBuffer& b, const std::vector<PixelRect>& hint) { return b.rows(hint, b.base); }
  static std::vector<PixelRect> boxes(const SharedBuffer& b, const std::vector<PixelRect>& hint) {
    return hint.empty() ? std::vector<PixelRect>{b.whole()} : hint;
  }
};
const PolicyRegistration kRegistered{3, "the sync's rectangles, rounded to lines (and tiles): a 2D-region sync",
                                     [] { return std::unique_ptr<CoherencyPolicy>(std::make_unique<MaintainRegion<RectRows>>("sync-rects")); }};
}  // namespace
}  // namespace cohsim
