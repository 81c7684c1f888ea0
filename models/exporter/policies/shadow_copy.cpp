// shadow-copy: the CPU works in a cached shadow of the buffer; the buffer
// itself is mapped write-combined. Starting a read access copies the whole
// buffer in; ending a write access copies the whole shadow out and drains the
// WC buffers (minigbm's MediaTek backend: lock / unlock).
#include "models/exporter/policies/policies.h"

namespace cohsim {
namespace {
class ShadowCopy final : public CoherencyPolicy {
 public:
  std::string_view name() const override { return "shadow-copy"; }
  Mapping buffer_mapping() const override { return Mapping::wc; }
  bool uses_shadow() const override { return true; }
  void begin_cpu_access(SyncContext& ctx, SyncAccess access, const std::vector<PixelRect>&) const override {
    if (sync_reads(access)) ctx.copy_to_shadow(ctx.buffer().rows({}, ctx.buffer().base));
  }
  void end_cpu_access(SyncContext& ctx, SyncAccess access, const std::vector<PixelRect>&) const override {
    if (!sync_writes(access)) return;
    ctx.copy_from_shadow(ctx.buffer().rows({}, ctx.buffer().base));
    ctx.barrier();
  }
};
}  // namespace
std::unique_ptr<CoherencyPolicy> make_shadow_copy_policy() { return std::make_unique<ShadowCopy>(); }
}  // namespace cohsim
