#pragma once
// What a device's queue holds: each kind of work a device is given, with
// only its own fields, and when the core submitted it.
#include <cstdint>
#include <utility>
#include <variant>
#include <vector>

#include "models/common/stale_observer.h"
#include "models/common/time.h"

namespace cohsim {

using DmaRanges = std::vector<std::pair<std::uint64_t, std::uint64_t>>;  // (address, bytes)

// Moves every line overlapping the ranges.
struct TransferCommand {
  bool is_write = false;
  DmaRanges ranges;
  std::uint64_t frame = StaleObserver::kNow;  // the frame the work belongs to, for the stale observer
  bool whole_job = false;                     // the trace's `dev`: the device's cache starts it empty and ends it with every write in memory
  bool copies_current = false;                // a copy of data written elsewhere: lines carry their newest version
};
// A page flip (or, without refresh, one scan-out) of the ranges.
struct PresentCommand {
  DmaRanges ranges;
  std::uint64_t frame = StaleObserver::kNow;
};
// Work without memory traffic (a copy engine's per-submission cost).
struct BusyCommand {
  Tick duration = 0;
};
struct SignalCommand {
  std::uint64_t fence = 0;
};
struct WaitCommand {
  std::uint64_t fence = 0;
};

struct DmaCommand {
  Tick submitted = 0;  // it starts no earlier
  std::variant<TransferCommand, PresentCommand, BusyCommand, SignalCommand, WaitCommand> work;
};

}  // namespace cohsim
