// I915_FORMAT_MOD_4_TILED (Tile4, DG2 and later): 4 KiB tiles of 128 B x 32
// rows: 16 B x 4-row cells, four side by side make a 256 B sub-block, two
// stacked a 64 B x 8-row block, blocks 2 wide by 4 high, row-major. No GTT
// fence detiles it.
#include "models/tiling/intel_tiles.h"

namespace cohsim {
namespace {

// Byte xb (< 128) of row y (< 32) of a tile.
struct Tile4 {
  static constexpr std::uint32_t kWidthBytes = 128;
  static constexpr std::uint32_t kRows = 32;
  static constexpr std::uint64_t in_tile(std::uint64_t xb, std::uint64_t y) {
    return (xb & 15) | (y & 3) << 4 | ((xb >> 4) & 3) << 6 | ((y >> 2) & 1) << 8 | ((xb >> 6) & 1) << 9 | ((y >> 3) & 3) << 10;
  }
};

class IntelTile4Layout final : public IntelTiledLayout<Tile4> {
 public:
  Layout id() const override { return Layout::intel_tile4; }
  std::string_view modifier() const override { return "I915_FORMAT_MOD_4_TILED"; }
  bool is_drm_modifier(std::uint64_t value) const override { return value == 0x0100000000000009ULL; }
};

const LayoutRegistration<IntelTile4Layout> kRegistered;

}  // namespace
}  // namespace cohsim
