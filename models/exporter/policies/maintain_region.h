#pragma once
// The three DMA_BUF_IOCTL_SYNC policies differ only in the region they
// maintain: the whole buffer (upstream), one byte range (Android's partial
// begin/end_cpu_access), or the rectangles (the 2013 2D-region proposal).
// Start with READ invalidates (the CPU is about to read what devices wrote);
// end with WRITE cleans (devices are about to read what the CPU wrote), and on
// arm64 the end of a read cleans too (the kernel's sync for the device cleans
// whatever the direction).
// On a virtual platform the same regions, as boxes, are copied to the host
// at the end of a write and back from it at the start of a read.
#include "models/exporter/coherency_policy.h"

namespace cohsim {

template <class Region>
class MaintainRegion final : public CoherencyPolicy {
 public:
  explicit MaintainRegion(std::string_view name)
      : name_(name) {}
  std::string_view name() const override { return name_; }
  SyncRegion sync_region() const override { return Region::kRegion; }
  void begin_cpu_access(SyncContext& ctx, SyncAccess access, const std::vector<PixelRect>& hint) const override {
    if (ctx.virtual_host()) {
      if (sync_reads(access)) ctx.fetch_from_host(Region::boxes(ctx.buffer(), hint));
    } else if (ctx.start_of_access_invalidates(access) && ctx.devices_need_maintenance()) {
      ctx.maintain(MemOpKind::invalidate, Region::of(ctx.buffer(), hint));
    }
  }
  void end_cpu_access(SyncContext& ctx, SyncAccess access, const std::vector<PixelRect>& hint) const override {
    if (ctx.virtual_host()) {
      if (sync_writes(access)) ctx.send_to_host(Region::boxes(ctx.buffer(), hint));
    } else if (ctx.devices_need_maintenance() && ctx.end_of_access_cleans(access)) {
      ctx.maintain(MemOpKind::clean, Region::of(ctx.buffer(), hint));
    }
  }

 private:
  std::string_view name_;
};

}  // namespace cohsim
