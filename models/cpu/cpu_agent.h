#pragma once
// A trace-driven CPU core. It does not execute instructions: it replays the
// memory side of a program - loads and stores by byte range, cache maintenance
// by VA range, barriers, compute time - through its mapping types:
//  - WB: cached, through the L1 socket. Up to `mlp` line misses overlap (miss
//    status registers) and as many victim write-backs; hits cost only issue
//    bandwidth (bytes per cycle).
//  - WC: uncached, through the fabric. Stores gather in write-combining
//    buffers. A plain load is its own transaction of its own width, with up
//    to `plain_load_mlp` in flight; only a streaming load (x86 MOVNTDQA, on a
//    core that has them) fetches a whole line into a streaming-load buffer
//    that serves the rest of the line, with `wc_read_mlp` lines in flight.
//  - UC: uncached and strongly ordered: every access (a load of its width, a
//    store of `uc_access_bytes`) waits for the previous one.
// It also keeps the stale-read oracle: every store makes a new line version,
// every load compares the version it got with the newest one.
#include <cstdint>
#include <map>
#include <systemc>
#include <tlm>

#include "models/common/line_versions.h"
#include "models/common/lt_sockets.h"
#include "models/common/mem_op.h"
#include "models/common/outstanding.h"
#include "models/common/stale_observer.h"
#include "models/common/stats.h"
#include "models/cpu/params.h"
#include "models/cpu/stats.h"
#include "models/cpu/write_combiner.h"

namespace cohsim {

// What the core model is given: the platform's settings for it, as read
// (CpuCoreConfig, models/cpu/params.h), and what elaboration derives.
struct CpuParams : CpuCoreConfig {
  const ClockDomain* clock = nullptr;  // required: clock_ghz's clock domain
  unsigned line_bytes = 64;
  // From the core to the point of coherency and back (the caches' lookups and
  // the links down to memory, without the memory itself): when a maintenance
  // operation on a line with nothing to write back completes.
  Tick poc_round_trip = 0;
};

class CpuAgent : public sc_core::sc_module, public LtInitiatorBase {
 public:
  tlm::tlm_initiator_socket<> cached_port;    // to the L1 data cache
  tlm::tlm_initiator_socket<> uncached_port;  // to the fabric (WC and UC accesses)

  CpuAgent(sc_core::sc_module_name name, const CpuParams& params, LineVersionMap& oracle, StatRegistry& stats);

  // Each call starts at `now` and returns when the core may issue its next
  // operation (requests may still be in flight: see drain()).
  Tick load(std::uint64_t address, std::uint64_t bytes, Tick now, LoadShape shape = {});
  Tick store(std::uint64_t address, std::uint64_t bytes, Tick now);
  Tick maintain(MemOpKind kind, std::uint64_t address, std::uint64_t bytes, Tick now);
  Tick barrier(Tick now);
  Tick compute(std::uint64_t cycles, Tick now);
  void set_mapping(std::uint64_t address, std::uint64_t bytes, Mapping mapping);
  // How the core maps the byte at `address` (WB unless set_mapping said otherwise).
  Mapping mapping_at(std::uint64_t address);
  // Waits for everything in flight (the end of the trace); returns that time.
  Tick drain(Tick now);
  // Records when the core's trace ended (the replay started at time 0).
  void record_elapsed(Tick end) { stats_.elapsed = end; }
  // Time the trace left the core with nothing to do (waiting for a frame).
  void record_idle(Tick t) { stats_.idle += t; }

  const CpuParams& params() const { return params_; }
  void set_observer(StaleObserver* observer) { observer_ = observer; }
  // Line accesses issued so far, for simulation-speed figures.
  std::uint64_t line_operations() const { return stats_.loads + stats_.stores + stats_.maintenance_lines; }

 private:
  // Splits [address, address+bytes) at mapping boundaries and calls f(start, len, mapping).
  template <class F>
  void for_each_mapped(std::uint64_t address, std::uint64_t bytes, F&& f);
  Tick cached_access(bool is_store, std::uint64_t address, std::uint64_t bytes, Tick now);
  Tick wc_streaming_load(std::uint64_t address, std::uint64_t bytes, Tick now);
  // Transactions of `chunk` bytes each: plain WC loads (`slots` bound those in
  // flight) or UC accesses (no slots: each waits for the previous one).
  Tick uncached_accesses(bool is_store, std::uint64_t address, std::uint64_t bytes, unsigned chunk, Outstanding* slots, Tick now);
  Tick wc_store(std::uint64_t address, std::uint64_t bytes, Tick now);
  // One uncached transaction; returns its completion.
  Tick uncached(MemOpKind kind, std::uint64_t address, unsigned bytes, Version version, bool full_line, Tick now, Version* served = nullptr);
  Tick flush_wc(const WriteCombiner::Flush& f, Tick now);
  void check_read(std::uint64_t line, Version served);
  Tick issue_cost(bool is_store, std::uint64_t bytes) const;

  CpuParams params_;
  const Clock clock_;
  LineVersionMap& oracle_;
  StaleObserver* observer_ = nullptr;
  OpPayload payload_;
  Outstanding misses_;         // WB line misses in flight
  Outstanding writebacks_;     // victims on their way to memory (the core stalls when all slots are taken)
  Outstanding wc_reads_;       // streaming-load line fills in flight
  Outstanding plain_reads_;    // plain WC loads in flight
  Outstanding wc_writes_;      // WC buffers on their way to memory
  Tick maintenance_done_ = 0;  // write-backs started by maintenance complete by then
  Tick loads_done_ = 0;        // the data of every load that hit has arrived by then (a barrier waits for it)
  WriteCombiner combiner_;
  std::uint64_t wc_read_buffer_line_ = ~0ull;  // line held by the streaming read buffer
  Version wc_read_buffer_version_ = 0;
  // start address -> (end address, mapping); unmapped memory is WB
  std::map<std::uint64_t, std::pair<std::uint64_t, Mapping>> mappings_;

  CpuStats stats_;
};

}  // namespace cohsim
