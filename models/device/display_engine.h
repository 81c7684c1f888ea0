#pragma once
// A display engine's scan-out, the part of a device that refreshes: a page
// flip makes a buffer the front buffer at the next vsync; at every vsync the
// engine fetches the front buffer, paced across the period as the pixel
// clock consumes it. The device's queue thread submits flips and waits for
// them; the refresh runs on a thread of its own (DmaAgent::refresh), so its
// scan-outs overlap the queue's work.
#include <cstdint>
#include <functional>
#include <string>
#include <systemc>

#include "models/common/mem_op.h"
#include "models/common/outstanding.h"
#include "models/common/quantum_keeper.h"
#include "models/common/timeline.h"
#include "models/device/dma_command.h"
#include "models/device/stats.h"

namespace cohsim {

class DisplayEngine {
 public:
  // Moves the lines of `ranges` for a scan-out from `start`, one line per
  // `pace`, through `payload` with `slots` in flight; returns when done.
  using ScanOut = std::function<Tick(const DmaRanges& ranges, Tick start, Tick pace, OpPayload& payload, Outstanding& slots)>;

  struct Params {
    Tick refresh_period = 0;  // 0: a present scans out once, on the queue thread
    Tick clock_period = 0;    // the fastest pace: one line per device cycle
    unsigned line_bytes = 64;
    unsigned mlp = 32;  // scan-out fetches in flight
    std::string track;  // the timeline track of the scan-outs
  };
  DisplayEngine(Params params, DmaStats& stats, ScanOut scan)
      : params_(std::move(params)),
        stats_(stats),
        scan_(std::move(scan)),
        slots_(params_.mlp) {}

  bool refreshes() const { return params_.refresh_period > 0; }
  void set_timeline(Timeline* timeline) { timeline_ = timeline; }
  // A present was submitted: refresh goes on until it has flipped.
  void present_submitted() { ++presents_owed_; }
  // The queue thread reached a present: the flip waits for the next vsync.
  // Returns the time of the flip.
  Tick flip(DmaRanges ranges, Tick now, const QuantumKeeper& keeper);
  // Without refresh, the queue thread scanned a present out once.
  void scanned_out_once() {
    --presents_owed_;
    ++stats_.scanouts;
  }
  // The trace is over: the flips still queued happen, then scanning stops.
  void stop() { stopping_ = true; }
  // The refresh thread's body: vsync after vsync until stopped.
  void refresh();

 private:
  Params params_;
  DmaStats& stats_;
  ScanOut scan_;
  Timeline* timeline_ = nullptr;
  OpPayload payload_;
  Outstanding slots_;
  DmaRanges front_, pending_;
  bool has_pending_ = false, stopping_ = false;
  std::uint64_t presents_owed_ = 0;  // submitted, not yet flipped
  Tick flip_time_ = 0;
  sc_core::sc_event flipped_;
};

}  // namespace cohsim
