#include "models/exporter/dmabuf_exporter.h"

#include <algorithm>
#include <stdexcept>

namespace cohsim {

class DmaBufExporter::Sync final : public SyncContext {
 public:
  Sync(DmaBufExporter& e, std::uint32_t index)
      : e_(e),
        index_(index),
        b_(e.buffers_.at(index)) {}
  const SharedBuffer& buffer() const override { return b_; }
  bool devices_need_maintenance() const override {
    const bool arm64 = e_.params_.rules == MaintenanceRules::arm64;
    switch (e_.sync_target(index_)) {
      case SyncTarget::noncoherent_importers:
        return b_.noncoherent_importers > 0;
      case SyncTarget::each_attachment:  // dma_sync_sgtable_* per attachment: a no-op on x86
        return arm64 && b_.noncoherent_importers > 0;
      case SyncTarget::own_device:  // a device without a coherent port: dma-direct maintains on arm64 only
        return arm64;
      case SyncTarget::own_gpu:
        return !e_.params_.gpu_coherent;
      case SyncTarget::nothing:
        break;
    }
    return false;
  }
  bool start_of_access_invalidates(SyncAccess access) const override { return e_.traits(index_).start_maintains_any_direction || sync_reads(access); }
  bool end_of_access_cleans(SyncAccess access) const override {
    if (e_.region_sync_is_cache_op(index_)) return sync_writes(access);
    return e_.params_.rules == MaintenanceRules::arm64 || sync_writes(access);
  }
  bool virtual_host() const override { return b_.host_base != 0; }
  void send_to_host(const std::vector<PixelRect>& boxes) override { e_.params_.host->send(b_, boxes); }
  void fetch_from_host(const std::vector<PixelRect>& boxes) override { e_.params_.host->fetch(b_, boxes); }
  void scan_and_send() override { e_.params_.host->scan_and_send(b_); }
  bool host_wrote() const override { return e_.params_.host->host_wrote(b_); }
  void maintain(MemOpKind kind, const ByteRanges& ranges) override {
    SgMaintenance& maintenance = e_.maintenance(index_);
    if (kind == MemOpKind::invalidate && e_.region_sync_is_cache_op(index_)) maintenance.maintain(b_, MemOpKind::clean, ranges);
    maintenance.maintain(b_, kind, ranges);
    // What the CPU wrote is in memory: nothing left for a flip to flush.
    if (kind != MemOpKind::invalidate) e_.cache_dirty_.at(index_) = false;
  }
  // A tiled buffer's shadow is its linear staging copy: copying in detiles,
  // copying out retiles.
  void copy_to_shadow(const ByteRanges& ranges) override {
    if (!b_.linear()) return e_.copier_.detile(b_, {});
    e_.copier_.copy(ranges, static_cast<std::int64_t>(b_.shadow_base - b_.base));
  }
  void copy_from_shadow(const ByteRanges& ranges) override {
    if (!b_.linear()) return e_.copier_.retile(b_, {});
    ByteRanges shadow;
    for (const auto& [a, n] : ranges) shadow.emplace_back(a - b_.base + b_.shadow_base, n);
    e_.copier_.copy(shadow, static_cast<std::int64_t>(b_.base - b_.shadow_base));
  }
  void barrier() override { e_.maintenance(index_).barrier(); }

 private:
  DmaBufExporter& e_;
  std::uint32_t index_;
  const SharedBuffer& b_;
};

DmaBufExporter::DmaBufExporter(const ExporterParams& params, const CoherencyPolicy& policy, CpuOps& cpu, StatGroup& g)
    : params_(params),
      policy_(policy),
      cpu_(cpu),
      stats_(g, *params.clock),
      aperture_(params.aperture, cpu, stats_),
      copier_(params.afbc_codec_cycles_per_pixel, cpu, stats_) {}

Mapping DmaBufExporter::buffer_mapping(std::uint32_t index) const { return traits(index).mapping.value_or(policy_.buffer_mapping()); }

bool DmaBufExporter::region_policy() const { return policy_.sync_region() == SyncRegion::range || policy_.sync_region() == SyncRegion::rects; }

SyncTarget DmaBufExporter::sync_target_of(const ExporterTraits& e) const { return region_policy() && e.region_sync ? *e.region_sync : e.whole_sync; }

bool DmaBufExporter::region_sync_is_cache_op(std::uint32_t index) const { return region_policy() && traits(index).region_sync_is_cache_op; }

std::uint64_t DmaBufExporter::reserve(std::uint64_t bytes, std::uint64_t& next) {
  const std::uint64_t footprint = buffer_footprint(bytes);
  const std::uint64_t window_end = params_.device_memory_base + params_.device_memory_bytes;
  if (&next == &next_address_ && next + footprint > params_.device_memory_base && next < window_end) next = window_end;  // system memory goes round the VRAM
  if (&next == &next_device_address_ && next + footprint > window_end)
    throw std::logic_error("amdgpu-vram buffers past their window, which the trace checker refuses");
  const std::uint64_t at = next;
  next += footprint;
  return at;
}

std::uint32_t DmaBufExporter::allocate(std::string name, const Surface& surface, ExporterKind exporter) {
  const ExporterTraits& e = exporter_traits(exporter);
  // Its pages' scatter-gather list and whom a sync maintains for are the exporter's.
  const SyncTarget target = sync_target_of(e);
  maintenance_.try_emplace(
      exporter,
      SgMaintenanceParams{.line_bytes = params_.line_bytes,
                          .sg_entry_bytes = e.sg == ScatterGather::contiguous ? 0 : params_.sg_entry_bytes,
                          .rules = params_.rules,
                          .per_attachment = target == SyncTarget::each_attachment || (exporter == ExporterKind::vgem && params_.maintenance_per_attachment),
                          .heap_chunks = e.sg == ScatterGather::heap_chunks},
      cpu_, stats_);
  exporter_of_.push_back(&e);
  SharedBuffer b{std::move(name), surface};
  if (e.in_device_memory) {
    // The run list refused this exporter where there is no window, and the
    // trace checker kept every buffer's footprint inside it.
    if (params_.device_memory_base == 0) throw std::logic_error("an amdgpu-vram buffer on a platform without VRAM");
    if (next_device_address_ == 0) next_device_address_ = params_.device_memory_base;
    b.base = reserve(b.size(), next_device_address_);
  } else {
    b.base = reserve(b.size());
  }

  if (params_.host != nullptr && !policy_.shares_guest_pages()) b.host_base = reserve(b.size());  // the host's surface, in host memory
  buffers_.push_back(std::move(b));
  cache_dirty_.push_back(false);
  return static_cast<std::uint32_t>(buffers_.size() - 1);
}

void DmaBufExporter::attach(std::uint32_t index, bool device_coherent, bool bounced) {
  SharedBuffer& b = buffers_.at(index);
  ++b.importers;
  // A virtual platform's devices are the host's: the guest never maintains
  // its caches for them.
  if (!device_coherent && !bounced && params_.host == nullptr) ++b.noncoherent_importers;
}

void DmaBufExporter::bounce(std::uint32_t index, bool for_cpu, const std::vector<PixelRect>& hint) {
  if (params_.swiotlb == nullptr || policy_.sync_region() == SyncRegion::none) return;
  const SyncTarget target = sync_target(index);
  if (target != SyncTarget::each_attachment && target != SyncTarget::noncoherent_importers) return;
  const SharedBuffer& b = buffers_.at(index);
  const ByteRanges ranges = policy_.sync_region() == SyncRegion::whole ? b.rows({}, b.base) : b.rows(hint, b.base);
  const bool noncoherent_only = target == SyncTarget::noncoherent_importers;
  if (for_cpu) {
    params_.swiotlb->sync_for_cpu(b, ranges, noncoherent_only);
  } else {
    params_.swiotlb->sync_for_device(b, ranges, noncoherent_only);
  }
}

void DmaBufExporter::mmap(std::uint32_t index) {
  SharedBuffer& b = buffers_.at(index);
  if (b.mapped) return;
  b.mapped = true;
  if (b.linear()) {
    cpu_.set_mapping(b.base, b.size(), buffer_mapping(index));
    if (policy_.uses_shadow()) b.shadow_base = reserve(b.size());  // cached (WB), like any malloc
    return;
  }
  // A tiled buffer: an aperture if the platform has one, the layout allows it
  // (Intel X and Y) and nothing asks for a copy; else a linear staging copy.
  if (reaches_through_aperture(b.surface.layout(), params_.aperture.fences, policy_.uses_shadow(), params_.tiled_cpu_access)) {
    b.cpu_path = CpuPath::aperture;
    cpu_.set_mapping(b.base, b.size(), params_.aperture.mapping);
  } else {
    // The staging copy is detiled from and retiled into the buffer through
    // the buffer's own mapping, the one the policy lets the exporter grant
    // (WC for wc-map and shadow-copy): a cached retile would leave the new
    // tiles in caches a non-snooping display never sees.
    b.cpu_path = CpuPath::staging;
    cpu_.set_mapping(b.base, b.size(), buffer_mapping(index));
    b.shadow_base = reserve(std::uint64_t{b.width()} * b.height() * b.bytes_per_pixel());  // linear, cached
  }
}

void DmaBufExporter::cpu_writes(std::uint32_t index, const ByteRanges& ranges) {
  const SharedBuffer& b = buffers_.at(index);
  if (b.host_base != 0 && policy_.tracks_page_writes()) params_.host->guest_writes(b, ranges);
}

void DmaBufExporter::before_device_read(std::uint32_t index) {
  Sync ctx(*this, index);
  policy_.before_device_read(ctx);
}

void DmaBufExporter::before_scanout(std::uint32_t index) {
  if (!traits(index).flushes_scanout_at_flip || !cache_dirty_.at(index)) return;
  // i915_gem_object_pin_to_display_plane: the display engine does not snoop
  // the LLC, so a dirty scanout object is clflushed whole (I915_CLFLUSH_FORCE).
  const SharedBuffer& b = buffers_.at(index);
  CoreSpan span(cpu_, kExporterTrack, "sync", "flush at flip " + b.name, &stats_.sync_time);
  maintenance(index).maintain(b, MemOpKind::clean_invalidate, b.rows({}, b.base));
  cache_dirty_.at(index) = false;
}

ByteRanges DmaBufExporter::cpu_byte_range(std::uint32_t index, std::uint64_t offset, std::uint64_t bytes) const {
  const SharedBuffer& b = buffers_.at(index);
  return {{(b.shadow_base != 0 ? b.shadow_base : b.base) + offset, bytes}};
}

ByteRanges DmaBufExporter::cpu_ranges(std::uint32_t index, const std::vector<PixelRect>& rects) {
  SharedBuffer& b = buffers_.at(index);
  switch (b.cpu_path) {
    case CpuPath::direct:
      return b.rows(rects, b.shadow_base != 0 ? b.shadow_base : b.base);
    case CpuPath::staging: {
      const Surface staging({Layout::linear, b.width(), b.height(), b.bytes_per_pixel()});
      return staging.bytes_of(rects, b.shadow_base);
    }
    case CpuPath::aperture:
      break;
  }
  return aperture_.cpu_ranges(index, b, rects);
}

void DmaBufExporter::begin_cpu_access(std::uint32_t index, SyncAccess access, const std::vector<PixelRect>& hint) {
  ++stats_.syncs;
  const SharedBuffer& b = buffers_.at(index);
  CoreSpan span(cpu_, kExporterTrack, "sync", "sync start " + std::string(sync_access_name(access)) + " " + b.name, &stats_.sync_time);
  Sync ctx(*this, index);
  policy_.begin_cpu_access(ctx, access, hint);
  // dma_sync_sgtable_for_cpu: a bounced attachment's slots are copied to
  // the buffer for a read (DMA_FROM_DEVICE, DMA_BIDIRECTIONAL), after the
  // buffer's own maintenance for the importers that reach it, so that no
  // invalidate drops the copied lines.
  if (sync_reads(access)) bounce(index, true, hint);
  // i915: a write start leaves the object's cache dirty (__start_cpu_write)
  // until a clflush: its end's, where the GPU does not share the LLC, or
  // the flip's.
  if (traits(index).flushes_scanout_at_flip && policy_.sync_region() != SyncRegion::none && sync_writes(access)) cache_dirty_.at(index) = true;
  // The staging copy of a tiled buffer is brought up to date after the
  // policy made the buffer itself readable (a shadow-copy policy does it whole).
  if (b.cpu_path == CpuPath::staging && !policy_.uses_shadow() && sync_reads(access)) copier_.detile(b, hint);
}

void DmaBufExporter::end_cpu_access(std::uint32_t index, SyncAccess access, const std::vector<PixelRect>& hint) {
  ++stats_.syncs;
  const SharedBuffer& b = buffers_.at(index);
  CoreSpan span(cpu_, kExporterTrack, "sync", "sync end " + std::string(sync_access_name(access)) + " " + b.name, &stats_.sync_time);
  if (b.cpu_path == CpuPath::staging && !policy_.uses_shadow() && sync_writes(access)) copier_.retile(b, hint);
  Sync ctx(*this, index);
  policy_.end_cpu_access(ctx, access, hint);
  // dma_sync_sgtable_for_device: the buffer is copied to a bounced
  // attachment's slots after a write (DMA_TO_DEVICE, DMA_BIDIRECTIONAL).
  if (sync_writes(access)) bounce(index, false, hint);
}

}  // namespace cohsim
