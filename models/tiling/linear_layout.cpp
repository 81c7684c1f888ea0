// linear (DRM_FORMAT_MOD_LINEAR): row after row, `stride` bytes apart.
#include <stdexcept>

#include "models/tiling/layout_model.h"

namespace cohsim {
namespace {

class LinearLayout final : public LayoutModel {
 public:
  Layout id() const override { return Layout::linear; }
  std::string_view modifier() const override { return "linear"; }
  bool is_drm_modifier(std::uint64_t value) const override { return value == 0; }

  void lay_out(const SurfaceParams& p, SurfaceGeometry& g) const override {
    const std::uint64_t row = std::uint64_t{p.width} * p.bytes_per_pixel;
    g.stride = p.stride != 0 ? p.stride : static_cast<std::uint32_t>(row);
    if (g.stride < row) throw std::invalid_argument("the stride is shorter than a row");
    g.tile_bytes = g.stride;
    g.size = std::uint64_t{g.stride} * p.height;
  }
  std::uint64_t offset_of(const Surface& s, std::uint64_t xb, std::uint32_t y) const override { return std::uint64_t{y} * s.stride() + xb; }
  void add_bytes_of(const Surface& s, const PixelRect& r, std::uint64_t base, ByteRanges& out) const override {
    const std::uint64_t row_bytes = std::uint64_t{r.x2 - r.x1} * s.bytes_per_pixel();
    const std::uint64_t x_bytes = std::uint64_t{r.x1} * s.bytes_per_pixel();
    for (std::uint32_t y = r.y1; y < r.y2; ++y) out.emplace_back(base + LinearLayout::offset_of(s, x_bytes, y), row_bytes);
  }
};

const LayoutRegistration<LinearLayout> kRegistered;

}  // namespace
}  // namespace cohsim
