#pragma once
// A memory layout of pixels, as one DRM format modifier names it: the small
// interface each layout implements in a file of its own (linear_layout.cpp,
// intel_x_layout.cpp, intel_y_layout.cpp, intel_tile4_layout.cpp,
// afbc_layout.cpp), registered from that file. Surface (tiling.h) asks the
// registered model of its layout for its geometry, pixel offsets and bytes;
// the rest of cohsim asks it what the driver stack can do with the layout.
#include <cstdint>
#include <string_view>
#include <vector>

#include "models/tiling/tiling.h"

namespace cohsim {

class LayoutModel {
 public:
  virtual ~LayoutModel() = default;
  virtual Layout id() const = 0;
  // The DRM format modifier's name (drm_fourcc.h) and whether a modifier's
  // 64-bit value (a Wayland log's) is this layout.
  virtual std::string_view modifier() const = 0;
  virtual bool is_drm_modifier(std::uint64_t value) const = 0;

  // Fills `g` for a surface of `p` (stride 0: the smallest valid); throws
  // std::invalid_argument for a geometry the layout cannot hold.
  virtual void lay_out(const SurfaceParams& p, SurfaceGeometry& g) const = 0;
  // Byte offset of byte `xb` of pixel row `y`. A compressed layout throws
  // std::logic_error: its pixels have no address of their own.
  virtual std::uint64_t offset_of(const Surface& s, std::uint64_t xb, std::uint32_t y) const = 0;
  // Appends the bytes that hold `r`, from `base`, to `out` (unsorted).
  virtual void add_bytes_of(const Surface& s, const PixelRect& r, std::uint64_t base, ByteRanges& out) const = 0;

  // What the driver stack can do with it.
  virtual bool compressed() const { return false; }  // AFBC: the CPU needs a codec, a line holds no known pixels
  // An Intel GTT fence register can detile it through the aperture; the
  // bytes then stay contiguous for this many bytes of a row (0: no fence).
  virtual std::uint32_t fence_run_bytes() const { return 0; }
};

// Called once per layout, from its file, at static initialisation.
void register_layout(const LayoutModel& model);
// The registered model of `layout` (std::logic_error if none is).
const LayoutModel& layout_model(Layout layout);
// Every registered layout, in the order of the Layout enum.
std::vector<const LayoutModel*> layout_models();

// Registers a layout from its file: `const LayoutRegistration<XLayout> kRegistered;`.
template <class Model>
struct LayoutRegistration {
  LayoutRegistration() { register_layout(instance()); }
  static const Model& instance() {
    static const Model model;
    return model;
  }
};

}  // namespace cohsim
