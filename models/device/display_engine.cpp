#include "models/device/display_engine.h"

#include <algorithm>

namespace cohsim {

Tick DisplayEngine::flip(DmaRanges ranges, Tick now, const QuantumKeeper& keeper) {
  keeper.keep_within(now);
  pending_ = std::move(ranges);
  has_pending_ = true;
  while (has_pending_) sc_core::wait(flipped_);
  return std::max(now, flip_time_);
}

void DisplayEngine::refresh() {
  // Vsyncs at every period; at each, take a pending flip, then fetch the front
  // buffer paced across the period.
  for (Tick vsync = params_.refresh_period;; vsync += params_.refresh_period) {
    QuantumKeeper::wait_until(vsync);
    if (has_pending_) {
      front_ = std::move(pending_);
      has_pending_ = false;
      flip_time_ = vsync;
      if (timeline_ != nullptr) timeline_->instant(params_.track, "scanout", "flip", vsync);
      ++stats_.flips;
      --presents_owed_;
      flipped_.notify(sc_core::SC_ZERO_TIME);
    }
    // Once the trace is over, the flips still queued happen; scanning stops.
    if (stopping_ && presents_owed_ == 0) return;
    if (stopping_) continue;
    if (front_.empty()) continue;
    ++stats_.scanouts;
    std::uint64_t lines = 0;
    for (const auto& [a, n] : front_) lines += n == 0 ? 0 : (a + n - 1) / params_.line_bytes - a / params_.line_bytes + 1;
    const Tick pace = std::max(params_.clock_period, params_.refresh_period / std::max<std::uint64_t>(1, lines));
    const Tick done = scan_(front_, vsync, pace, payload_, slots_);
    if (timeline_ != nullptr && done > vsync) timeline_->span(params_.track, "scanout", "scanout", vsync, done);
  }
}

}  // namespace cohsim
