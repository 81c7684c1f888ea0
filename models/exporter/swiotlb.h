#pragma once
// swiotlb bounce buffers (kernel/dma/swiotlb.c, dma-direct): an importer
// whose DMA mask cannot reach a buffer's pages gets its attachment mapped
// into slots of a pool low in memory. The device reads and writes the
// slots; the kernel copies between slots and buffer with a memcpy on the
// core: the whole buffer when the attachment is mapped, the synced bytes
// when a sync reaches the attachment (slots -> buffer for a sync for the
// CPU that reads, buffer -> slots for a sync for the device after a write),
// and back at unmap. For a device that does not snoop, the slots are also
// cleaned after a copy into them and invalidated before a copy out of them
// (arch_sync_dma_* on the slot addresses: the buffer's own lines are only
// ever touched by the core).
//
// The oracle: a slot line holds a copy of a buffer line, so each
// attachment keeps, per buffer line, the version its slots hold. A device
// read of the slots is stale when that version is older than the buffer
// line's newest; a device write makes a new version of the buffer line that
// only the slots hold until a sync for the CPU copies it back. That is how
// a device that imports a buffer from an exporter whose syncs never reach
// its attachment (udmabuf, the uncached heap, upstream vgem's wc-map) reads
// the frame the slots held at map.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "models/common/line_versions.h"
#include "models/cpu/cpu_ops.h"
#include "models/device/dma_agent.h"
#include "models/dmabuf/shared_buffer.h"
#include "models/exporter/params.h"
#include "models/exporter/stats.h"

namespace cohsim {

struct SwiotlbParams : SwiotlbConfig {
  unsigned line_bytes = 64;
  MaintenanceRules rules = MaintenanceRules::arm64;  // arch_sync_dma_* maintains on arm64, is a no-op on x86
};

class Swiotlb {
 public:
  Swiotlb(const SwiotlbParams& params, CpuOps& cpu, LineVersionMap& oracle, StatGroup& stats, const ClockDomain& clock);

  // Whether `device` needs bounce slots to reach `b`.
  static bool bounces(const SharedBuffer& b, const DmaAgent& device) { return !device.reaches(b.base + b.size()); }
  // dma_map for `device`'s attachment of `b`: slots, filled from the buffer.
  // Returns false, mapping nothing, when the pool has no room.
  bool map(const SharedBuffer& b, const DmaAgent& device);
  // Every attachment of `b` whose slots a sync reaches, and `ranges` of the
  // buffer: slots -> buffer (a sync for the CPU before a read), buffer ->
  // slots (a sync for the device after a write). `noncoherent_only`: the
  // sync reaches the attachments of non-snooping devices only.
  void sync_for_cpu(const SharedBuffer& b, const ByteRanges& ranges, bool noncoherent_only);
  void sync_for_device(const SharedBuffer& b, const ByteRanges& ranges, bool noncoherent_only);
  // The buffer is closed: every attachment's slots are copied back and freed.
  void unmap(const SharedBuffer& b);

  // What `device` touches for `ranges` of `b`: its slots if its attachment
  // bounces, else the ranges themselves. A read reports the lines whose
  // slots hold an older version than the buffer's newest to the device as
  // stale (for `frame`); a write makes the lines' new versions, held by
  // the slots alone.
  ByteRanges device_reads(const SharedBuffer& b, DmaAgent& device, const ByteRanges& ranges, std::uint64_t frame);
  ByteRanges device_writes(const SharedBuffer& b, const DmaAgent& device, const ByteRanges& ranges);

 private:
  struct Attachment {
    std::uint64_t slots = 0;  // the address of its first slot
    std::uint64_t bytes = 0;  // whole slots
    bool device_coherent = false;
    LineVersionMap held;  // per buffer line: the version its slots hold
  };
  // (buffer base, device name): attachments in an order that does not
  // depend on where the devices sit in the simulator's memory.
  using Key = std::pair<std::uint64_t, std::string>;

  Attachment* find(const SharedBuffer& b, const DmaAgent& device);
  ByteRanges in_slots(const SharedBuffer& b, const Attachment& a, const ByteRanges& ranges) const;
  // memcpy on the core, with the slots' maintenance for a non-snooping device.
  void copy_in(const SharedBuffer& b, Attachment& a, const ByteRanges& ranges);
  void copy_out(const SharedBuffer& b, Attachment& a, const ByteRanges& ranges);
  void maintain_slots(MemOpKind kind, const ByteRanges& slot_ranges, const Attachment& a);
  // Calls f(attachment) for each attachment of `b`, in device-name order.
  template <class F>
  void for_each_attachment(const SharedBuffer& b, F&& f);

  SwiotlbParams params_;
  CpuOps& cpu_;
  LineVersionMap& oracle_;
  std::map<Key, std::unique_ptr<Attachment>> attachments_;
  std::map<std::uint64_t, std::uint64_t> used_;  // pool offset -> bytes, of the mapped slots
  std::uint64_t in_use_ = 0;
  SwiotlbStats stats_;
};

}  // namespace cohsim
