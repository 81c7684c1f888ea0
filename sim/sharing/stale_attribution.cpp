#include "sim/sharing/stale_attribution.h"

#include <algorithm>

#include "models/tiling/layout_model.h"

namespace cohsim {

void StaleAttribution::on_stale_read(const char* agent, std::uint64_t line, std::uint64_t frame) {
  ++lines_;
  const std::uint64_t address = line * line_bytes_;
  auto it = std::find_if(buffers_.begin(), buffers_.end(), [&](const SharedBuffer& b) { return b.contains(address) || b.contains(address + line_bytes_ - 1); });
  if (it == buffers_.end()) {
    ++outside_buffers_;
    return;
  }
  const SharedBuffer& b = *it;
  const auto key = std::make_tuple(b.name, frame == kNow ? frames_ : frame, std::string(agent));
  auto found = records_.find(key);
  if (found == records_.end()) {
    if (records_.size() >= max_records_) return;  // counted in lines_, not itemised
    found = records_.emplace(key, Record{0, PixelRect{b.width(), b.height(), 0, 0}}).first;
  }
  Record& r = found->second;
  ++r.lines;
  const std::uint64_t first = address < b.base ? 0 : address - b.base;
  const std::uint64_t last = std::min(b.size(), address + line_bytes_ - b.base) - 1;
  include_pixels(b, first, last, r.box);
}

void StaleAttribution::include_pixels(const SharedBuffer& b, std::uint64_t first, std::uint64_t last, PixelRect& box) {
  auto include = [&box](std::uint32_t x1, std::uint32_t y1, std::uint32_t x2, std::uint32_t y2) {
    box.x1 = std::min(box.x1, x1);
    box.y1 = std::min(box.y1, y1);
    box.x2 = std::max(box.x2, x2);
    box.y2 = std::max(box.y2, y2);
  };
  const Surface& s = b.surface;
  if (b.linear()) {
    // The bytes of the line, by row and column.
    for (const std::uint64_t offset : {first, last}) {
      const auto y = static_cast<std::uint32_t>(std::min<std::uint64_t>(b.height() - 1, offset / s.stride()));
      const auto x = static_cast<std::uint32_t>(std::min<std::uint64_t>(b.width() - 1, (offset % s.stride()) / s.bytes_per_pixel()));
      include(x, y, x + 1, y + 1);
    }
  } else if (s.model().compressed()) {
    include(0, 0, b.width(), b.height());  // compressed: no pixel position; the whole surface
  } else {
    // Tiled: the whole tile (the line is somewhere inside it).
    const std::uint64_t tile = first / s.tile_bytes();
    const std::uint64_t tiles_per_row = s.stride() / (std::uint64_t{s.tile_width_pixels()} * s.bytes_per_pixel());
    const auto tx = static_cast<std::uint32_t>(tile % tiles_per_row) * s.tile_width_pixels();
    const auto ty = static_cast<std::uint32_t>(tile / tiles_per_row) * s.tile_height();
    include(tx, ty, std::min(b.width(), tx + s.tile_width_pixels()), std::min(b.height(), ty + s.tile_height()));
  }
}

nlohmann::json StaleAttribution::report() const {
  using nlohmann::json;
  json records = json::array();
  for (const auto& [key, r] : records_) {
    const auto& [buffer_name, frame, agent] = key;
    records.push_back(
        {{"buffer", buffer_name}, {"frame", frame}, {"agent", agent}, {"lines", r.lines}, {"rect", json::array({r.box.x1, r.box.y1, r.box.x2, r.box.y2})}});
  }
  return {{"lines", {{"value", lines_}, {"unit", "lines"}}},
          {"lines_outside_buffers", {{"value", outside_buffers_}, {"unit", "lines"}}},
          {"records", records},
          {"records_truncated", records_.size() >= max_records_},
          {"record_key", "buffer, frame (frames completed when the read was issued), reading agent; rect = pixel bounding box [x1, y1, x2, y2)"}};
}

}  // namespace cohsim
