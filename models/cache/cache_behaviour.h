#pragma once
// A set-associative, write-back, write-allocate cache with true LRU, as a
// plain class: the policy and its statistics, no SystemC. The Cache module
// wraps it with TLM sockets; the bare-lookup benchmark chains cores directly
// (direct_sinks.h), and the random coherence tester reads their tag arrays.
//
// Inclusion and the write-miss rule: models/cache/params.h.
#include <cstdint>
#include <memory>
#include <vector>

#include "models/cache/miss_classifier.h"
#include "models/cache/params.h"
#include "models/cache/prefetcher.h"
#include "models/cache/stats.h"
#include "models/cache/tag_array.h"
#include "models/common/mem_request.h"
#include "models/common/stats.h"

namespace cohsim {

// What a cache level is given: its settings as read (CacheLevelConfig), and
// what elaboration derives from the platform.
struct CacheParams : CacheLevelConfig {
  unsigned line_bytes = 64;      // the platform's line size
  Tick lookup_latency = 0;       // latency_cycles at the core's clock
  bool classify_misses = false;  // keep the 3C split (MissClassifier): opt-in, it costs a lookup per reference

  TagArray::Params geometry() const { return TagArray::Params{size, ways, line_bytes}; }
};

// What a cache sends its misses and victims to: the next level, or memory
// through the fabric.
class LineSink {
 public:
  virtual ~LineSink() = default;
  // Reads `line` for the level above: sets req.version and req.dirty, and adds
  // to req.levels_missed and req.writeback_done. Returns when the data arrives.
  virtual Tick fetch(std::uint64_t line, Tick t, MemRequest& req) = 0;
  // Writes a victim or cleaned line; returns when it, and whatever it
  // displaced further down, has been absorbed.
  virtual Tick write_back(std::uint64_t line, Version v, bool dirty, Tick t) = 0;
};

class CacheBehaviour {
 public:
  CacheBehaviour(const CacheParams& params, StatGroup& stats);
  CacheBehaviour(const CacheBehaviour&) = delete;
  CacheBehaviour& operator=(const CacheBehaviour&) = delete;

  // `below_cache` is the core behind `sink` when the next level is a cache
  // (null when it is memory): maintenance and exclusivity need to see it.
  void connect_below(LineSink* sink, CacheBehaviour* below_cache);
  void add_above(CacheBehaviour* above) { above_.push_back(above); }

  // One line arriving at time t (the lookup latency is added here); return
  // when its data is there.
  Tick read_line(std::uint64_t line, MemRequest& req, Tick t);
  Tick write_line(std::uint64_t line, MemRequest& req, Tick t);
  // A victim or cleaned line from the level above.
  void accept_writeback(std::uint64_t line, MemRequest& req, Tick t);
  // A core's range access (req.core_range()), line by line, from its start.
  void walk_core_range(std::uint64_t address, MemRequest& req);
  // Maintenance by VA to the point of coherency: this level and every level
  // below. Returns when the last write-back it started has been absorbed.
  Tick maintain(std::uint64_t first_line, MemRequest& req);

  // Writes every dirty line back, one per `interval` from `t`, and drops every
  // line if `invalidate`; returns when the last write-back was absorbed. (A
  // device cache flushed at the end of a job, invalidated at the start of one.)
  Tick clean_all(Tick t, Tick interval, bool invalidate);
  // DineroIV's end of run: every dirty line written to the level below
  // (highest set first, least recently used first within a set, the order
  // its whole-cache copy-back reaches the next level), kept valid and clean.
  // Counted in end_flush_writebacks; its time is not charged.
  void flush_dirty_at_end(Tick t);
  unsigned level() const { return params_.level; }

  struct SnoopResult {
    bool found = false;
    bool dirty = false;
    Version version = 0;
  };
  // The newest copy of `line` held here or in any cache above.
  SnoopResult snoop_read(std::uint64_t line);
  // Drops every copy of `line` here and above; reports what was dropped.
  SnoopResult snoop_invalidate(std::uint64_t line);
  // A coherent device writes the whole line into this cache, which it shares
  // with the cores: the copies above are dropped, this one holds the new
  // data, dirty (a victim goes below). Returns when the write is done.
  Tick device_write(std::uint64_t line, Version version, Tick t);

  // A fill the trace does not show (a prefetcher's or a speculative load's,
  // which a core may make to any line it maps cacheable at any time): when no
  // level from here down holds `line`, it is filled clean, holding `version`,
  // into every level a demand read fills. Returns whether it filled. Costs no
  // time; its victims are evicted as any fill's are.
  bool speculative_fill(std::uint64_t line, Version version, Tick t);

  void record_end_state();
  const TagArray& tags() const { return tags_; }
  const CacheParams& params() const { return params_; }

 private:
  Tick read_miss(std::uint64_t line, MemRequest& req, Tick t);
  Tick write_miss(std::uint64_t line, MemRequest& req, Tick t);
  Tick core_line(std::uint64_t line, unsigned bytes, CoreRange& core, Tick t, bool is_write);
  // Maintenance (cache_maintenance.cpp): the held lines of a range, and one of them.
  void find_range_hits(std::uint64_t first, std::uint64_t count);
  Tick maintain_held_line(std::uint64_t line, MemOpKind kind, Tick issue, MaintenanceRange& range);
  // Empties a slot: writes back its line if dirty (back-invalidating the
  // levels above if this cache is inclusive); records in req when the
  // write-back has been absorbed.
  void evict(TagArray::Slot victim, Tick t, MemRequest& req);
  SnoopResult collect(std::uint64_t line, bool drop);
  bool below_is_exclusive() const { return below_cache_ && below_cache_->params_.inclusion == Inclusion::exclusive; }

  CacheParams params_;
  TagArray tags_;
  unsigned line_bytes_;
  LineSink* sink_ = nullptr;
  CacheBehaviour* below_cache_ = nullptr;
  std::vector<CacheBehaviour*> above_;
  MemRequest line_req_;                    // per-line scratch of walk_core_range
  std::vector<std::uint64_t> range_hits_;  // scratch of maintain: the offsets of the lines some level holds
  std::vector<CacheBehaviour*> chain_;     // this level and those below (built on first maintenance, after wiring)

  CacheStats n_;
  std::unique_ptr<MissClassifier> classes_;  // null unless params.classify_misses

  // The hardware prefetcher (null unless params.prefetch asks for one).
  struct Prefetch {
    Prefetch(const PrefetchConfig& p, unsigned line_bytes, TagArray::Slot slots, StatGroup& g);
    Prefetcher decisions;
    Outstanding queue;                 // prefetches in flight
    std::vector<Tick> ready;           // per slot: when a prefetched line's data arrives
    std::vector<std::uint64_t> lines;  // scratch: what the prefetcher asked for
    PrefetchStats n;
  };
  std::unique_ptr<Prefetch> prefetch_;
  std::unique_ptr<Outstanding> mshrs_;  // null unless params.mshrs
  // The time at or after `t` when a fetch from below may start (a register free).
  Tick fetch_slot(Tick t) { return mshrs_ ? mshrs_->slot_free_at(t) : t; }
  void fetch_started(Tick done) {
    if (mshrs_) mshrs_->add(done);
  }
  // A demand access at `t` found its line in `slot`. If the slot holds a
  // prefetched line used now for the first time, counts it and returns true
  // with `ready` set to when its data arrives (after t if the prefetch is
  // still in flight); the caller then calls prefetch_after(), once it is
  // done with the slot (a prefetch's fill may evict anything).
  bool first_use_of_prefetch(TagArray::Slot slot, Tick t, Tick& ready);
  // Trains the prefetcher on a demand access to `line` at `t` (a miss that
  // fetched, or the first use of a prefetched line) and issues what it asks for.
  void prefetch_after(std::uint64_t line, bool prefetched, Tick t);
  void issue_prefetches(Tick t);
  void referenced(std::uint64_t line, bool is_write, bool missed, bool allocates = true) {
    if (classes_) [[unlikely]]
      classes_->reference(line, is_write, missed, allocates);
  }
};

}  // namespace cohsim
