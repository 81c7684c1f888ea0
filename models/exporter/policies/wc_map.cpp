// wc-map: the exporter maps the buffer write-combined (vgem today, dumb
// buffers). No cache maintenance; CPU reads are uncached and slow, writes
// combine. Ending a write access drains the WC buffers (a barrier) so that
// devices see every byte.
#include "models/exporter/policies/policies.h"

namespace cohsim {
namespace {
class WcMap final : public CoherencyPolicy {
 public:
  std::string_view name() const override { return "wc-map"; }
  Mapping buffer_mapping() const override { return Mapping::wc; }
  void begin_cpu_access(SyncContext&, SyncAccess, const std::vector<PixelRect>&) const override {}
  void end_cpu_access(SyncContext& ctx, SyncAccess access, const std::vector<PixelRect>&) const override {
    if (sync_writes(access)) ctx.barrier();
  }
};
}  // namespace
std::unique_ptr<CoherencyPolicy> make_wc_map_policy() { return std::make_unique<WcMap>(); }
}  // namespace cohsim
