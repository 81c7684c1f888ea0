// I915_FORMAT_MOD_X_TILED: 4 KiB tiles of 512 B x 8 rows, row-major inside.
// An i915 GTT fence can detile it (gen7 and later); a row's bytes stay
// contiguous for the 512 B of a tile row.
#include "models/tiling/intel_tiles.h"

namespace cohsim {
namespace {

// Byte xb (< 512) of row y (< 8) of a tile.
struct XTile {
  static constexpr std::uint32_t kWidthBytes = 512;
  static constexpr std::uint32_t kRows = 8;
  static constexpr std::uint64_t in_tile(std::uint64_t xb, std::uint64_t y) { return y * 512 + xb; }
};

class IntelXLayout final : public IntelTiledLayout<XTile> {
 public:
  Layout id() const override { return Layout::intel_x; }
  std::string_view modifier() const override { return "I915_FORMAT_MOD_X_TILED"; }
  bool is_drm_modifier(std::uint64_t value) const override { return value == 0x0100000000000001ULL; }
  std::uint32_t fence_run_bytes() const override { return 512; }
};

const LayoutRegistration<IntelXLayout> kRegistered;

}  // namespace
}  // namespace cohsim
