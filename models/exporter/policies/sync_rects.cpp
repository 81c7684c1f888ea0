// sync-rects: the dirty rectangles only, row by row, rounded to cache lines
// (the 2013 2D-region sync proposal; DIRTYFB-style clips).
#include "models/exporter/policies/maintain_region.h"
#include "models/exporter/policies/policies.h"

namespace cohsim {
namespace {
struct RectRows {
  static ByteRanges of(const SharedBuffer& b, const std::vector<PixelRect>& hint) { return b.rows(hint, b.base); }
  static std::vector<PixelRect> boxes(const SharedBuffer& b, const std::vector<PixelRect>& hint) {
    return hint.empty() ? std::vector<PixelRect>{b.whole()} : hint;
  }
};
}  // namespace
std::unique_ptr<CoherencyPolicy> make_sync_rects_policy() { return std::make_unique<MaintainRegion<RectRows>>("sync-rects"); }
}  // namespace cohsim
