#include "models/virt/host_transport.h"

#include <algorithm>

namespace cohsim {
namespace {
// Calls f(line) for every line the ranges overlap.
template <class F>
void for_each_line(const ByteRanges& ranges, std::uint64_t line_bytes, F&& f) {
  for (const auto& [a, n] : ranges)
    if (n != 0)
      for (std::uint64_t l = a / line_bytes; l <= (a + n - 1) / line_bytes; ++l) f(l);
}
}  // namespace

HostTransport::HostTransport(const HypervisorParams& params, CpuOps& cpu, DmaAgent& copy_engine, LineVersionMap& oracle, const ClockDomain& clock, StatGroup& g)
    : params_(params),
      cpu_(cpu),
      engine_(copy_engine),
      oracle_(oracle),
      exits_(g.counter("exits", "exits", "VM exits the guest took to notify the host (one per submission of commands, and one per readback)")),
      faults_(g.counter("write_faults", "faults", "write-protect faults taken by the guest (fault tracking)")),
      scans_(g.counter("scans", "scans", "dirty scans at submission (fault tracking)")),
      entries_scanned_(g.counter("entries_scanned", "entries", "page-table entries visited by dirty scans and mode switches")),
      mode_switches_(g.counter("mode_switches", "switches", "switches between mkwrite and page-table scanning")),
      commands_(g.counter("commands", "commands", "commands sent to the host (update / readback; TRANSFER_TO_HOST_2D and RESOURCE_FLUSH)")),
      to_host_bytes_(g.counter("bytes_to_host", "bytes", "bytes the host copied from the guest into its surfaces")),
      from_host_bytes_(g.counter("bytes_from_host", "bytes", "bytes the host copied from its surfaces back into guest memory")),
      copy_submissions_(g.counter("copy_submissions", "submissions", "jobs given to the host copy engine")),
      exit_time_(g.time("exit_time", clock, "guest core time in VM exits")),
      fault_time_(g.time("fault_time", clock, "guest core time in write-protect faults")),
      scan_time_(g.time("scan_time", clock, "guest core time scanning page tables")),
      command_time_(g.time("command_time", clock, "guest core time building commands")),
      wait_time_(g.time("readback_wait", clock, "guest core time waiting for the host to copy a surface back")) {}

PageDirtyTracker& HostTransport::tracker(const SharedBuffer& b) {
  auto& t = trackers_[b.base];
  if (!t) t = std::make_unique<PageDirtyTracker>((b.size() + params_.page_bytes - 1) / params_.page_bytes);
  return *t;
}

void HostTransport::guest_work(std::uint64_t cycles, Tick& time, std::string_view what) {
  CoreSpan span(cpu_, kHypervisorTrack, "virt", what, &time);
  cpu_.compute(cycles);
}

void HostTransport::host_copy(const ByteRanges& from, const ByteRanges& to, bool into_guest) {
  cpu_.catch_up_kernel();
  const Tick now = cpu_.now();
  ++copy_submissions_;
  engine_.submit_busy(params_.copy_submission, now);
  engine_.submit_transfer(false, from, now);
  if (into_guest) {
    engine_.submit_copy_in(to, now);
  } else {
    engine_.submit_transfer(true, to, now);
  }
  last_fence_ = next_fence_++;
  engine_.submit_signal(last_fence_, now);
}

void HostTransport::send(const SharedBuffer& b, const std::vector<PixelRect>& boxes) {
  // One submission: the guest builds a command per box, then rings the host
  // once (vmwgfx: a command buffer and one doorbell write,
  // vmw_du_helper_plane_update reserves every clip's command and commits
  // them together; virtio-gpu: the queued commands and one notify). The
  // host copies each box from the guest's pages: on virtio-gpu a dumb or GEM
  // object's shmem pages are the resource's backing
  // (RESOURCE_ATTACH_BACKING), so TRANSFER_TO_HOST_2D reads them directly.
  bool any = false;
  for (const PixelRect& box : boxes) {
    if (box.pixels() == 0) continue;
    any = true;
    const ByteRanges guest = b.rows({box}, b.base);
    if (params_.gpu == VirtualGpu::virtio_gpu) {
      guest_work(2 * params_.command_cycles, command_time_, "TRANSFER_TO_HOST_2D + RESOURCE_FLUSH");
      commands_ += 2;
    } else {
      guest_work(params_.command_cycles, command_time_, "update command");
      ++commands_;
    }
    for_each_line(guest, params_.line_bytes, [&](std::uint64_t l) { host_versions_.set(l, oracle_.get(l)); });
    to_host_bytes_ += box.pixels() * b.bytes_per_pixel();
    host_copy(guest, b.rows({box}, b.host_base), false);
  }
  if (any) {
    guest_work(params_.exit_cycles, exit_time_, params_.gpu == VirtualGpu::virtio_gpu ? "exit (notify)" : "exit (doorbell)");
    ++exits_;
  }
}

void HostTransport::fetch(const SharedBuffer& b, const std::vector<PixelRect>& boxes) {
  bool any = false;
  for (const PixelRect& box : boxes) {
    if (box.pixels() == 0) continue;
    any = true;
    guest_work(params_.command_cycles, command_time_, "readback command");
    ++commands_;
    from_host_bytes_ += box.pixels() * b.bytes_per_pixel();
    host_copy(b.rows({box}, b.host_base), b.rows({box}, b.base), true);
  }
  if (!any) return;
  host_written_.erase(b.base);
  guest_work(params_.exit_cycles, exit_time_, "exit");
  ++exits_;
  cpu_.catch_up_kernel();
  CoreSpan wait(cpu_, kHypervisorTrack, "virt", "wait for the host's copy", &wait_time_);
  cpu_.idle_until(engine_.wait_idle());
}

void HostTransport::guest_writes(const SharedBuffer& b, const ByteRanges& ranges) {
  PageDirtyTracker& t = tracker(b);
  std::uint64_t faults = 0;
  for (const auto& [a, n] : ranges) {
    if (n == 0) continue;
    faults += t.write((a - b.base) / params_.page_bytes, (a + n - 1 - b.base) / params_.page_bytes);
  }
  if (faults == 0) return;
  faults_ += faults;
  guest_work(faults * params_.fault_cycles, fault_time_, faults == 1 ? "write fault" : std::to_string(faults) + " write faults");
}

void HostTransport::scan_and_send(const SharedBuffer& b) {
  PageDirtyTracker& t = tracker(b);
  const PageDirtyTracker::Scan s = t.scan();
  ++scans_;
  entries_scanned_ += s.entries_walked;
  guest_work(static_cast<std::uint64_t>(params_.scan_cycles_per_entry * static_cast<double>(s.entries_walked)), scan_time_, "dirty scan");
  if (s.switched) ++mode_switches_;
  if (s.dirty_runs.empty()) return;
  // Each run of dirty pages becomes a box of the surface; the boxes of one
  // subresource merge into their bounding box.
  PixelRect box{b.width(), b.height(), 0, 0};
  for (const auto& [first, pages] : s.dirty_runs) {
    const PixelRect r = b.box_of(first * params_.page_bytes, pages * params_.page_bytes);
    box = PixelRect{std::min(box.x1, r.x1), std::min(box.y1, r.y1), std::max(box.x2, r.x2), std::max(box.y2, r.y2)};
  }
  send(b, {box});
}

ByteRanges HostTransport::host_read(const SharedBuffer& b, const std::vector<PixelRect>& rects, DmaAgent& reader, std::uint64_t frame) {
  for_each_line(b.rows(rects, b.base), params_.line_bytes, [&](std::uint64_t l) {
    if (oracle_.stale(l, host_versions_.get(l))) reader.record_stale_read(l, frame);
  });
  return b.rows(rects, b.host_base);
}

ByteRanges HostTransport::host_write(const SharedBuffer& b, const std::vector<PixelRect>& rects) {
  host_written_.insert(b.base);
  for_each_line(b.rows(rects, b.base), params_.line_bytes, [&](std::uint64_t l) { host_versions_.set(l, oracle_.bump(l)); });
  return b.rows(rects, b.host_base);
}

}  // namespace cohsim
