// DRM_FORMAT_MOD_ARM_AFBC_16x16: 16x16-pixel superblocks, compressed: a 16 B
// header per superblock (raster order), then the bodies from an aligned
// offset, one fixed slot per superblock (uncompressed size rounded to 128 B),
// of which `afbc_ratio` is used. A size that is not a multiple of 16 is
// padded to whole superblocks (1080 -> 1088 rows); the padding is allocated
// and counted, never displayed (drm_gem_afbc_min_size aligns width and
// height to the superblock).
#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "models/tiling/layout_model.h"

namespace cohsim {
namespace {

std::uint64_t align_up(std::uint64_t v, std::uint64_t a) { return (v + a - 1) / a * a; }

class AfbcLayout final : public LayoutModel {
 public:
  Layout id() const override { return Layout::arm_afbc; }
  std::string_view modifier() const override { return "DRM_FORMAT_MOD_ARM_AFBC_16x16"; }
  bool is_drm_modifier(std::uint64_t m) const override {
    return (m >> 56) == 0x08 && ((m >> 52) & 0xF) == 0 && (m & 0xF) == 1;  // vendor Arm, AFBC, 16x16 superblocks
  }
  bool compressed() const override { return true; }

  void lay_out(const SurfaceParams& p, SurfaceGeometry& g) const override {
    g.tile_w_px = 16;
    g.tile_h = 16;
    if (!(p.afbc_ratio > 0 && p.afbc_ratio <= 1)) throw std::invalid_argument("the AFBC ratio must be in (0, 1]");
    g.afbc_blocks_across = (p.width + 15) / 16;
    const std::uint64_t blocks = std::uint64_t{g.afbc_blocks_across} * ((p.height + 15) / 16);
    g.afbc_body_start = align_up(blocks * 16, p.afbc_body_align);
    g.afbc_slot = align_up(std::uint64_t{p.bytes_per_pixel} * 256, 128);
    g.afbc_used = std::min<std::uint64_t>(g.afbc_slot, static_cast<std::uint64_t>(std::ceil(static_cast<double>(p.bytes_per_pixel) * 256 * p.afbc_ratio)));
    g.tile_bytes = g.afbc_slot;
    g.stride = 0;
    g.size = g.afbc_body_start + blocks * g.afbc_slot;
  }
  std::uint64_t offset_of(const Surface& /*s*/, std::uint64_t /*xb*/, std::uint32_t /*y*/) const override {
    throw std::logic_error("AFBC pixels have no address of their own");
  }
  // The headers and the used body bytes of the superblocks.
  void add_bytes_of(const Surface& s, const PixelRect& r, std::uint64_t base, ByteRanges& out) const override {
    const PixelRect t = s.tile_aligned(r);
    for (std::uint32_t sy = t.y1 / 16; sy < t.y2 / 16; ++sy) {
      out.emplace_back(base + s.afbc_header_offset(t.x1 / 16, sy), std::uint64_t{t.x2 - t.x1} / 16 * 16);
      for (std::uint32_t sx = t.x1 / 16; sx < t.x2 / 16; ++sx) out.emplace_back(base + s.afbc_body_offset(sx, sy), s.afbc_body_used());
    }
  }
};

const LayoutRegistration<AfbcLayout> kRegistered;

}  // namespace
}  // namespace cohsim
