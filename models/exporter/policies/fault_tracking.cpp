// fault-tracking: vmwgfx's dirty tracking (models/virt/page_dirty_tracker.h).
// The buffer's pages are write-protected; the first write to a page after a
// scan faults and marks it (or, once writes are dense, the page tables are
// scanned instead). Before a device reads the buffer, the guest scans and
// sends one update per dirty subresource bounding box. DMA_BUF_IOCTL_SYNC
// does nothing; a read access fetches the surface back if the host wrote it.
#include "models/exporter/coherency_policy.h"

namespace cohsim {
namespace {
class FaultTracking final : public CoherencyPolicy {
 public:
  std::string_view name() const override { return "fault-tracking"; }
  bool tracks_page_writes() const override { return true; }
  void begin_cpu_access(SyncContext& ctx, SyncAccess access, const std::vector<PixelRect>&) const override {
    if (sync_reads(access) && ctx.host_wrote()) ctx.fetch_from_host({ctx.buffer().whole()});
  }
  void end_cpu_access(SyncContext&, SyncAccess, const std::vector<PixelRect>&) const override {}
  void before_device_read(SyncContext& ctx) const override {
    if (ctx.virtual_host()) ctx.scan_and_send();
  }
  std::string refusal(const PolicyTarget& t) const override {
    if (t.virtual_gpu) return {};
    return "fault-tracking needs a virtual platform (a hypervisor section): it finds the guest's writes for a host that keeps its own copy of the surface";
  }
};
const PolicyRegistration kRegistered{
    6, "pages are write-protected, the first write to each faults, and the dirty pages' box goes to the host (vmwgfx; virtual platforms only)",
    [] { return std::unique_ptr<CoherencyPolicy>(std::make_unique<FaultTracking>()); }};
}  // namespace
}  // namespace cohsim
