#pragma once
// A device that masters memory directly: a GPU treated as a DMA engine, a
// display controller, a camera, a video decoder. It runs on its own SystemC
// thread and works through a queue of commands - transfers of byte ranges,
// fence signals and fence waits - concurrently with the core, so that the two
// contend for memory bandwidth as they would. A transfer moves whole lines,
// one per device cycle with up to `mlp` in flight, and completes when its
// last line has. Whether the device snoops the CPU caches is a property of
// its port (`coherent`), honoured by a fabric that has a snoop target.
#include <cstdint>
#include <deque>
#include <memory>
#include <systemc>
#include <tlm>
#include <utility>
#include <vector>

#include "models/cache/cache_behaviour.h"
#include "models/common/fences.h"
#include "models/common/line_versions.h"
#include "models/common/link.h"
#include "models/common/lt_sockets.h"
#include "models/common/mem_op.h"
#include "models/common/outstanding.h"
#include "models/common/quantum_keeper.h"
#include "models/common/stale_observer.h"
#include "models/common/stats.h"
#include "models/common/timeline.h"
#include "models/device/display_engine.h"
#include "models/device/dma_command.h"
#include "models/device/iotlb.h"
#include "models/device/params.h"
#include "models/device/stats.h"

namespace cohsim {

// What a device is given: its settings as read (DmaDeviceConfig), and what
// elaboration derives from the platform.
struct DmaParams : DmaDeviceConfig {
  const ClockDomain* clock = nullptr;  // required: clock_ghz as a clock domain
  unsigned line_bytes = 64;            // the platform's line size
  LinkParams downstream_link;
  Tick quantum = kTicksPerNs * 1000;  // how far the thread may run ahead of SystemC time

  // A display engine scans out its front buffer once per period (0: no refresh).
  Tick refresh_period() const { return refresh_hz > 0 ? ns_to_ticks(1e9 / refresh_hz) : 0; }
  // The device's own cache (a GPU's L2), when it has one (cache.size > 0):
  // written back when the device signals a fence (the end of a job), emptied
  // when it waits on one (the start of a job).
  CacheParams cache_params() const;
};

class DmaAgent : public sc_core::sc_module, public LtInitiatorBase {
 public:
  tlm::tlm_initiator_socket<> port;

  DmaAgent(sc_core::sc_module_name name, const DmaParams& params, LineVersionMap& oracle, FenceTable& fences, StatRegistry& stats);
  ~DmaAgent() override;

  using Ranges = DmaRanges;  // (address, bytes)
  // Queue a transfer of every line overlapping the ranges; it starts no
  // earlier than `submitted` (the time the core submitted it).
  // `frame` is handed to the stale observer: the frame the work belongs to.
  void submit_transfer(bool is_write, Ranges ranges, Tick submitted, std::uint64_t frame = StaleObserver::kNow);
  // A transfer that is a whole job (the trace's `dev` operation): the device's
  // cache starts it empty and ends it with every write in memory.
  void submit_job(bool is_write, Ranges ranges, Tick submitted);
  // A write of data that exists elsewhere already (a copy back into guest
  // memory): the lines carry their newest version rather than a new one.
  void submit_copy_in(Ranges ranges, Tick submitted);
  // The device works for `duration` without touching memory (a copy engine's
  // per-submission cost).
  void submit_busy(Tick duration, Tick submitted);
  void submit_signal(std::uint64_t fence, Tick submitted);
  void submit_wait(std::uint64_t fence, Tick submitted);
  // A page flip: `ranges` become the front buffer at the next vsync; the
  // queue goes on once the flip has happened. Without a refresh period, the
  // buffer is scanned out once instead.
  void submit_present(Ranges ranges, Tick submitted, std::uint64_t frame = StaleObserver::kNow);
  // The trace is over: a refreshing display stops at its next vsync.
  void stop_refresh() { display_.stop(); }
  // Blocks the calling thread until the queue is empty; returns the device's time then.
  Tick wait_idle();

  void set_observer(StaleObserver* observer) { observer_ = observer; }
  // Draws the device's transfers, waits, flips and scan-outs on its own track.
  void set_timeline(Timeline* timeline) {
    timeline_ = timeline;
    display_.set_timeline(timeline);
  }
  // A read whose staleness the caller established itself (a host device
  // reading a host surface older than the guest's buffer).
  void record_stale_read(std::uint64_t line, std::uint64_t frame);
  // The kernel treats it as DMA-coherent (no maintenance for it).
  bool coherent() const { return dma_coherent(params_.coherence); }
  DeviceRole role() const { return params_.role; }
  bool snoops_reads() const { return cohsim::snoops_reads(params_.coherence); }
  bool writes_allocate() const { return params_.coherence == DeviceCoherence::full; }
  // Its DMA mask reaches every byte below `end` (an exclusive address).
  bool reaches(std::uint64_t end) const { return params_.dma_address_bits >= 64 || end <= (std::uint64_t{1} << params_.dma_address_bits); }
  // Behind an IOMMU: the CPU time the kernel spends mapping the pages of
  // [address, address + bytes) for the device (its attachment's
  // dma_map_sgtable), and unmapping them with their IOTLB entries; 0
  // without an IOMMU.
  Tick map_for_device(std::uint64_t address, std::uint64_t bytes);
  Tick unmap_for_device(std::uint64_t address, std::uint64_t bytes);
  // The device's own cache (null when it has none), for inspection by tests.
  const CacheBehaviour* cache() const { return cache_.get(); }
  std::uint64_t line_operations() const { return stats_.lines_read + stats_.lines_written; }

 private:
  void submit(DmaCommand command);
  void run();
  void refresh() { display_.refresh(); }
  // One command of each kind, on the queue thread, from now_.
  void execute(TransferCommand& c);
  void execute(PresentCommand& c);
  void execute(BusyCommand& c);
  void execute(SignalCommand& c);
  void execute(WaitCommand& c);
  // Through the device's cache, line by line, when it has one.
  Tick cached_transfer(const TransferCommand& command, Tick now);
  class PortSink;  // the cache's misses and write-backs leave through the port
  // Moves the lines of `ranges` with `slots` in flight, one line per `period`.
  Tick transfer(bool is_write, const Ranges& ranges, Tick now, std::uint64_t frame, OpPayload& payload, Outstanding& slots, Tick period,
                bool copies_current = false);

  DmaParams params_;
  QuantumKeeper keeper_;  // the device thread runs at most a quantum ahead of SystemC time
  const Clock clock_;
  LineVersionMap& oracle_;
  FenceTable& fences_;
  Link link_;
  OpPayload payload_;
  Outstanding in_flight_;
  StaleObserver* observer_ = nullptr;
  Timeline* timeline_ = nullptr;
  void draw(std::string_view category, std::string_view name, Tick begin, Tick end) {
    if (timeline_ != nullptr && end > begin) timeline_->span(basename(), category, name, begin, end);
  }
  std::deque<DmaCommand> queue_;
  sc_core::sc_event work_, idle_;
  bool busy_ = false;
  Tick now_ = 0;
  std::unique_ptr<PortSink> port_sink_;
  std::unique_ptr<CacheBehaviour> cache_;
  StatGroup& stat_group_;  // "agents/NAME": its DmaStats, and IommuStats behind an IOMMU
  DmaStats stats_;
  std::unique_ptr<IommuStats> iommu_stats_;
  std::unique_ptr<IoTlb> iotlb_;  // null without an IOMMU
  DisplayEngine display_;         // a display's scan-out (after stats_, which it counts into)
};

}  // namespace cohsim
