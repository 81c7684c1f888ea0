#pragma once
// Where the pixels of a surface sit in memory, for the layouts named by DRM
// format modifiers: linear, Intel X, Y and Tile4, Arm AFBC. Pure functions:
// the GPU, the display, the exporter and the tests share them. Each layout
// is one file behind LayoutModel (models/tiling/layout_model.h), registered
// from that file:
//
//   linear   row after row, `stride` bytes apart.
//   X        4 KiB tiles of 512 B x 8 rows, row-major inside.
//   Y        4 KiB tiles of 128 B x 32 rows: eight 16 B x 32-row columns,
//            column-major (a 64 B line holds 16 B x 4 rows).
//   Tile4    4 KiB tiles of 128 B x 32 rows: 16 B x 4-row cells, four side by
//            side make a 256 B sub-block, two stacked a 64 B x 8-row block,
//            blocks 2 wide by 4 high, row-major.
//   AFBC     16x16-pixel superblocks, compressed: a 16 B header per
//            superblock (raster order), then the bodies from an aligned
//            offset, one fixed slot per superblock (uncompressed size rounded
//            to 128 B), of which `afbc_ratio` is used. A size that is not a
//            multiple of 16 is padded to whole superblocks (1080 -> 1088
//            rows); the padding is allocated and counted, never displayed.
// Intel tiles are row-major across the surface; the stride is in bytes and a
// multiple of the tile width. No bit-6 swizzling (gen8 and later).
// Sources: include/uapi/drm/drm_fourcc.h, i915 intel_fb.c, Mesa isl
// (isl_tiled_memcpy.c), drm_gem_framebuffer_helper.c (AFBC sizes).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/common/pixel_rect.h"

namespace cohsim {

enum class Layout : std::uint8_t { linear, intel_x, intel_y, intel_tile4, arm_afbc };

// The DRM format modifier name of a layout, and back.
std::string_view modifier_name(Layout layout);
bool parse_modifier(std::string_view name, Layout& out);
// "linear, I915_FORMAT_MOD_X_TILED, ...": every layout's name, for messages and docs.
std::string modifier_list();

class LayoutModel;

// What a layout makes of a surface's parameters (LayoutModel::lay_out).
struct SurfaceGeometry {
  std::uint32_t stride = 0;                 // bytes per pixel row (linear, Intel)
  std::uint32_t tile_w_px = 1, tile_h = 1;  // tile (superblock) width in pixels, height in rows
  std::uint64_t tile_bytes = 0, size = 0;
  // AFBC: where the bodies start, a body's slot, the bytes of it used,
  // superblocks per row.
  std::uint64_t afbc_body_start = 0, afbc_slot = 0, afbc_used = 0;
  std::uint32_t afbc_blocks_across = 0;
};

struct SurfaceParams {
  Layout layout = Layout::linear;
  std::uint32_t width = 0, height = 0;  // pixels
  std::uint32_t bytes_per_pixel = 4;
  std::uint32_t stride = 0;              // bytes per pixel row (linear, Intel); 0: the smallest valid
  std::uint32_t afbc_body_align = 1024;  // AFBC: where the bodies start (bytes)
  double afbc_ratio = 0.5;               // AFBC: compressed size / uncompressed size of a superblock
};

class Surface {
 public:
  // Throws std::invalid_argument for a geometry the layout cannot hold.
  explicit Surface(const SurfaceParams& p);

  Layout layout() const { return p_.layout; }
  std::uint32_t width() const { return p_.width; }
  std::uint32_t height() const { return p_.height; }
  std::uint32_t bytes_per_pixel() const { return p_.bytes_per_pixel; }
  std::uint32_t stride() const { return g_.stride; }
  std::uint64_t size() const { return g_.size; }
  const LayoutModel& model() const { return *model_; }
  const SurfaceParams& params() const { return p_; }

  // Tile (or superblock) geometry: width in pixels, height in rows, bytes.
  std::uint32_t tile_width_pixels() const { return g_.tile_w_px; }
  std::uint32_t tile_height() const { return g_.tile_h; }
  std::uint64_t tile_bytes() const { return g_.tile_bytes; }

  // Byte offset of the first byte of pixel (x, y). Not for AFBC, whose
  // pixels have no address of their own (they are compressed).
  std::uint64_t offset_of(std::uint32_t x, std::uint32_t y) const;

  // The rectangle rounded out to whole tiles (superblocks); linear is unchanged.
  PixelRect tile_aligned(const PixelRect& r) const;

  // Every byte that holds `r` (the whole surface when `rects` is empty), as
  // ascending merged ranges from `base`: rows for linear; whole tiles for
  // Intel layouts; headers and used body bytes of the superblocks for AFBC.
  ByteRanges bytes_of(const std::vector<PixelRect>& rects, std::uint64_t base) const;

  // AFBC: where the header of superblock (sx, sy) and its body are.
  std::uint64_t afbc_header_offset(std::uint32_t sx, std::uint32_t sy) const;
  std::uint64_t afbc_body_offset(std::uint32_t sx, std::uint32_t sy) const;
  std::uint64_t afbc_body_used() const { return g_.afbc_used; }

 private:
  SurfaceParams p_;
  const LayoutModel* model_;
  SurfaceGeometry g_;
};

}  // namespace cohsim
