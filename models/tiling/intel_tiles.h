#pragma once
// What Intel's tiled layouts share (intel_x_layout.cpp, intel_y_layout.cpp,
// intel_tile4_layout.cpp): 4 KiB tiles, row-major across the surface; the
// stride is in bytes and a multiple of the tile width; no bit-6 swizzling
// (gen8 and later). A layout adds its tile shape and where a byte of a tile
// sits inside it. Sources: i915 intel_fb.c, Mesa isl (isl_tiled_memcpy.c).
#include <stdexcept>

#include "models/tiling/layout_model.h"

namespace cohsim {

class IntelTiledLayout : public LayoutModel {
 public:
  static constexpr std::uint64_t kTileBytes = 4096;

  void lay_out(const SurfaceParams& p, SurfaceGeometry& g) const override {
    const std::uint64_t row = std::uint64_t{p.width} * p.bytes_per_pixel;
    if (tile_width_bytes() % p.bytes_per_pixel != 0) throw std::invalid_argument("pixels must not straddle a tile");
    g.tile_w_px = tile_width_bytes() / p.bytes_per_pixel;
    g.tile_h = tile_rows();
    g.stride = p.stride != 0 ? p.stride : static_cast<std::uint32_t>((row + tile_width_bytes() - 1) / tile_width_bytes() * tile_width_bytes());
    if (g.stride < row || g.stride % tile_width_bytes() != 0) throw std::invalid_argument("the stride must hold a row and be a multiple of the tile width");
    g.tile_bytes = kTileBytes;
    const std::uint64_t tile_rows_64 = tile_rows();
    g.size = std::uint64_t{g.stride} * ((p.height + tile_rows_64 - 1) / tile_rows_64 * tile_rows_64);
  }
  std::uint64_t offset_of(const Surface& s, std::uint64_t xb, std::uint32_t y) const override {
    const std::uint64_t tiles_per_row = s.stride() / tile_width_bytes();
    const std::uint64_t tile = (y / tile_rows()) * tiles_per_row + xb / tile_width_bytes();
    return tile * kTileBytes + in_tile(xb % tile_width_bytes(), y % tile_rows());
  }
  // Whole tiles, a tile row at a time.
  void add_bytes_of(const Surface& s, const PixelRect& r, std::uint64_t base, ByteRanges& out) const override {
    const PixelRect t = s.tile_aligned(r);
    const std::uint64_t tiles_across = std::uint64_t{t.x2 - t.x1} / s.tile_width_pixels();
    for (std::uint32_t ty = t.y1; ty < t.y2; ty += tile_rows()) out.emplace_back(base + s.offset_of(t.x1, ty), tiles_across * kTileBytes);
  }

 protected:
  virtual std::uint32_t tile_width_bytes() const = 0;
  virtual std::uint32_t tile_rows() const = 0;
  // Offset inside a tile of byte xb (< tile width) of row y (< tile rows).
  virtual std::uint64_t in_tile(std::uint64_t xb, std::uint64_t y) const = 0;
};

}  // namespace cohsim
