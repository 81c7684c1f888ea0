#include "models/virt/host_transport.h"

#include <algorithm>

#include "models/common/line_ranges.h"

namespace cohsim {

HostTransport::HostTransport(const HypervisorParams& params, CpuOps& cpu, DmaAgent& copy_engine, LineVersionMap& oracle, const ClockDomain& clock, StatGroup& g)
    : params_(params),
      cpu_(cpu),
      engine_(copy_engine),
      oracle_(oracle),
      stats_(g, clock) {}

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
  ++stats_.copy_submissions;
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
    if (params_.virtual_gpu == VirtualGpu::virtio_gpu) {
      guest_work(2 * params_.command_cycles, stats_.command_time, "TRANSFER_TO_HOST_2D + RESOURCE_FLUSH");
      stats_.commands += 2;
    } else {
      guest_work(params_.command_cycles, stats_.command_time, "update command");
      ++stats_.commands;
    }
    for_each_line(guest, params_.line_bytes, [&](std::uint64_t l) { host_versions_.set(l, oracle_.get(l)); });
    stats_.bytes_to_host += box.pixels() * b.bytes_per_pixel();
    host_copy(guest, b.rows({box}, b.host_base), false);
  }
  if (any) {
    guest_work(params_.exit_cycles, stats_.exit_time, params_.virtual_gpu == VirtualGpu::virtio_gpu ? "exit (notify)" : "exit (doorbell)");
    ++stats_.exits;
  }
}

void HostTransport::fetch(const SharedBuffer& b, const std::vector<PixelRect>& boxes) {
  bool any = false;
  for (const PixelRect& box : boxes) {
    if (box.pixels() == 0) continue;
    any = true;
    guest_work(params_.command_cycles, stats_.command_time, "readback command");
    ++stats_.commands;
    stats_.bytes_from_host += box.pixels() * b.bytes_per_pixel();
    host_copy(b.rows({box}, b.host_base), b.rows({box}, b.base), true);
  }
  if (!any) return;
  host_written_.erase(b.base);
  guest_work(params_.exit_cycles, stats_.exit_time, "exit");
  ++stats_.exits;
  cpu_.catch_up_kernel();
  CoreSpan wait(cpu_, kHypervisorTrack, "virt", "wait for the host's copy", &stats_.readback_wait);
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
  stats_.write_faults += faults;
  guest_work(faults * params_.fault_cycles, stats_.fault_time, faults == 1 ? "write fault" : std::to_string(faults) + " write faults");
}

void HostTransport::scan_and_send(const SharedBuffer& b) {
  PageDirtyTracker& t = tracker(b);
  const PageDirtyTracker::Scan s = t.scan();
  ++stats_.scans;
  stats_.entries_scanned += s.entries_walked;
  guest_work(static_cast<std::uint64_t>(params_.scan_cycles_per_entry * static_cast<double>(s.entries_walked)), stats_.scan_time, "dirty scan");
  if (s.switched) ++stats_.mode_switches;
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
