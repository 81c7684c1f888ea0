#pragma once
// A detiling aperture (Intel GTT fence registers): a few fence registers,
// each making one tiled object appear linear through the aperture. The core
// walks linear rows and the fence sends each byte to its tiled address; an
// object without a fence register faults on access and takes one, stealing
// the least recently used.
#include <cstdint>
#include <vector>

#include "models/cpu/cpu_ops.h"
#include "models/dmabuf/shared_buffer.h"
#include "models/exporter/params.h"
#include "models/exporter/stats.h"

namespace cohsim {

class DetilingAperture {
 public:
  DetilingAperture(const ApertureConfig& params, CpuOps& cpu, ExporterStats& stats);

  // The tiled bytes the core touches to reach `rects` of buffer `index`
  // (all of it when empty) through the aperture, after taking a fence
  // register for it (a fault when it had none).
  ByteRanges cpu_ranges(std::uint32_t index, const SharedBuffer& b, const std::vector<PixelRect>& rects);

 private:
  void take_fence_register(std::uint32_t index);

  ApertureConfig params_;
  CpuOps& cpu_;
  ExporterStats& stats_;
  std::vector<std::uint32_t> fence_register_owner_;  // buffer index per fence register, least recently used first
};

}  // namespace cohsim
