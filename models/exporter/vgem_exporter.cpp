#include "models/exporter/vgem_exporter.h"

#include <algorithm>

namespace cohsim {

class VgemExporter::Sync final : public SyncContext {
 public:
  Sync(VgemExporter& e, const SharedBuffer& b) : e_(e), b_(b) {}
  const SharedBuffer& buffer() const override { return b_; }
  bool devices_need_maintenance() const override { return b_.noncoherent_importers > 0; }
  void maintain(MemOpKind kind, const ByteRanges& ranges) override { e_.maintain(b_, kind, ranges); }
  void copy_to_shadow(const ByteRanges& ranges) override { e_.copy(ranges, static_cast<std::int64_t>(b_.shadow_base - b_.base)); }
  void copy_from_shadow(const ByteRanges& ranges) override {
    ByteRanges shadow;
    for (const auto& [a, n] : ranges) shadow.emplace_back(a - b_.base + b_.shadow_base, n);
    e_.copy(shadow, static_cast<std::int64_t>(b_.base - b_.shadow_base));
  }
  void barrier() override {
    e_.cpu_.barrier();
    ++e_.sg_barriers_;
  }

 private:
  VgemExporter& e_;
  const SharedBuffer& b_;
};

VgemExporter::VgemExporter(const ExporterParams& params, const CoherencyPolicy& policy, CpuOps& cpu, StatGroup& g)
    : params_(params),
      policy_(policy),
      cpu_(cpu),
      syncs_(g.counter("syncs", "calls", "begin/end CPU access (DMA_BUF_IOCTL_SYNC)")),
      maintained_bytes_(g.counter("maintained_bytes", "bytes", "bytes covered by cache maintenance, rounded out to lines")),
      maintenance_ops_(g.counter("maintenance_ranges", "ranges", "maintenance by VA ranges issued")),
      sg_barriers_(g.counter("barriers", "barriers", "barriers paid (one per scatter-gather entry maintained)")),
      copied_bytes_(g.counter("copied_bytes", "bytes", "bytes copied between a buffer and its shadow")),
      sync_time_(g.time("sync_time", *params.clock, "core time inside begin/end CPU access (maintenance, barriers, copies)")),
      copy_time_(g.time("copy_time", *params.clock, "core time copying between buffers and shadows")) {}

std::uint64_t VgemExporter::reserve(std::uint64_t bytes) {
  constexpr std::uint64_t kAlign = 2ull << 20;  // 2 MiB apart, so buffers never share a line or a page
  const std::uint64_t at = next_address_;
  next_address_ += (bytes + 2 * kAlign - 1) / kAlign * kAlign;
  return at;
}

std::uint32_t VgemExporter::allocate(std::string name, const Surface& surface) {
  SharedBuffer b{std::move(name), surface};
  b.base = reserve(b.size());
  buffers_.push_back(std::move(b));
  return static_cast<std::uint32_t>(buffers_.size() - 1);
}

void VgemExporter::attach(std::uint32_t index, bool device_coherent) {
  SharedBuffer& b = buffers_.at(index);
  ++b.importers;
  if (!device_coherent) ++b.noncoherent_importers;
}

void VgemExporter::mmap(std::uint32_t index) {
  SharedBuffer& b = buffers_.at(index);
  if (b.mapped) return;
  b.mapped = true;
  cpu_.set_mapping(b.base, b.size(), policy_.buffer_mapping());
  if (policy_.uses_shadow()) b.shadow_base = reserve(b.size());  // cached (WB), like any malloc
}

std::uint64_t VgemExporter::cpu_base(std::uint32_t index) const {
  const SharedBuffer& b = buffers_.at(index);
  return b.shadow_base != 0 ? b.shadow_base : b.base;
}

void VgemExporter::begin_cpu_access(std::uint32_t index, SyncAccess access, const std::vector<PixelRect>& hint) {
  ++syncs_;
  const Tick start = cpu_.now();
  Sync ctx(*this, buffers_.at(index));
  policy_.begin_cpu_access(ctx, access, hint);
  sync_time_ += cpu_.now() - start;
}

void VgemExporter::end_cpu_access(std::uint32_t index, SyncAccess access, const std::vector<PixelRect>& hint) {
  ++syncs_;
  const Tick start = cpu_.now();
  Sync ctx(*this, buffers_.at(index));
  policy_.end_cpu_access(ctx, access, hint);
  sync_time_ += cpu_.now() - start;
}

void VgemExporter::maintain(const SharedBuffer& b, MemOpKind kind, const ByteRanges& ranges) {
  // Walk the ranges entry by entry of the scatter-gather list; every entry
  // that got maintenance ends with a barrier.
  const std::uint64_t entry = params_.sg_entry_bytes == 0 ? b.size() : params_.sg_entry_bytes;
  const std::uint64_t line = params_.line_bytes;
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
          ++sg_barriers_;
        }
        current_entry = e;
      }
      cpu_.maintain(kind, pos, entry_end - pos);
      ++maintenance_ops_;
      maintained_bytes_ += ((entry_end - 1) / line - pos / line + 1) * line;
      pos = entry_end;
    }
  }
  if (current_entry != ~0ull) {
    cpu_.barrier();
    ++sg_barriers_;
  }
}

void VgemExporter::copy(const ByteRanges& from, std::int64_t delta) {
  // memcpy, 4 KiB at a time: load a chunk of the source, store it to the destination.
  const Tick start = cpu_.now();
  constexpr std::uint64_t kChunk = 4096;
  for (const auto& [address, bytes] : from) {
    for (std::uint64_t done = 0; done < bytes; done += kChunk) {
      const std::uint64_t n = std::min(kChunk, bytes - done);
      cpu_.load(address + done, n);
      cpu_.store(static_cast<std::uint64_t>(static_cast<std::int64_t>(address + done) + delta), n);
    }
    copied_bytes_ += bytes;
  }
  copy_time_ += cpu_.now() - start;
}

}  // namespace cohsim
