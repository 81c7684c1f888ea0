#pragma once
// What a memory request means, as plain data: the kind of operation, the
// oracle's data versions (in place of data bytes), and for range operations
// the range and the rate at which the core issues it. The TLM extension MemOp
// carries one between SystemC modules; the plain model cores (CacheBehaviour,
// MemoryBehaviour) take it directly, which is how the bare-lookup benchmark
// drives them without a kernel.
#include <cstdint>
#include <variant>

#include "models/common/line_versions.h"
#include "models/common/mem_op_kind.h"
#include "models/common/outstanding.h"
#include "models/common/stale_observer.h"
#include "models/common/time.h"

namespace cohsim {

class IoTlb;

// A core's load or store of a whole byte range, sent as one request to its
// first-level cache, which walks it line by line (DESIGN: bulk work travels
// as one transaction). The core's miss registers and write-back slots travel
// with it: they are the L1's fill and victim buffers.
struct CoreRange {
  std::uint64_t bytes = 0;
  Outstanding* misses = nullptr;
  Outstanding* writebacks = nullptr;
  LineVersionMap* oracle = nullptr;
  StaleObserver* observer = nullptr;  // told of every stale line (may be null)
  const char* agent = "";             // the reading core's name, for the observer
  Tick cycle = 0;                     // the core's clock period
  unsigned bytes_per_cycle = 1;       // issue bandwidth for this kind of access
  Tick start = 0;                     // when the first line is issued
  // out
  Tick next_issue = 0;  // when the core may issue its next operation
  Tick stall = 0;       // time spent waiting for miss or write-back slots
  Tick loads_done = 0;  // when the data of the last load that hit has arrived (a barrier waits for it)
  std::uint64_t lines = 0;
  std::uint64_t stale_reads = 0;   // lines read at an older version than the newest
  std::uint64_t stale_merges = 0;  // partial stores merged into a stale copy
};

class Link;

// A device's DMA over a run of lines, sent as one request to its fabric,
// which walks it line by line: the device's request slots and its link travel
// with it (the same "bulk work as one transaction" as CoreRange).
struct DeviceRange {
  std::uint64_t first_line = 0;
  std::uint64_t lines = 0;
  bool is_write = false;
  Outstanding* in_flight = nullptr;
  Link* link = nullptr;  // the device's link to the fabric
  Tick period = 0;       // the device issues one line per period
  Tick start = 0;
  LineVersionMap* oracle = nullptr;
  StaleObserver* observer = nullptr;
  const char* agent = "";
  std::uint64_t frame = 0;
  // A write that copies data written elsewhere first (a host copy back into
  // guest memory): each line carries its newest version instead of a new one.
  bool copies_current = false;
  IoTlb* iotlb = nullptr;  // the device's IOMMU, which translates each line's address first (null: none)
  // out
  Tick next_issue = 0;
  std::uint64_t stale_reads = 0;
};

// A core's cache maintenance by VA over a run of lines (clean, invalidate,
// clean+invalidate), sent as one request to its first-level cache, which
// walks its own tags and those below it. Every line's operation holds one of
// `slots` (the core's miss registers) until it completes at the point of
// coherency: a round trip for a line with nothing to write back, its
// write-back otherwise.
struct MaintenanceRange {
  std::uint64_t lines = 0;
  Tick line_interval = 0;  // the core issues one line operation per interval
  Tick start = 0;          // when the first line is issued
  Outstanding* slots = nullptr;
  Tick poc_round_trip = 0;
  // out
  std::uint64_t lines_written_back = 0;  // dirty lines written to memory
  Tick issued = 0;                       // when the core may issue its next operation
};

struct MemRequest {
  MemOpKind kind = MemOpKind::read;
  // --- one line (address and length in the TLM payload)
  Version version = 0;             // write/writeback: the version written; read: out, the version served
  Version prior_version = 0;       // write: out, the version a partial write merged into
  bool full_line = false;          // write: covers the whole line, so no fetch is needed
  bool dirty = false;              // writeback: the line is dirty; read from an exclusive cache: out, it came dirty
  bool coherent = false;           // snoops the CPU caches (an IO-coherent device, x86 self-snoop)
  bool allocates = false;          // coherent whole-line write: lands in the snoop cache (a GPU sharing the LLC)
  bool self_snoop = false;         // the core's own WC/UC access: a cached copy is flushed first, then memory serves it
  std::uint8_t levels_missed = 0;  // out: how many caches missed on the way
  Tick writeback_done = 0;         // out: when the victims this access evicted have been absorbed below
  // --- what a request covers beyond one line, if anything: a core's range
  // access (read or write; the address is its first byte), a device's run of
  // lines (at the fabric) or a maintenance range (the address is its first
  // line's). The sender owns the range and reads its outputs there.
  std::variant<std::monostate, CoreRange*, DeviceRange*, MaintenanceRange*> range;
  CoreRange* core_range() const { return holds<CoreRange>(); }
  DeviceRange* device_range() const { return holds<DeviceRange>(); }
  MaintenanceRange* maintenance_range() const { return holds<MaintenanceRange>(); }

  // Clears the per-line outputs before a request is reused for another line.
  void reset_line(MemOpKind k) {
    kind = k;
    version = prior_version = 0;
    full_line = dirty = coherent = allocates = self_snoop = false;
    levels_missed = 0;
    writeback_done = 0;
  }

 private:
  template <class R>
  R* holds() const {
    R* const* r = std::get_if<R*>(&range);
    return r != nullptr ? *r : nullptr;
  }
};

}  // namespace cohsim
