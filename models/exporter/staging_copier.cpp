#include "models/exporter/staging_copier.h"

#include <algorithm>
#include <optional>
#include <string>

#include "models/tiling/layout_model.h"

namespace cohsim {

void StagingCopier::copy(const ByteRanges& from, std::int64_t delta) {
  CoreSpan span(cpu_, cpu_.track(), "copy", "copy", &stats_.copy_time);
  for (const auto& [address, bytes] : from) {
    copy_on_core(cpu_, address, static_cast<std::uint64_t>(static_cast<std::int64_t>(address) + delta), bytes);
    stats_.copied_bytes += bytes;
  }
}

void StagingCopier::convert(const SharedBuffer& b, const std::vector<PixelRect>& rects, bool to_linear) {
  // Tile row by tile row (superblock row for AFBC): read one side, write the other.
  std::optional<CoreSpan> span(std::in_place, cpu_, cpu_.track(), "copy", (to_linear ? "detile " : "retile ") + b.name, &stats_.copy_time);
  const Surface& s = b.surface;
  const Surface staging({Layout::linear, b.width(), b.height(), b.bytes_per_pixel()});
  std::vector<PixelRect> all = rects;
  if (all.empty()) all.push_back(b.whole());
  std::uint64_t pixels = 0;
  for (const PixelRect& r : all) {
    const PixelRect t = s.tile_aligned(r);
    for (std::uint32_t y = t.y1; y < t.y2; y += s.tile_height()) {
      const PixelRect band{t.x1, y, t.x2, std::min(b.height(), y + s.tile_height())};
      const ByteRanges tiled = s.bytes_of({band}, b.base);
      const ByteRanges linear = staging.bytes_of({band}, b.shadow_base);
      std::uint64_t tiled_bytes = 0;
      for (const auto& [a, n] : tiled) tiled_bytes += n;
      for (const auto& [a, n] : (to_linear ? tiled : linear)) cpu_.load(a, n);
      for (const auto& [a, n] : (to_linear ? linear : tiled)) cpu_.store(a, n);
      (to_linear ? stats_.detiled_bytes : stats_.retiled_bytes) += tiled_bytes;
      stats_.copied_bytes += tiled_bytes;
      pixels += band.pixels();
    }
  }
  span.reset();
  if (s.model().compressed()) {
    // Decoding or encoding the superblocks is work on top of moving them.
    CoreSpan codec(cpu_, cpu_.track(), "copy", to_linear ? "AFBC decode" : "AFBC encode", &stats_.codec_time);
    cpu_.compute(static_cast<std::uint64_t>(afbc_codec_cycles_per_pixel_ * static_cast<double>(pixels)));
  }
}

}  // namespace cohsim
