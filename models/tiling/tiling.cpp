#include "models/tiling/tiling.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

#include "models/tiling/layout_model.h"

namespace cohsim {
namespace {

constexpr std::size_t kLayouts = static_cast<std::size_t>(Layout::arm_afbc) + 1;

// By Layout value; a function-local static, so that registration from other
// files' static initialisers finds it constructed.
std::array<const LayoutModel*, kLayouts>& registry() {
  static std::array<const LayoutModel*, kLayouts> models{};
  return models;
}

}  // namespace

void register_layout(const LayoutModel& model) { registry().at(static_cast<std::size_t>(model.id())) = &model; }

const LayoutModel& layout_model(Layout layout) {
  const LayoutModel* m = registry().at(static_cast<std::size_t>(layout));
  if (m == nullptr) throw std::logic_error("layout " + std::to_string(static_cast<int>(layout)) + " is not registered (its file is not linked)");
  return *m;
}

std::vector<const LayoutModel*> layout_models() {
  std::vector<const LayoutModel*> out;
  for (const LayoutModel* m : registry())
    if (m != nullptr) out.push_back(m);
  return out;
}

std::string_view modifier_name(Layout layout) { return layout_model(layout).modifier(); }

bool parse_modifier(std::string_view name, Layout& out) {
  for (const LayoutModel* m : layout_models()) {
    if (m->modifier() == name) {
      out = m->id();
      return true;
    }
  }
  return false;
}

std::string modifier_list() {
  std::string out;
  for (const LayoutModel* m : layout_models()) out += (out.empty() ? "" : ", ") + std::string(m->modifier());
  return out;
}

Surface::Surface(const SurfaceParams& p)
    : p_(p),
      model_(&layout_model(p.layout)) {
  if (p.width == 0 || p.height == 0 || p.bytes_per_pixel == 0) throw std::invalid_argument("empty surface");
  model_->lay_out(p_, g_);
  p_.stride = g_.stride;
}

std::uint64_t Surface::offset_of(std::uint32_t x, std::uint32_t y) const { return model_->offset_of(*this, std::uint64_t{x} * p_.bytes_per_pixel, y); }

std::uint64_t Surface::afbc_header_offset(std::uint32_t sx, std::uint32_t sy) const { return (std::uint64_t{sy} * g_.afbc_blocks_across + sx) * 16; }

std::uint64_t Surface::afbc_body_offset(std::uint32_t sx, std::uint32_t sy) const {
  return g_.afbc_body_start + (std::uint64_t{sy} * g_.afbc_blocks_across + sx) * g_.afbc_slot;
}

PixelRect Surface::tile_aligned(const PixelRect& r) const {
  if (p_.layout == Layout::linear) return r;
  auto down = [](std::uint32_t v, std::uint32_t a) { return v / a * a; };
  auto up = [](std::uint32_t v, std::uint32_t a) { return (v + a - 1) / a * a; };
  return PixelRect{down(r.x1, g_.tile_w_px), down(r.y1, g_.tile_h), std::min(up(r.x2, g_.tile_w_px), up(p_.width, g_.tile_w_px)),
                   std::min(up(r.y2, g_.tile_h), up(p_.height, g_.tile_h))};
}

ByteRanges Surface::bytes_of(const std::vector<PixelRect>& rects, std::uint64_t base) const {
  ByteRanges out;
  if (rects.empty()) {
    model_->add_bytes_of(*this, PixelRect{0, 0, p_.width, p_.height}, base, out);
  } else {
    for (const PixelRect& r : rects) model_->add_bytes_of(*this, r, base, out);
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
