#pragma once
// Pixel rectangles and byte ranges: the vocabulary shared by buffers,
// layouts and policies.
#include <cstdint>
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

}  // namespace cohsim
