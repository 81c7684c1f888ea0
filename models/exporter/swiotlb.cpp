#include "models/exporter/swiotlb.h"

#include <algorithm>
#include <vector>

#include "models/common/line_ranges.h"

namespace cohsim {

Swiotlb::Swiotlb(const SwiotlbParams& params, CpuOps& cpu, LineVersionMap& oracle, StatGroup& stats, const ClockDomain& clock)
    : params_(params),
      cpu_(cpu),
      oracle_(oracle),
      stats_(stats, clock) {}

Swiotlb::Attachment* Swiotlb::find(const SharedBuffer& b, const DmaAgent& device) {
  const auto it = attachments_.find({b.base, device.basename()});
  return it == attachments_.end() ? nullptr : it->second.get();
}

template <class F>
void Swiotlb::for_each_attachment(const SharedBuffer& b, F&& f) {
  for (auto it = attachments_.lower_bound({b.base, std::string()}); it != attachments_.end() && it->first.first == b.base; ++it) f(*it->second);
}

ByteRanges Swiotlb::in_slots(const SharedBuffer& b, const Attachment& a, const ByteRanges& ranges) const {
  ByteRanges out;
  out.reserve(ranges.size());
  for (const auto& [address, bytes] : ranges) out.emplace_back(address - b.base + a.slots, bytes);
  return out;
}

bool Swiotlb::map(const SharedBuffer& b, const DmaAgent& device) {
  if (find(b, device) != nullptr) return true;  // mapped once per attachment
  // First fit over the pool, in whole slots. (The kernel maps each
  // scatter-gather segment apart; where the slots lie changes no figure
  // but the DRAM rows the device opens.)
  const std::uint64_t bytes = (b.size() + kSwiotlbSlotBytes - 1) / kSwiotlbSlotBytes * kSwiotlbSlotBytes;
  std::uint64_t offset = 0;
  for (const auto& [at, n] : used_) {
    if (at - offset >= bytes) break;
    offset = at + n;
  }
  if (offset + bytes > params_.pool_bytes) return false;
  used_.emplace(offset, bytes);
  in_use_ += bytes;
  stats_.peak_pool_bytes = std::max(stats_.peak_pool_bytes, in_use_);
  ++stats_.mappings;
  auto& a = attachments_[{b.base, device.basename()}];
  a = std::make_unique<Attachment>();
  a->slots = kSwiotlbPoolBase + offset;
  a->bytes = bytes;
  a->device_coherent = device.coherent();
  // swiotlb_tbl_map_single copies whatever the direction, so that a device
  // that writes part of the buffer leaves the rest as it was.
  copy_in(b, *a, b.rows({}, b.base));
  return true;
}

void Swiotlb::maintain_slots(MemOpKind kind, const ByteRanges& slot_ranges, const Attachment& a) {
  if (a.device_coherent || params_.rules != MaintenanceRules::arm64) return;
  for (const auto& [address, bytes] : slot_ranges) cpu_.maintain(kind, address, bytes);
  cpu_.barrier();
}

void Swiotlb::copy_in(const SharedBuffer& b, Attachment& a, const ByteRanges& ranges) {
  CoreSpan span(cpu_, kExporterTrack, "swiotlb", "bounce " + b.name + " to its slots", &stats_.bounce_time);
  const ByteRanges slots = in_slots(b, a, ranges);
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    copy_on_core(cpu_, ranges[i].first, slots[i].first, ranges[i].second);
    stats_.bounced_bytes += ranges[i].second;
  }
  ++stats_.copies;
  maintain_slots(MemOpKind::clean, slots, a);  // arch_sync_dma_for_device
  // The slots now hold what the buffer held.
  for_each_line(ranges, params_.line_bytes, [&](std::uint64_t l) { a.held.set(l, oracle_.get(l)); });
}

void Swiotlb::copy_out(const SharedBuffer& b, Attachment& a, const ByteRanges& ranges) {
  CoreSpan span(cpu_, kExporterTrack, "swiotlb", "bounce " + b.name + " from its slots", &stats_.bounce_time);
  const ByteRanges slots = in_slots(b, a, ranges);
  maintain_slots(MemOpKind::invalidate, slots, a);  // arch_sync_dma_for_cpu
  // What the buffer held before the copy, to tell whether the slots' data
  // was older: then the copy wrote old bytes over newer ones.
  std::vector<std::pair<std::uint64_t, Version>> newest;
  for_each_line(ranges, params_.line_bytes, [&](std::uint64_t l) {
    if (newest.empty() || newest.back().first != l) newest.emplace_back(l, oracle_.get(l));
  });
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    copy_on_core(cpu_, slots[i].first, ranges[i].first, ranges[i].second);
    stats_.bounced_bytes += ranges[i].second;
  }
  ++stats_.copies;
  // The core's stores made each line's next version; it carries the slots'
  // data, which is the newest only if the slots held the newest.
  for (const auto& entry : newest) {
    const std::uint64_t l = entry.first;  // named copies: a lambda below captures them
    const Version before = entry.second;
    const Version made = oracle_.get(l);
    const Version held = a.held.get(l);
    oracle_.merge_partial(l, held == before ? made - 1 : held, made);
    a.held.set(l, made);
    // Copied from slots that held the newest data, the buffer holds the same
    // bytes as before: other slots that held them still do.
    if (held == before)
      for_each_attachment(b, [&](Attachment& other) {
        if (other.held.get(l) == before) other.held.set(l, made);
      });
  }
}

void Swiotlb::sync_for_cpu(const SharedBuffer& b, const ByteRanges& ranges, bool noncoherent_only) {
  for_each_attachment(b, [&](Attachment& a) {
    if (!noncoherent_only || !a.device_coherent) copy_out(b, a, ranges);
  });
}

void Swiotlb::sync_for_device(const SharedBuffer& b, const ByteRanges& ranges, bool noncoherent_only) {
  for_each_attachment(b, [&](Attachment& a) {
    if (!noncoherent_only || !a.device_coherent) copy_in(b, a, ranges);
  });
}

void Swiotlb::unmap(const SharedBuffer& b) {
  auto it = attachments_.lower_bound({b.base, std::string()});
  while (it != attachments_.end() && it->first.first == b.base) {
    Attachment& a = *it->second;
    // swiotlb_tbl_unmap_single copies back for a mapping the device may
    // have written (dma-buf attachments map DMA_BIDIRECTIONAL).
    copy_out(b, a, b.rows({}, b.base));
    used_.erase(a.slots - kSwiotlbPoolBase);
    in_use_ -= a.bytes;
    it = attachments_.erase(it);
  }
}

ByteRanges Swiotlb::device_reads(const SharedBuffer& b, DmaAgent& device, const ByteRanges& ranges, std::uint64_t frame) {
  Attachment* a = find(b, device);
  if (a == nullptr) return ranges;
  for_each_line(ranges, params_.line_bytes, [&](std::uint64_t l) {
    if (oracle_.stale(l, a->held.get(l))) device.record_stale_read(l, frame);
  });
  return in_slots(b, *a, ranges);
}

ByteRanges Swiotlb::device_writes(const SharedBuffer& b, const DmaAgent& device, const ByteRanges& ranges) {
  Attachment* a = find(b, device);
  if (a == nullptr) return ranges;
  for_each_line(ranges, params_.line_bytes, [&](std::uint64_t l) { a->held.set(l, oracle_.bump(l)); });
  return in_slots(b, *a, ranges);
}

}  // namespace cohsim
