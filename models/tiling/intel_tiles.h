#pragma once
// What Intel's tiled layouts share (intel_x_layout.cpp, intel_y_layout.cpp,
// intel_tile4_layout.cpp): 4 KiB tiles, row-major across the surface; the
// stride is in bytes and a multiple of the tile width; no bit-6 swizzling
// (gen8 and later). A layout adds its tile shape and where a byte of a tile
// sits inside it, as compile-time members of `Tile` (kWidthBytes, kRows,
// in_tile): pixel offsets are the hot path of every tiled transfer, and
// constant tile shapes keep them to shifts and masks (tools/bench.sh,
// OffsetOf). Sources: i915 intel_fb.c, Mesa isl (isl_tiled_memcpy.c).
#include <stdexcept>

#include "models/tiling/layout_model.h"

namespace cohsim {

template <class Tile>
class IntelTiledLayout : public LayoutModel {
 public:
  static constexpr std::uint64_t kTileBytes = 4096;
  static_assert(Tile::kWidthBytes * Tile::kRows == kTileBytes);

  void lay_out(const SurfaceParams& p, SurfaceGeometry& g) const override {
    const std::uint64_t row = std::uint64_t{p.width} * p.bytes_per_pixel;
    if (Tile::kWidthBytes % p.bytes_per_pixel != 0) throw std::invalid_argument("pixels must not straddle a tile");
    g.tile_w_px = Tile::kWidthBytes / p.bytes_per_pixel;
    g.tile_h = Tile::kRows;
    g.stride = p.stride != 0 ? p.stride : static_cast<std::uint32_t>((row + Tile::kWidthBytes - 1) / Tile::kWidthBytes * Tile::kWidthBytes);
    if (g.stride < row || g.stride % Tile::kWidthBytes != 0) throw std::invalid_argument("the stride must hold a row and be a multiple of the tile width");
    g.tile_bytes = kTileBytes;
    const std::uint64_t tile_rows_64 = Tile::kRows;
    g.size = std::uint64_t{g.stride} * ((p.height + tile_rows_64 - 1) / tile_rows_64 * tile_rows_64);
  }
  std::uint64_t offset_of(const Surface& s, std::uint64_t xb, std::uint32_t y) const override {
    const std::uint64_t tiles_per_row = s.stride() / Tile::kWidthBytes;
    const std::uint64_t tile = (y / Tile::kRows) * tiles_per_row + xb / Tile::kWidthBytes;
    return tile * kTileBytes + Tile::in_tile(xb % Tile::kWidthBytes, y % Tile::kRows);
  }
  // Whole tiles, a tile row at a time.
  void add_bytes_of(const Surface& s, const PixelRect& r, std::uint64_t base, ByteRanges& out) const override {
    const PixelRect t = s.tile_aligned(r);
    const std::uint64_t tiles_across = std::uint64_t{t.x2 - t.x1} / s.tile_width_pixels();
    const std::uint64_t x_bytes = std::uint64_t{t.x1} * s.bytes_per_pixel();
    for (std::uint32_t ty = t.y1; ty < t.y2; ty += Tile::kRows) out.emplace_back(base + IntelTiledLayout::offset_of(s, x_bytes, ty), tiles_across * kTileBytes);
  }
};

}  // namespace cohsim
