#pragma once
// A buffer shared as a dma-buf: its geometry, where its pages sit, who has
// attached it. Rectangles in pixels become byte ranges here.
#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cohsim {

using ByteRanges = std::vector<std::pair<std::uint64_t, std::uint64_t>>;  // (address, bytes), ascending

// A pixel rectangle, x1/y1 inclusive, x2/y2 exclusive (DRM clip convention).
struct PixelRect {
  std::uint32_t x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  bool operator==(const PixelRect&) const = default;
  std::uint64_t pixels() const { return std::uint64_t{x2 - x1} * (y2 - y1); }
};

struct SharedBuffer {
  std::string name;
  std::uint32_t width = 0, height = 0;
  std::uint32_t bytes_per_pixel = 4;
  std::uint32_t stride = 0;
  std::uint64_t base = 0;         // first byte (page aligned)
  std::uint64_t shadow_base = 0;  // the CPU's shadow copy, when a policy keeps one (0: none)
  std::uint32_t noncoherent_importers = 0;
  std::uint32_t importers = 0;
  bool mapped = false;

  std::uint64_t size() const { return std::uint64_t{stride} * height; }
  bool contains(std::uint64_t address) const { return address >= base && address - base < size(); }

  // The bytes of `rects` (all of the buffer when empty), row by row, merged
  // where rows are contiguous; relative to `at` (base or shadow_base).
  ByteRanges rows(const std::vector<PixelRect>& rects, std::uint64_t at) const {
    ByteRanges out;
    if (rects.empty()) {
      out.emplace_back(at, size());
      return out;
    }
    for (const PixelRect& r : rects) {
      const std::uint64_t row_bytes = std::uint64_t{r.x2 - r.x1} * bytes_per_pixel;
      for (std::uint32_t y = r.y1; y < r.y2; ++y) {
        const std::uint64_t start = at + std::uint64_t{y} * stride + std::uint64_t{r.x1} * bytes_per_pixel;
        if (!out.empty() && out.back().first + out.back().second == start) {
          out.back().second += row_bytes;  // contiguous with the previous row
        } else {
          out.emplace_back(start, row_bytes);
        }
      }
    }
    return out;
  }
  // One range from the first to the last byte of `rects` (all when empty).
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
