#pragma once
// The guest driver and the hypervisor of a virtual GPU (vmwgfx, virtio-gpu):
// how the guest's writes to a shared buffer reach the host's copy of the
// surface, and what that costs. The guest CPU pays for exits, faults,
// page-table scans and the commands it builds; a host copy engine (a DMA
// agent on the host's fabric, coherent like the host CPU thread it stands
// for) moves the bytes between guest memory and the host surface.
//
// Which data the host surface holds is tracked per line of the guest buffer,
// in the oracle's versions: a host device that reads a line whose host copy is
// older than the guest's newest write reads stale data.
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "models/common/line_versions.h"
#include "models/common/stats.h"
#include "models/cpu/cpu_ops.h"
#include "models/device/dma_agent.h"
#include "models/dmabuf/shared_buffer.h"
#include "models/virt/page_dirty_tracker.h"
#include "models/virt/params.h"
#include "models/virt/stats.h"

namespace cohsim {

class HostTransport {
 public:
  HostTransport(const HypervisorParams& params, CpuOps& cpu, DmaAgent& copy_engine, LineVersionMap& oracle, const ClockDomain& cpu_clock, StatGroup& stats);

  // The guest sends `boxes` of the buffer to the host surface.
  void send(const SharedBuffer& b, const std::vector<PixelRect>& boxes);
  // The guest asks for `boxes` of the host surface back and waits for them.
  void fetch(const SharedBuffer& b, const std::vector<PixelRect>& boxes);

  // Fault tracking (vmwgfx): the guest CPU writes these bytes of the buffer.
  void guest_writes(const SharedBuffer& b, const ByteRanges& ranges);
  // At submission: scan for dirty pages and send one box per subresource
  // (a 2D surface has one).
  void scan_and_send(const SharedBuffer& b);

  // A host device is about to read `rects` of the host surface: the lines
  // whose host copy is older than the guest's data are reported to `reader`
  // as stale. Returns the host surface's bytes to read.
  ByteRanges host_read(const SharedBuffer& b, const std::vector<PixelRect>& rects, DmaAgent& reader, std::uint64_t frame);
  // A host device writes `rects` of the host surface: the guest's copy of
  // those lines is now old. Returns the host surface's bytes to write.
  ByteRanges host_write(const SharedBuffer& b, const std::vector<PixelRect>& rects);
  // The fence a host device waits on before touching a host surface: the last
  // copy submitted (0: none yet).
  std::uint64_t last_copy_fence() const { return last_fence_; }
  bool host_wrote(const SharedBuffer& b) const { return host_written_.count(b.base) != 0; }

 private:
  PageDirtyTracker& tracker(const SharedBuffer& b);
  // Guest time spent on `cycles` of work, added to `time`.
  // Work on the guest's core, added to `time` and drawn on the hypervisor's track.
  void guest_work(std::uint64_t cycles, Tick& time, std::string_view what);
  // One submission to the host copy engine: read `from`, write `to`, then signal.
  void host_copy(const ByteRanges& from, const ByteRanges& to, bool into_guest);

  HypervisorParams params_;
  CpuOps& cpu_;
  DmaAgent& engine_;
  LineVersionMap& oracle_;
  LineVersionMap host_versions_;                                         // per guest line: the version the host surface holds
  std::map<std::uint64_t, std::unique_ptr<PageDirtyTracker>> trackers_;  // by buffer base
  std::set<std::uint64_t> host_written_;                                 // buffers (by base) the host wrote since the guest fetched them
  std::uint64_t last_fence_ = 0, next_fence_ = 1ull << 62;               // far from the trace's fence numbers

  HypervisorStats stats_;
};

}  // namespace cohsim
