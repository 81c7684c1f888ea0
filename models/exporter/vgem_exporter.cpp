#include "models/exporter/vgem_exporter.h"

#include <algorithm>
#include <optional>

namespace cohsim {

class VgemExporter::Sync final : public SyncContext {
 public:
  Sync(VgemExporter& e, const SharedBuffer& b)
      : e_(e),
        b_(b) {}
  const SharedBuffer& buffer() const override { return b_; }
  bool devices_need_maintenance() const override { return b_.noncoherent_importers > 0; }
  bool end_of_access_cleans(SyncAccess access) const override { return e_.params_.rules == MaintenanceRules::arm64 || sync_writes(access); }
  bool virtual_host() const override { return b_.host_base != 0; }
  void send_to_host(const std::vector<PixelRect>& boxes) override { e_.params_.host->send(b_, boxes); }
  void fetch_from_host(const std::vector<PixelRect>& boxes) override { e_.params_.host->fetch(b_, boxes); }
  void scan_and_send() override { e_.params_.host->scan_and_send(b_); }
  bool host_wrote() const override { return e_.params_.host->host_wrote(b_); }
  void maintain(MemOpKind kind, const ByteRanges& ranges) override { e_.maintain(b_, kind, ranges); }
  // A tiled buffer's shadow is its linear staging copy: copying in detiles,
  // copying out retiles.
  void copy_to_shadow(const ByteRanges& ranges) override {
    if (!b_.linear()) return e_.detile(b_, {});
    e_.copy(ranges, static_cast<std::int64_t>(b_.shadow_base - b_.base));
  }
  void copy_from_shadow(const ByteRanges& ranges) override {
    if (!b_.linear()) return e_.retile(b_, {});
    ByteRanges shadow;
    for (const auto& [a, n] : ranges) shadow.emplace_back(a - b_.base + b_.shadow_base, n);
    e_.copy(shadow, static_cast<std::int64_t>(b_.base - b_.shadow_base));
  }
  void barrier() override {
    e_.cpu_.barrier();
    ++e_.stats_.barriers;
  }

 private:
  VgemExporter& e_;
  const SharedBuffer& b_;
};

VgemExporter::VgemExporter(const ExporterParams& params, const CoherencyPolicy& policy, CpuOps& cpu, StatGroup& g)
    : params_(params),
      policy_(policy),
      cpu_(cpu),
      clock_(params.clock->clock),
      stats_(g, *params.clock) {
  fence_register_owner_.reserve(params.aperture.fences);
}

std::uint64_t VgemExporter::reserve(std::uint64_t bytes) {
  constexpr std::uint64_t kAlign = 2ull << 20;  // 2 MiB apart, so buffers never share a line or a page
  const std::uint64_t at = next_address_;
  next_address_ += (bytes + 2 * kAlign - 1) / kAlign * kAlign;
  return at;
}

std::uint32_t VgemExporter::allocate(std::string name, const Surface& surface) {
  SharedBuffer b{std::move(name), surface};
  b.base = reserve(b.size());
  if (params_.host != nullptr && !policy_.shares_guest_pages()) b.host_base = reserve(b.size());  // the host's surface, in host memory
  buffers_.push_back(std::move(b));
  return static_cast<std::uint32_t>(buffers_.size() - 1);
}

void VgemExporter::attach(std::uint32_t index, bool device_coherent) {
  SharedBuffer& b = buffers_.at(index);
  ++b.importers;
  // A virtual platform's devices are the host's: the guest never maintains
  // its caches for them.
  if (!device_coherent && params_.host == nullptr) ++b.noncoherent_importers;
}

void VgemExporter::mmap(std::uint32_t index) {
  SharedBuffer& b = buffers_.at(index);
  if (b.mapped) return;
  b.mapped = true;
  if (b.linear()) {
    cpu_.set_mapping(b.base, b.size(), policy_.buffer_mapping());
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
    cpu_.set_mapping(b.base, b.size(), policy_.buffer_mapping());
    b.shadow_base = reserve(std::uint64_t{b.width()} * b.height() * b.bytes_per_pixel());  // linear, cached
  }
}

void VgemExporter::cpu_writes(std::uint32_t index, const ByteRanges& ranges) {
  const SharedBuffer& b = buffers_.at(index);
  if (b.host_base != 0 && policy_.tracks_page_writes()) params_.host->guest_writes(b, ranges);
}

void VgemExporter::before_device_read(std::uint32_t index) {
  const SharedBuffer& b = buffers_.at(index);
  Sync ctx(*this, b);
  policy_.before_device_read(ctx);
}

ByteRanges VgemExporter::cpu_byte_range(std::uint32_t index, std::uint64_t offset, std::uint64_t bytes) const {
  const SharedBuffer& b = buffers_.at(index);
  return {{(b.shadow_base != 0 ? b.shadow_base : b.base) + offset, bytes}};
}

ByteRanges VgemExporter::cpu_ranges(std::uint32_t index, const std::vector<PixelRect>& rects) {
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
  // Through the aperture the core walks linear rows, and the fence sends
  // each byte to its tiled address: runs stay contiguous for 512 B in an X
  // tile, 16 B in a Y tile.
  take_fence_register(index);
  const Surface& s = b.surface;
  const std::uint64_t run = s.layout() == Layout::intel_x ? 512 : 16;
  std::vector<PixelRect> all = rects;
  if (all.empty()) all.push_back(PixelRect{0, 0, b.width(), b.height()});
  ByteRanges out;
  for (const PixelRect& r : all) {
    for (std::uint32_t y = r.y1; y < r.y2; ++y) {
      std::uint64_t xb = std::uint64_t{r.x1} * s.bytes_per_pixel();
      const std::uint64_t end = std::uint64_t{r.x2} * s.bytes_per_pixel();
      while (xb < end) {
        const std::uint64_t n = std::min(run - xb % run, end - xb);
        const std::uint64_t at = b.base + s.offset_of(static_cast<std::uint32_t>(xb / s.bytes_per_pixel()), y);
        if (!out.empty() && out.back().first + out.back().second == at) {
          out.back().second += n;
        } else {
          out.emplace_back(at, n);
        }
        xb += n;
      }
    }
  }
  return out;
}

void VgemExporter::take_fence_register(std::uint32_t index) {
  auto it = std::find(fence_register_owner_.begin(), fence_register_owner_.end(), index);
  if (it != fence_register_owner_.end()) {
    fence_register_owner_.erase(it);  // most recently used goes to the back
    fence_register_owner_.push_back(index);
    return;
  }
  // A fault: no fence register makes this object linear; take a free one or steal the
  // least recently used (whose next access faults in turn).
  ++stats_.aperture_faults;
  if (fence_register_owner_.size() == params_.aperture.fences) fence_register_owner_.erase(fence_register_owner_.begin());
  fence_register_owner_.push_back(index);
  CoreSpan span(cpu_, cpu_.track(), "fault", "aperture fence fault", &stats_.fault_time);
  cpu_.compute(params_.aperture.fault_cycles);
}

void VgemExporter::detile(const SharedBuffer& b, const std::vector<PixelRect>& rects) { convert(b, rects, true); }
void VgemExporter::retile(const SharedBuffer& b, const std::vector<PixelRect>& rects) { convert(b, rects, false); }

void VgemExporter::convert(const SharedBuffer& b, const std::vector<PixelRect>& rects, bool to_linear) {
  // Tile row by tile row (superblock row for AFBC): read one side, write the other.
  std::optional<CoreSpan> span(std::in_place, cpu_, cpu_.track(), "copy", (to_linear ? "detile " : "retile ") + b.name, &stats_.copy_time);
  const Surface& s = b.surface;
  const Surface staging({Layout::linear, b.width(), b.height(), b.bytes_per_pixel()});
  std::vector<PixelRect> all = rects;
  if (all.empty()) all.push_back(PixelRect{0, 0, b.width(), b.height()});
  std::uint64_t pixels = 0;
  for (const PixelRect& r : all) {
    const PixelRect t = s.tile_aligned(r);
    for (std::uint32_t y = t.y1; y < t.y2; y += s.tile_height()) {
      const PixelRect band{t.x1, y, t.x2, std::min(b.height(), y + s.tile_height())};
      const ByteRanges tiled = s.bytes_of({band}, b.base);
      const ByteRanges linear = staging.bytes_of({band}, b.shadow_base);
      std::uint64_t tiled_bytes = 0;
      for (const auto& [a, n] : tiled) tiled_bytes += n;
      for (const auto& [a, n] : (to_linear ? tiled : linear)) cpu_.load(a, n);
      for (const auto& [a, n] : (to_linear ? linear : tiled)) cpu_.store(a, n);
      (to_linear ? stats_.detiled_bytes : stats_.retiled_bytes) += tiled_bytes;
      stats_.copied_bytes += tiled_bytes;
      pixels += band.pixels();
    }
  }
  span.reset();
  if (s.layout() == Layout::arm_afbc) {
    // Decoding or encoding the superblocks is work on top of moving them.
    CoreSpan codec(cpu_, cpu_.track(), "copy", to_linear ? "AFBC decode" : "AFBC encode", &stats_.codec_time);
    cpu_.compute(static_cast<std::uint64_t>(params_.afbc_codec_cycles_per_pixel * static_cast<double>(pixels)));
  }
}

void VgemExporter::begin_cpu_access(std::uint32_t index, SyncAccess access, const std::vector<PixelRect>& hint) {
  ++stats_.syncs;
  const SharedBuffer& b = buffers_.at(index);
  CoreSpan span(cpu_, kExporterTrack, "sync", "sync start " + std::string(sync_access_name(access)) + " " + b.name, &stats_.sync_time);
  Sync ctx(*this, b);
  policy_.begin_cpu_access(ctx, access, hint);
  // The staging copy of a tiled buffer is brought up to date after the
  // policy made the buffer itself readable (a shadow-copy policy does it whole).
  if (b.cpu_path == CpuPath::staging && !policy_.uses_shadow() && sync_reads(access)) detile(b, hint);
}

void VgemExporter::end_cpu_access(std::uint32_t index, SyncAccess access, const std::vector<PixelRect>& hint) {
  ++stats_.syncs;
  const SharedBuffer& b = buffers_.at(index);
  CoreSpan span(cpu_, kExporterTrack, "sync", "sync end " + std::string(sync_access_name(access)) + " " + b.name, &stats_.sync_time);
  if (b.cpu_path == CpuPath::staging && !policy_.uses_shadow() && sync_writes(access)) retile(b, hint);
  Sync ctx(*this, b);
  policy_.end_cpu_access(ctx, access, hint);
}

void VgemExporter::maintain(const SharedBuffer& b, MemOpKind kind, const ByteRanges& ranges) {
  CoreSpan span(cpu_, cpu_.track(), "maintenance", std::string(mem_op_kind_name(kind)) + " " + b.name);
  const std::uint64_t line = params_.line_bytes;
  if (params_.rules == MaintenanceRules::x86) {
    // drm_clflush_sg: mb(), every line of every page, mb().
    cpu_.barrier();
    ++stats_.barriers;
    for (const auto& [address, bytes] : ranges) {
      cpu_.maintain(kind, address, bytes);
      ++stats_.maintenance_ranges;
      stats_.maintained_bytes += ((address + bytes - 1) / line - address / line + 1) * line;
    }
    cpu_.barrier();
    ++stats_.barriers;
    return;
  }
  // arm64: dma_sync_sg_for_cpu / for_device on the attachment's table, once
  // per buffer or, where the exporter syncs every mapped attachment (the
  // system heap), once per non-coherent one: a coherent device's sync is a
  // no-op (dev_is_dma_coherent).
  const std::uint32_t passes = params_.maintenance_per_attachment ? std::max<std::uint32_t>(1, b.noncoherent_importers) : 1;
  for (std::uint32_t pass = 0; pass < passes; ++pass) maintain_sg(b, kind, ranges);
}

// Walks the ranges entry by entry of the scatter-gather list; every entry
// that got maintenance ends with a barrier.
void VgemExporter::maintain_sg(const SharedBuffer& b, MemOpKind kind, const ByteRanges& ranges) {
  const std::uint64_t line = params_.line_bytes;
  const std::uint64_t entry = params_.sg_entry_bytes == 0 ? b.size() : params_.sg_entry_bytes;
  std::uint64_t current_entry = ~0ull;
  for (const auto& [address, bytes] : ranges) {
    std::uint64_t pos = address;
    const std::uint64_t end = address + bytes;
    while (pos < end) {
      const std::uint64_t e = (pos - b.base) / entry;
      const std::uint64_t entry_end = std::min(end, b.base + (e + 1) * entry);
      if (e != current_entry) {
        if (current_entry != ~0ull) {
          cpu_.barrier();
          ++stats_.barriers;
        }
        current_entry = e;
      }
      cpu_.maintain(kind, pos, entry_end - pos);
      ++stats_.maintenance_ranges;
      stats_.maintained_bytes += ((entry_end - 1) / line - pos / line + 1) * line;
      pos = entry_end;
    }
  }
  if (current_entry != ~0ull) {
    cpu_.barrier();
    ++stats_.barriers;
  }
}

void VgemExporter::copy(const ByteRanges& from, std::int64_t delta) {
  CoreSpan span(cpu_, cpu_.track(), "copy", "copy", &stats_.copy_time);
  for (const auto& [address, bytes] : from) {
    copy_on_core(cpu_, address, static_cast<std::uint64_t>(static_cast<std::int64_t>(address) + delta), bytes);
    stats_.copied_bytes += bytes;
  }
}

}  // namespace cohsim
