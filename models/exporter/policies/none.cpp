// none: the application forgot DMA_BUF_IOCTL_SYNC (or the exporter ignores
// it). Nothing happens, which works on a coherent platform and shows stale
// data on a non-coherent one.
#include "models/exporter/coherency_policy.h"

namespace cohsim {
namespace {
class NoSync final : public CoherencyPolicy {
 public:
  std::string_view name() const override { return "none"; }
  void begin_cpu_access(SyncContext&, SyncAccess, const std::vector<PixelRect>&) const override {}
  void end_cpu_access(SyncContext&, SyncAccess, const std::vector<PixelRect>&) const override {}
};
const PolicyRegistration kRegistered{7, "nothing: the application forgot to sync", [] { return std::unique_ptr<CoherencyPolicy>(std::make_unique<NoSync>()); }};
}  // namespace
}  // namespace cohsim
