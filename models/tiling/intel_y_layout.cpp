// I915_FORMAT_MOD_Y_TILED: 4 KiB tiles of 128 B x 32 rows: eight 16 B x
// 32-row columns, column-major (a 64 B line holds 16 B x 4 rows). An i915
// GTT fence can detile it; a row's bytes stay contiguous for 16 B.
#include "models/tiling/intel_tiles.h"

namespace cohsim {
namespace {

// Byte xb (< 128) of row y (< 32) of a tile.
struct YTile {
  static constexpr std::uint32_t kWidthBytes = 128;
  static constexpr std::uint32_t kRows = 32;
  static constexpr std::uint64_t in_tile(std::uint64_t xb, std::uint64_t y) { return (xb & 15) + y * 16 + (xb >> 4) * 512; }
};

class IntelYLayout final : public IntelTiledLayout<YTile> {
 public:
  Layout id() const override { return Layout::intel_y; }
  std::string_view modifier() const override { return "I915_FORMAT_MOD_Y_TILED"; }
  bool is_drm_modifier(std::uint64_t value) const override { return value == 0x0100000000000002ULL; }
  std::uint32_t fence_run_bytes() const override { return 16; }
};

const LayoutRegistration<IntelYLayout> kRegistered;

}  // namespace
}  // namespace cohsim
