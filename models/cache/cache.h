#pragma once
// A set-associative, write-back, write-allocate cache with true LRU, as a
// SystemC module with one TLM target socket (from the core or the level
// above) and one initiator socket (to the level below or the fabric).
//
// Inclusion is with respect to the caches above:
//  - inclusive: evicting a line back-invalidates it above (newest data kept);
//  - non-inclusive: lines come and go independently (DineroIV's behaviour);
//  - exclusive: a line lives here or above, not both: a hit moves the line up,
//    fills from below bypass this cache, and the caches above send every
//    victim (clean or dirty) down into it.
// Coherent devices reach the CPU caches through snoop_read/snoop_invalidate:
// direct calls from the fabric, since the TLM base protocol has no snoops.
#include <cstdint>
#include <string>
#include <vector>

#include <systemc>
#include <tlm>

#include "models/cache/tag_array.h"
#include "models/common/link.h"
#include "models/common/lt_sockets.h"
#include "models/common/mem_op.h"
#include "models/common/stats.h"

namespace cohsim {

enum class Inclusion { inclusive, non_inclusive, exclusive };

struct CacheParams {
  TagArray::Params geometry;
  unsigned level = 1;
  Tick lookup_latency = 0;  // added on top of the levels above
  Inclusion inclusion = Inclusion::non_inclusive;
  bool fetch_on_full_line_write = true;  // false: write streaming (no fetch when a store covers the line)
  LinkParams downstream_link;
  const ClockDomain* clock = nullptr;  // the domain its latency is counted in
};

class Cache : public sc_core::sc_module, public LtTargetBase, public LtInitiatorBase {
 public:
  tlm::tlm_target_socket<32, tlm::tlm_base_protocol_types, 0> upstream;
  tlm::tlm_initiator_socket<> downstream;

  Cache(sc_core::sc_module_name name, const CacheParams& params, StatRegistry& stats);

  // Wiring done by the elaborator, besides the sockets.
  void add_upstream_cache(Cache* above) { above_.push_back(above); }
  void set_downstream_cache(Cache* below) { below_cache_ = below; }

  struct SnoopResult {
    bool found = false;
    bool dirty = false;
    Version version = 0;
  };
  // The newest copy of `line` held here or in any cache above.
  SnoopResult snoop_read(std::uint64_t line);
  // Drops every copy of `line` here and above; reports what was dropped.
  SnoopResult snoop_invalidate(std::uint64_t line);

  void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) override;

  // Snapshots what the cache holds at the end of the run into its statistics.
  void record_end_state();

  const TagArray& tags() const { return tags_; }
  const CacheParams& params() const { return params_; }

 private:
  void read(tlm::tlm_generic_payload& p, MemOp& op, Tick t, sc_core::sc_time& delay);
  void write(tlm::tlm_generic_payload& p, MemOp& op, Tick t, sc_core::sc_time& delay);
  void accept_writeback(MemOp& op, std::uint64_t line, Tick t);
  void maintain(tlm::tlm_generic_payload& p, MemOp& op, sc_core::sc_time& delay);
  // Empties a slot: writes back its line if dirty (back-invalidating the
  // levels above if this cache is inclusive). Records in `op` when the
  // write-back completes.
  void evict(TagArray::Slot victim, Tick t, MemOp& op);
  // Asks the level below for `line` on behalf of `op`; returns when it arrives.
  Tick fetch(std::uint64_t line, Tick t, MemOp& op, Version& version, bool& dirty);
  // Sends a victim or a cleaned line down; returns when it has been absorbed.
  Tick write_down(std::uint64_t line, Version v, bool dirty, Tick t);
  SnoopResult collect(std::uint64_t line, bool drop);
  bool below_is_exclusive() const { return below_cache_ && below_cache_->params_.inclusion == Inclusion::exclusive; }

  CacheParams params_;
  TagArray tags_;
  Link link_;
  unsigned line_bytes_;
  std::vector<Cache*> above_;
  Cache* below_cache_ = nullptr;
  OpPayload fetch_payload_;
  OpPayload victim_payload_;
  std::vector<std::uint64_t> range_hits_;  // scratch for maintenance walks

  struct Counters {
    std::uint64_t &read_hits, &read_misses, &write_hits, &write_misses;
    std::uint64_t &writebacks_in, &writebacks_out, &evictions, &back_invalidations;
    std::uint64_t &snoop_hits, &snoop_invalidations;
    std::uint64_t &maintenance_lines_present, &maintenance_dirty_written, &maintenance_dirty_discarded;
    std::uint64_t &valid_at_end, &dirty_at_end;
  } n_;
};

}  // namespace cohsim
