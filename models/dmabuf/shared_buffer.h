#pragma once
// A buffer shared as a dma-buf: its surface (geometry and layout), where its
// pages sit, who has attached it. Rectangles in pixels become byte ranges
// here, rounded out to whole tiles for tiled layouts.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "models/common/pixel_rect.h"
#include "models/tiling/tiling.h"

namespace cohsim {

// How the CPU reaches a buffer's pixels.
enum class CpuPath : std::uint8_t {
  direct,    // through its mapping (linear buffers)
  aperture,  // through a detiling aperture (Intel GTT fence): linear view, tiled memory, WC/UC speed
  staging,   // a linear copy in cached memory: detiled at sync start, retiled at sync end
};

struct SharedBuffer {
  std::string name;
  Surface surface;
  std::uint64_t base = 0;         // first byte (page aligned)
  std::uint64_t shadow_base = 0;  // the CPU's linear copy: a shadow-copy policy's, or the staging copy (0: none)
  CpuPath cpu_path = CpuPath::direct;
  // On a virtual platform: the host's copy of the surface (0: the host reads
  // the guest's pages themselves).
  std::uint64_t host_base = 0;
  std::uint32_t noncoherent_importers = 0;
  std::uint32_t importers = 0;
  bool mapped = false;

  std::uint32_t width() const { return surface.width(); }
  std::uint32_t height() const { return surface.height(); }
  std::uint32_t bytes_per_pixel() const { return surface.bytes_per_pixel(); }
  std::uint64_t size() const { return surface.size(); }
  bool linear() const { return surface.layout() == Layout::linear; }
  bool contains(std::uint64_t address) const { return address >= base && address - base < size(); }

  // The bytes that hold `rects` (all of the buffer when empty), ascending,
  // from `at` (base or shadow_base).
  ByteRanges rows(const std::vector<PixelRect>& rects, std::uint64_t at) const { return surface.bytes_of(rects, at); }
  // The whole surface as one rectangle.
  PixelRect whole() const { return PixelRect{0, 0, width(), height()}; }
  // The box a linear buffer's bytes [offset, offset + bytes) cover, as
  // vmwgfx turns a dirty byte range into a surface box: inside one row, the
  // pixels of that row; across rows, whole rows.
  PixelRect box_of(std::uint64_t offset, std::uint64_t bytes) const {
    const std::uint64_t stride = surface.stride(), bpp = bytes_per_pixel();
    const std::uint64_t last = std::min(size(), offset + bytes) - 1;
    const auto y1 = static_cast<std::uint32_t>(std::min<std::uint64_t>(offset / stride, height() - 1));
    const auto y2 = static_cast<std::uint32_t>(std::min<std::uint64_t>(last / stride + 1, height()));
    if (y2 == y1 + 1) {
      const auto x1 = static_cast<std::uint32_t>(std::min<std::uint64_t>((offset % stride) / bpp, width() - 1));
      const auto x2 = static_cast<std::uint32_t>(std::min<std::uint64_t>((last % stride) / bpp + 1, width()));
      return PixelRect{x1, y1, std::max(x2, x1 + 1), y2};
    }
    return PixelRect{0, y1, width(), y2};
  }
  // One range from the first to the last of those bytes.
  ByteRanges bounding(const std::vector<PixelRect>& rects, std::uint64_t at) const {
    const ByteRanges r = rows(rects, at);
    std::uint64_t lo = r.front().first, hi = 0;
    for (const auto& [a, n] : r) {
      lo = std::min(lo, a);
      hi = std::max(hi, a + n);
    }
    return {{lo, hi - lo}};
  }
};

}  // namespace cohsim
