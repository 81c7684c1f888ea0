#pragma once
// What a driver running on the core can make the core do. The exporter and
// the coherency policies act through it; the replay thread's CoreDriver
// implements it on the core agent.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>

#include "models/common/mem_request.h"
#include "models/common/timeline.h"
#include "models/cpu/params.h"

namespace cohsim {

class CpuOps {
 public:
  virtual ~CpuOps() = default;
  virtual void load(std::uint64_t address, std::uint64_t bytes, LoadShape shape) = 0;
  void load(std::uint64_t address, std::uint64_t bytes) { load(address, bytes, LoadShape{}); }
  virtual void store(std::uint64_t address, std::uint64_t bytes) = 0;
  virtual void maintain(MemOpKind kind, std::uint64_t address, std::uint64_t bytes) = 0;
  virtual void barrier() = 0;
  virtual void compute(std::uint64_t cycles) = 0;
  virtual void set_mapping(std::uint64_t address, std::uint64_t bytes, Mapping mapping) = 0;
  // The core's current time.
  virtual Tick now() const = 0;
  // Brings the simulation up to the core's time before work is handed to
  // another agent (a device's queue), so that work starts after the core's.
  virtual void catch_up_kernel() = 0;
  // The core waits, idle, until `t` (for another agent's work).
  virtual void idle_until(Tick t) = 0;
  // Where the work done on the core is drawn (`cohsim run --timeline`); null: nowhere.
  virtual Timeline* timeline() const { return nullptr; }
  // The core's own track on that timeline.
  virtual std::string_view track() const { return "cpu"; }
};

inline constexpr std::string_view kExporterTrack = "exporter (dma-buf)";
inline constexpr std::string_view kHypervisorTrack = "hypervisor";

// The core's time from construction to destruction: added to `total` (a
// statistic), if given, and drawn as a span on a track of the timeline (the
// core's own, the exporter's, the hypervisor's), if there is one.
class CoreSpan {
 public:
  CoreSpan(CpuOps& cpu, std::string_view track, std::string_view category, std::string_view name, Tick* total = nullptr)
      : cpu_(cpu),
        timeline_(cpu.timeline()),
        total_(total),
        track_(timeline_ ? track : std::string_view()),
        category_(category),
        name_(timeline_ ? name : std::string_view()),
        begin_(cpu.now()) {}
  ~CoreSpan() {
    const Tick end = cpu_.now();
    if (total_) *total_ += end - begin_;
    if (timeline_) timeline_->span(track_, category_, name_, begin_, end);
  }
  CoreSpan(const CoreSpan&) = delete;
  CoreSpan& operator=(const CoreSpan&) = delete;

 private:
  CpuOps& cpu_;
  Timeline* timeline_;
  Tick* total_;
  std::string track_, category_, name_;
  Tick begin_;
};

// memcpy on the core, 4 KiB at a time: load a chunk of the source, store it
// to the destination.
inline void copy_on_core(CpuOps& cpu, std::uint64_t from, std::uint64_t to, std::uint64_t bytes) {
  constexpr std::uint64_t kChunk = 4096;
  for (std::uint64_t done = 0; done < bytes; done += kChunk) {
    const std::uint64_t n = std::min(kChunk, bytes - done);
    cpu.load(from + done, n);
    cpu.store(to + done, n);
  }
}

}  // namespace cohsim
