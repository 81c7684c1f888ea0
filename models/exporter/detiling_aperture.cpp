#include "models/exporter/detiling_aperture.h"

#include <algorithm>

#include "models/tiling/layout_model.h"

namespace cohsim {

DetilingAperture::DetilingAperture(const ApertureConfig& params, CpuOps& cpu, ExporterStats& stats)
    : params_(params),
      cpu_(cpu),
      stats_(stats) {
  fence_register_owner_.reserve(params.fences);
}

void DetilingAperture::take_fence_register(std::uint32_t index) {
  auto it = std::find(fence_register_owner_.begin(), fence_register_owner_.end(), index);
  if (it != fence_register_owner_.end()) {
    fence_register_owner_.erase(it);  // most recently used goes to the back
    fence_register_owner_.push_back(index);
    return;
  }
  // A fault: no fence register makes this object linear; take a free one or
  // steal the least recently used (whose next access faults in turn).
  ++stats_.aperture_faults;
  if (fence_register_owner_.size() == params_.fences) fence_register_owner_.erase(fence_register_owner_.begin());
  fence_register_owner_.push_back(index);
  CoreSpan span(cpu_, cpu_.track(), "fault", "aperture fence fault", &stats_.fault_time);
  cpu_.compute(params_.fault_cycles);
}

ByteRanges DetilingAperture::cpu_ranges(std::uint32_t index, const SharedBuffer& b, const std::vector<PixelRect>& rects) {
  take_fence_register(index);
  // Runs of bytes stay contiguous for 512 B in an X tile, 16 B in a Y tile.
  const Surface& s = b.surface;
  const std::uint64_t run = s.model().fence_run_bytes();
  std::vector<PixelRect> all = rects;
  if (all.empty()) all.push_back(b.whole());
  ByteRanges out;
  for (const PixelRect& r : all) {
    for (std::uint32_t y = r.y1; y < r.y2; ++y) {
      std::uint64_t xb = std::uint64_t{r.x1} * s.bytes_per_pixel();
      const std::uint64_t end = std::uint64_t{r.x2} * s.bytes_per_pixel();
      while (xb < end) {
        const std::uint64_t n = std::min(run - xb % run, end - xb);
        const std::uint64_t at = b.base + s.offset_of(static_cast<std::uint32_t>(xb / s.bytes_per_pixel()), y);
        if (!out.empty() && out.back().first + out.back().second == at) {
          out.back().second += n;
        } else {
          out.emplace_back(at, n);
        }
        xb += n;
      }
    }
  }
  return out;
}

}  // namespace cohsim
