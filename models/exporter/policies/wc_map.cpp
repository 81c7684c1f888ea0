// wc-map: the exporter maps the buffer write-combined (vgem today, dumb
// buffers). No cache maintenance; CPU reads are uncached and slow, writes
// combine. Ending a write access drains the WC buffers (a barrier) so that
// devices see every byte.
#include "models/exporter/coherency_policy.h"

namespace cohsim {
namespace {
class WcMap final : public CoherencyPolicy {
 public:
  std::string_view name() const override { return "wc-map"; }
  Mapping buffer_mapping() const override { return Mapping::wc; }
  // On a virtual GPU that lets the guest map a dma-buf at all, the mapping
  // is of a resource the host shares (a virtio-gpu blob): no copies.
  bool shares_guest_pages() const override { return true; }
  std::string refusal(const PolicyTarget& t) const override {
    if (!t.virtual_gpu || t.guest_mmap) return {};
    return "the guest's " + t.driver +
           " driver gives the CPU no mapping the host sees (vmwgfx refuses dma-buf mmap; virtio-gpu 2D resources are guest memory the host only sees through "
           "transfers); hypervisor.guest_mmap true models a resource the host shares";
  }
  void begin_cpu_access(SyncContext&, SyncAccess, const std::vector<PixelRect>&) const override {}
  void end_cpu_access(SyncContext& ctx, SyncAccess access, const std::vector<PixelRect>&) const override {
    if (sync_writes(access)) ctx.barrier();
  }
};
const PolicyRegistration kRegistered{4, "a write-combined CPU mapping and no maintenance: slow reads, combined writes (vgem today)",
                                     [] { return std::unique_ptr<CoherencyPolicy>(std::make_unique<WcMap>()); }};
}  // namespace
}  // namespace cohsim
