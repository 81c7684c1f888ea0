#pragma once
// The copies the exporter makes on the core: between a linear buffer and its
// shadow (shadow-copy), and between a tiled or compressed buffer and its
// linear staging copy (detiling and retiling, tile row by tile row; AFBC
// superblocks are also decoded or encoded, at a cost per pixel).
#include <cstdint>
#include <vector>

#include "models/cpu/cpu_ops.h"
#include "models/dmabuf/shared_buffer.h"
#include "models/exporter/stats.h"

namespace cohsim {

class StagingCopier {
 public:
  StagingCopier(double afbc_codec_cycles_per_pixel, CpuOps& cpu, ExporterStats& stats)
      : afbc_codec_cycles_per_pixel_(afbc_codec_cycles_per_pixel),
        cpu_(cpu),
        stats_(stats) {}

  // Copies `from` to the same ranges shifted by `delta` bytes.
  void copy(const ByteRanges& from, std::int64_t delta);
  // `rects` of `b` (all of it when empty) from its tiles into its staging
  // copy at b.shadow_base, or back.
  void detile(const SharedBuffer& b, const std::vector<PixelRect>& rects) { convert(b, rects, true); }
  void retile(const SharedBuffer& b, const std::vector<PixelRect>& rects) { convert(b, rects, false); }

 private:
  void convert(const SharedBuffer& b, const std::vector<PixelRect>& rects, bool to_linear);

  double afbc_codec_cycles_per_pixel_;
  CpuOps& cpu_;
  ExporterStats& stats_;
};

}  // namespace cohsim
