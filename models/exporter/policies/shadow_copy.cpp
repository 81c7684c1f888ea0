// shadow-copy: the CPU works in a cached shadow of the buffer; the buffer
// itself is mapped write-combined. Starting a read access copies the whole
// buffer in; ending a write access copies the whole shadow out and drains the
// WC buffers (minigbm's MediaTek backend: lock / unlock). On a virtual
// platform the whole surface then goes to the host (and comes back first).
#include "models/exporter/coherency_policy.h"

namespace cohsim {
namespace {
class ShadowCopy final : public CoherencyPolicy {
 public:
  std::string_view name() const override { return "shadow-copy"; }
  Mapping buffer_mapping() const override { return Mapping::wc; }
  bool uses_shadow() const override { return true; }
  void begin_cpu_access(SyncContext& ctx, SyncAccess access, const std::vector<PixelRect>&) const override {
    if (!sync_reads(access)) return;
    if (ctx.virtual_host()) ctx.fetch_from_host({ctx.buffer().whole()});
    ctx.copy_to_shadow(ctx.buffer().rows({}, ctx.buffer().base));
  }
  void end_cpu_access(SyncContext& ctx, SyncAccess access, const std::vector<PixelRect>&) const override {
    if (!sync_writes(access)) return;
    ctx.copy_from_shadow(ctx.buffer().rows({}, ctx.buffer().base));
    ctx.barrier();
    if (ctx.virtual_host()) ctx.send_to_host({ctx.buffer().whole()});
  }
};
const PolicyRegistration kRegistered{5, "the CPU works in a cached shadow copied in whole at the start and out whole at the end (minigbm's MediaTek backend)",
                                     [] { return std::unique_ptr<CoherencyPolicy>(std::make_unique<ShadowCopy>()); }};
}  // namespace
}  // namespace cohsim
