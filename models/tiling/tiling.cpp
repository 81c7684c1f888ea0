#include "models/tiling/tiling.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

namespace cohsim {
namespace {

constexpr std::array<std::pair<Layout, std::string_view>, 5> kModifiers{{{Layout::linear, "linear"},
                                                                         {Layout::intel_x, "I915_FORMAT_MOD_X_TILED"},
                                                                         {Layout::intel_y, "I915_FORMAT_MOD_Y_TILED"},
                                                                         {Layout::intel_tile4, "I915_FORMAT_MOD_4_TILED"},
                                                                         {Layout::arm_afbc, "DRM_FORMAT_MOD_ARM_AFBC_16x16"}}};

std::uint64_t align_up(std::uint64_t v, std::uint64_t a) { return (v + a - 1) / a * a; }

// Offset inside a 4 KiB tile of byte xb (< tile width) of row y (< tile height).
std::uint64_t in_x_tile(std::uint64_t xb, std::uint64_t y) { return y * 512 + xb; }
std::uint64_t in_y_tile(std::uint64_t xb, std::uint64_t y) { return (xb & 15) + y * 16 + (xb >> 4) * 512; }
std::uint64_t in_tile4(std::uint64_t xb, std::uint64_t y) {
  return (xb & 15) | (y & 3) << 4 | ((xb >> 4) & 3) << 6 | ((y >> 2) & 1) << 8 | ((xb >> 6) & 1) << 9 | ((y >> 3) & 3) << 10;
}

}  // namespace

std::string_view modifier_name(Layout layout) {
  for (const auto& [l, name] : kModifiers)
    if (l == layout) return name;
  return "?";
}

bool parse_modifier(std::string_view name, Layout& out) {
  for (const auto& [l, n] : kModifiers) {
    if (n == name) {
      out = l;
      return true;
    }
  }
  return false;
}

Surface::Surface(const SurfaceParams& p)
    : p_(p) {
  if (p.width == 0 || p.height == 0 || p.bytes_per_pixel == 0) throw std::invalid_argument("empty surface");
  const std::uint64_t row = std::uint64_t{p.width} * p.bytes_per_pixel;
  switch (p.layout) {
    case Layout::linear:
      if (p_.stride == 0) p_.stride = static_cast<std::uint32_t>(row);
      if (p_.stride < row) throw std::invalid_argument("the stride is shorter than a row");
      tile_bytes_ = p_.stride;
      size_ = std::uint64_t{p_.stride} * p.height;
      break;
    case Layout::intel_x:
    case Layout::intel_y:
    case Layout::intel_tile4: {
      const std::uint32_t tile_w = p.layout == Layout::intel_x ? 512 : 128;
      tile_h_ = p.layout == Layout::intel_x ? 8 : 32;
      if (tile_w % p.bytes_per_pixel != 0) throw std::invalid_argument("pixels must not straddle a tile");
      tile_w_px_ = tile_w / p.bytes_per_pixel;
      if (p_.stride == 0) p_.stride = static_cast<std::uint32_t>(align_up(row, tile_w));
      if (p_.stride < row || p_.stride % tile_w != 0) throw std::invalid_argument("the stride must hold a row and be a multiple of the tile width");
      tile_bytes_ = 4096;
      size_ = std::uint64_t{p_.stride} * align_up(p.height, tile_h_);
      break;
    }
    case Layout::arm_afbc: {
      tile_w_px_ = 16;
      tile_h_ = 16;
      if (!(p.afbc_ratio > 0 && p.afbc_ratio <= 1)) throw std::invalid_argument("the AFBC ratio must be in (0, 1]");
      // The allocation holds whole superblocks: a 1080-row surface has 68
      // superblock rows (1088 rows), the display crops the padding
      // (drm_gem_afbc_min_size aligns width and height to the superblock).
      afbc_blocks_across_ = (p.width + 15) / 16;
      const std::uint64_t blocks = std::uint64_t{afbc_blocks_across_} * ((p.height + 15) / 16);
      afbc_body_start_ = align_up(blocks * 16, p.afbc_body_align);
      afbc_slot_ = align_up(std::uint64_t{p.bytes_per_pixel} * 256, 128);
      afbc_used_ = std::min<std::uint64_t>(afbc_slot_, static_cast<std::uint64_t>(std::ceil(static_cast<double>(p.bytes_per_pixel) * 256 * p.afbc_ratio)));
      tile_bytes_ = afbc_slot_;
      p_.stride = 0;
      size_ = afbc_body_start_ + blocks * afbc_slot_;
      break;
    }
  }
}

std::uint64_t Surface::intel_offset(std::uint64_t xb, std::uint64_t y) const {
  const std::uint32_t tile_w = p_.layout == Layout::intel_x ? 512 : 128;
  const std::uint64_t tiles_per_row = p_.stride / tile_w;
  const std::uint64_t tile = (y / tile_h_) * tiles_per_row + xb / tile_w;
  const std::uint64_t u = xb % tile_w, v = y % tile_h_;
  const std::uint64_t inside = p_.layout == Layout::intel_x ? in_x_tile(u, v) : p_.layout == Layout::intel_y ? in_y_tile(u, v) : in_tile4(u, v);
  return tile * 4096 + inside;
}

std::uint64_t Surface::offset_of(std::uint32_t x, std::uint32_t y) const {
  const std::uint64_t xb = std::uint64_t{x} * p_.bytes_per_pixel;
  switch (p_.layout) {
    case Layout::linear:
      return std::uint64_t{y} * p_.stride + xb;
    case Layout::arm_afbc:
      throw std::logic_error("AFBC pixels have no address of their own");
    default:
      return intel_offset(xb, y);
  }
}

std::uint64_t Surface::afbc_header_offset(std::uint32_t sx, std::uint32_t sy) const { return (std::uint64_t{sy} * afbc_blocks_across_ + sx) * 16; }

std::uint64_t Surface::afbc_body_offset(std::uint32_t sx, std::uint32_t sy) const {
  return afbc_body_start_ + (std::uint64_t{sy} * afbc_blocks_across_ + sx) * afbc_slot_;
}

PixelRect Surface::tile_aligned(const PixelRect& r) const {
  if (p_.layout == Layout::linear) return r;
  auto down = [](std::uint32_t v, std::uint32_t a) { return v / a * a; };
  auto up = [](std::uint32_t v, std::uint32_t a) { return (v + a - 1) / a * a; };
  return PixelRect{down(r.x1, tile_w_px_), down(r.y1, tile_h_), std::min(up(r.x2, tile_w_px_), up(p_.width, tile_w_px_)),
                   std::min(up(r.y2, tile_h_), up(p_.height, tile_h_))};
}

ByteRanges Surface::bytes_of(const std::vector<PixelRect>& rects, std::uint64_t base) const {
  std::vector<PixelRect> all = rects;
  if (all.empty()) all.push_back(PixelRect{0, 0, p_.width, p_.height});
  ByteRanges out;
  auto add = [&out](std::uint64_t start, std::uint64_t bytes) { out.emplace_back(start, bytes); };
  for (const PixelRect& r : all) {
    switch (p_.layout) {
      case Layout::linear: {
        const std::uint64_t row_bytes = std::uint64_t{r.x2 - r.x1} * p_.bytes_per_pixel;
        for (std::uint32_t y = r.y1; y < r.y2; ++y) add(base + offset_of(r.x1, y), row_bytes);
        break;
      }
      case Layout::arm_afbc: {
        const PixelRect t = tile_aligned(r);
        for (std::uint32_t sy = t.y1 / 16; sy < t.y2 / 16; ++sy) {
          add(base + afbc_header_offset(t.x1 / 16, sy), std::uint64_t{t.x2 - t.x1} / 16 * 16);
          for (std::uint32_t sx = t.x1 / 16; sx < t.x2 / 16; ++sx) add(base + afbc_body_offset(sx, sy), afbc_used_);
        }
        break;
      }
      default: {
        const PixelRect t = tile_aligned(r);
        const std::uint64_t tiles_across = std::uint64_t{t.x2 - t.x1} / tile_w_px_;
        for (std::uint32_t ty = t.y1; ty < t.y2; ty += tile_h_) add(base + offset_of(t.x1, ty), tiles_across * 4096);
        break;
      }
    }
  }
  // Ascending and merged: overlapping rectangles share tiles.
  std::sort(out.begin(), out.end());
  ByteRanges merged;
  for (const auto& [a, n] : out) {
    if (!merged.empty() && a <= merged.back().first + merged.back().second) {
      merged.back().second = std::max(merged.back().second, a + n - merged.back().first);
    } else {
      merged.emplace_back(a, n);
    }
  }
  return merged;
}

}  // namespace cohsim
