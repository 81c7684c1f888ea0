#pragma once
// What each agent did when, for a trace viewer (Perfetto, chrome://tracing):
// spans on named tracks - a core's writes, syncs and maintenance, a device's
// transfers and scan-outs, a hypervisor's exits and faults, the frames.
// Models record through this interface when one is set (`cohsim run
// --timeline`) and pay one null check when not. Times are simulated, so the
// same input gives the same timeline.
#include <cstdint>
#include <string_view>

#include "models/common/time.h"

namespace cohsim {

class Timeline {
 public:
  virtual ~Timeline() = default;
  // Work on `track` from `begin` to `end`. `category` groups spans for
  // filtering (cpu, sync, maintenance, copy, device, scanout, virt, frame).
  virtual void span(std::string_view track, std::string_view category, std::string_view name, Tick begin, Tick end) = 0;
  // A moment: a flip, a fence signal.
  virtual void instant(std::string_view track, std::string_view category, std::string_view name, Tick at) = 0;

  // The frame the core is producing (frames completed so far), set by the
  // sharing layer; every span records it, so a viewer can pick one frame.
  std::uint64_t frame = 0;
};

}  // namespace cohsim
