#include "models/cache/cache_behaviour.h"

#include <algorithm>

#include "models/cache/fetch_below.h"

namespace cohsim {

CacheBehaviour::CacheBehaviour(const CacheParams& params, StatGroup& g)
    : params_(params),
      tags_(params.geometry()),
      line_bytes_(params.line_bytes),
      n_(g) {
  if (params_.classify_misses) classes_ = std::make_unique<MissClassifier>(tags_.slots(), g);
  if (params_.prefetch.kind != PrefetchKind::none) prefetch_ = std::make_unique<Prefetch>(params_.prefetch, params_.line_bytes, tags_.slots(), g);
  if (params_.mshrs > 0) mshrs_ = std::make_unique<Outstanding>(params_.mshrs);
}

void CacheBehaviour::connect_below(LineSink* sink, CacheBehaviour* below_cache) {
  sink_ = sink;
  below_cache_ = below_cache;
}

void CacheBehaviour::record_end_state() {
  n_.valid_lines_at_end = tags_.valid_lines();
  n_.dirty_lines_at_end = tags_.dirty_lines();
  if (prefetch_) {
    prefetch_->n.prefetch_useless = tags_.prefetches_dropped_unused();
    prefetch_->n.prefetched_unused_at_end = tags_.prefetched_lines_unused();
  }
}

void CacheBehaviour::walk_core_range(std::uint64_t address, MemRequest& req) {
  CoreRange& core = *req.core_range();
  const bool is_write = req.kind == MemOpKind::write;
  const std::uint64_t end = address + core.bytes;
  Tick t = core.start;
  const Tick full_line_issue = core.cycle * ((line_bytes_ + core.bytes_per_cycle - 1) / core.bytes_per_cycle);
  for (std::uint64_t line = address / line_bytes_; line * line_bytes_ < end; ++line) {
    const std::uint64_t from = std::max(address, line * line_bytes_);
    const auto n = static_cast<unsigned>(std::min(end, (line + 1) * line_bytes_) - from);
    t = core_line(line, n, core, t, is_write);
    t += n == line_bytes_ ? full_line_issue : core.cycle * ((n + core.bytes_per_cycle - 1) / core.bytes_per_cycle);
  }
  core.next_issue = t;
}

// One line of a core range access; returns when the core may issue the next
// line (before its own issue cost).
Tick CacheBehaviour::core_line(std::uint64_t line, unsigned bytes, CoreRange& core, Tick t, bool is_write) {
  ++core.lines;
  const TagArray::Slot slot = tags_.find(line);
  if (slot != TagArray::kNone && params_.inclusion != Inclusion::exclusive) {
    // A hit: served in the pipeline, even while misses are outstanding.
    tags_.touch(slot);
    referenced(line, is_write, false);
    Tick data = t + params_.lookup_latency;
    bool trains = false;
    if (prefetch_) [[unlikely]] {
      Tick ready = data;
      trains = first_use_of_prefetch(slot, data, ready);
      if (ready > data) {
        // A prefetch still in flight: the access merges into its fill and
        // holds a miss register until the data arrives.
        const Tick issue = core.misses->slot_free_at(t);
        core.stall += issue - t;
        t = issue;
        core.misses->add(ready);
        data = ready;
      }
    }
    if (is_write) {
      ++n_.write_hits;
      const Version v = core.oracle->bump(line);
      if (bytes != line_bytes_ && core.oracle->merge_partial(line, tags_.version(slot), v)) ++core.stale_merges;
      tags_.set_version(slot, v);
      tags_.set_dirty(slot, true);
    } else {
      ++n_.read_hits;
      core.loads_done = std::max(core.loads_done, data);
      if (core.oracle->stale(line, tags_.version(slot))) {
        ++core.stale_reads;
        if (core.observer) core.observer->on_stale_read(core.agent, line, StaleObserver::kNow);
      }
    }
    if (trains) [[unlikely]]
      prefetch_after(line, /*prefetched=*/true, t + params_.lookup_latency);
    return t;
  }

  // A miss needs a free miss register; the core waits for one.
  const Tick issue = core.misses->slot_free_at(t);
  core.stall += issue - t;
  t = issue;

  MemRequest& req = line_req_;
  req.reset_line(is_write ? MemOpKind::write : MemOpKind::read);
  const bool missed = slot == TagArray::kNone;  // else: a hit in an exclusive L1, handled in full below
  const Tick looked_up = t + params_.lookup_latency;
  Tick done;
  if (is_write) {
    req.full_line = (bytes == line_bytes_);
    req.version = core.oracle->bump(line);
    done = missed ? write_miss(line, req, looked_up) : write_line(line, req, t);
    if (!req.full_line && core.oracle->merge_partial(line, req.prior_version, req.version)) ++core.stale_merges;
  } else {
    done = missed ? read_miss(line, req, looked_up) : read_line(line, req, t);
    if (core.oracle->stale(line, req.version)) {
      ++core.stale_reads;
      if (core.observer) core.observer->on_stale_read(core.agent, line, StaleObserver::kNow);
    }
  }
  if (req.levels_missed > 0) core.misses->add(done);
  // The prefetcher learns from misses that fetched (a whole-line store that
  // allocates or streams without a fetch needs no line ahead of it).
  if (prefetch_ && missed && (!is_write || (!req.full_line || params_.full_line_write_miss == FullLineWrite::fetch))) [[unlikely]]
    prefetch_after(line, /*prefetched=*/false, looked_up);
  if (req.writeback_done != 0) {
    // Write-backs are posted, but into a bounded buffer: a core that evicts
    // faster than memory drains stalls here.
    const Tick slot_free = core.writebacks->slot_free_at(t);
    core.stall += slot_free - t;
    t = slot_free;
    core.writebacks->add(req.writeback_done);
  }
  return t;
}

Tick CacheBehaviour::read_line(std::uint64_t line, MemRequest& op, Tick t) {
  t += params_.lookup_latency;
  const TagArray::Slot slot = tags_.find(line);
  if (slot == TagArray::kNone) [[unlikely]]
    return read_miss(line, op, t);
  ++n_.read_hits;
  referenced(line, false, false, params_.inclusion != Inclusion::exclusive);
  op.version = tags_.version(slot);
  if (params_.inclusion == Inclusion::exclusive) {
    // The line moves up: the level above now holds it (dirty if it was dirty here).
    op.dirty = tags_.dirty(slot);
    tags_.invalidate(slot);
  } else {
    op.dirty = false;
    tags_.touch(slot);
  }
  if (prefetch_) [[unlikely]] {
    Tick ready = t;
    if (first_use_of_prefetch(slot, t, ready)) prefetch_after(line, /*prefetched=*/true, t);
    return ready;
  }
  return t;
}

Tick CacheBehaviour::read_miss(std::uint64_t line, MemRequest& op, Tick t) {
  ++n_.read_misses;
  ++op.levels_missed;
  referenced(line, false, true, params_.inclusion != Inclusion::exclusive);
  Version version = 0;
  bool dirty = false;
  if (params_.inclusion == Inclusion::exclusive) {
    // Fills bypass an exclusive cache.
    const Tick done = fetch_below_impl(*sink_, line, t, op, version, dirty);
    op.version = version;
    op.dirty = dirty;
    return done;
  }
  // The fill request goes first (it is what the core waits for); the victim,
  // chosen now, is written back once the fill has been requested - the order
  // DineroIV uses too.
  const TagArray::Slot slot_for_fill = tags_.victim_for(line);
  t = fetch_slot(t);
  const Tick done = fetch_below_impl(*sink_, line, t, op, version, dirty);
  fetch_started(done);
  evict(slot_for_fill, t, op);
  tags_.fill(slot_for_fill, line, version, dirty);
  op.version = version;
  op.dirty = false;
  if (prefetch_) [[unlikely]]
    prefetch_after(line, /*prefetched=*/false, t);
  return done;
}

Tick CacheBehaviour::write_line(std::uint64_t line, MemRequest& op, Tick t) {
  t += params_.lookup_latency;
  const TagArray::Slot slot = tags_.find(line);
  if (slot == TagArray::kNone) [[unlikely]]
    return write_miss(line, op, t);
  ++n_.write_hits;
  referenced(line, true, false);
  op.prior_version = tags_.version(slot);
  tags_.set_version(slot, op.version);
  tags_.set_dirty(slot, true);
  tags_.touch(slot);
  return t;
}

Tick CacheBehaviour::write_miss(std::uint64_t line, MemRequest& op, Tick t) {
  ++n_.write_misses;
  ++op.levels_missed;
  const bool streams = op.full_line && params_.full_line_write_miss == FullLineWrite::stream;
  referenced(line, true, true, !streams);
  if (streams) {
    // Write streaming: the line goes on to the level below like a victim;
    // the store is done once it has been accepted.
    ++n_.write_streamed;
    op.prior_version = op.version - 1;
    op.writeback_done = std::max(op.writeback_done, sink_->write_back(line, op.version, true, t));
    return t;
  }
  const TagArray::Slot slot_for_fill = tags_.victim_for(line);
  Tick done = t;
  if (!op.full_line || params_.full_line_write_miss == FullLineWrite::fetch) {
    // Write-allocate: fetch the line, merge the store into it.
    Version fetched = 0;
    bool dirty = false;
    done = fetch_below_impl(*sink_, line, fetch_slot(t), op, fetched, dirty);
    fetch_started(done);
    op.prior_version = fetched;
  } else {
    op.prior_version = op.version - 1;  // a whole-line store merges with nothing
  }
  evict(slot_for_fill, t, op);
  tags_.fill(slot_for_fill, line, op.version, true);
  return done;
}

void CacheBehaviour::accept_writeback(std::uint64_t line, MemRequest& op, Tick t) {
  ++n_.writebacks_received;
  const TagArray::Slot slot = tags_.find(line);
  // A dirty line written back from above is a write to this level, a hit or
  // a miss (allocated without a fetch), as DineroIV counts it; a clean victim
  // filling an exclusive level is not.
  if (op.dirty) {
    ++(slot != TagArray::kNone ? n_.write_hits : n_.write_misses);
    referenced(line, true, slot == TagArray::kNone);
  }
  if (slot != TagArray::kNone) {
    if (op.dirty) {
      tags_.set_version(slot, op.version);
      tags_.set_dirty(slot, true);
    }
    tags_.touch(slot);
    return;
  }
  const TagArray::Slot slot_for_fill = tags_.victim_for(line);
  evict(slot_for_fill, t, op);
  tags_.fill(slot_for_fill, line, op.version, op.dirty);
}

void CacheBehaviour::evict(TagArray::Slot victim, Tick t, MemRequest& op) {
  // The fill request may have emptied the slot meanwhile (an inclusive level
  // below back-invalidated it, taking its dirty data along).
  if (tags_.valid(victim)) {
    ++n_.evictions;
    const std::uint64_t victim_line = tags_.line_of(victim);
    bool victim_dirty = tags_.dirty(victim);
    Version victim_version = tags_.version(victim);
    if (params_.inclusion == Inclusion::inclusive) {
      for (CacheBehaviour* above : above_) {
        const SnoopResult r = above->collect(victim_line, /*drop=*/true);
        if (!r.found) continue;
        ++n_.back_invalidations;
        if (r.dirty && r.version >= victim_version) {
          victim_dirty = true;
          victim_version = r.version;
        }
      }
    }
    tags_.invalidate(victim);
    if (victim_dirty) {
      ++n_.writebacks;
      op.writeback_done = std::max(op.writeback_done, sink_->write_back(victim_line, victim_version, true, t));
    } else if (below_is_exclusive()) {
      sink_->write_back(victim_line, victim_version, false, t);  // clean victims fill an exclusive cache
    }
  }
}

CacheBehaviour::SnoopResult CacheBehaviour::collect(std::uint64_t line, bool drop) {
  SnoopResult result;
  const TagArray::Slot slot = tags_.find(line);
  if (slot != TagArray::kNone) {
    result = SnoopResult{true, tags_.dirty(slot), tags_.version(slot)};
    if (drop) tags_.invalidate(slot);
  }
  for (CacheBehaviour* above : above_) {
    const SnoopResult r = above->collect(line, drop);
    if (!r.found) continue;
    // Versions only grow, so the highest one found is the newest copy.
    if (!result.found || r.version > result.version) result.version = r.version;
    result.found = true;
    result.dirty = result.dirty || r.dirty;
  }
  return result;
}

CacheBehaviour::SnoopResult CacheBehaviour::snoop_read(std::uint64_t line) {
  const SnoopResult r = collect(line, /*drop=*/false);
  if (r.found) ++n_.snoop_hits;
  return r;
}

CacheBehaviour::SnoopResult CacheBehaviour::snoop_invalidate(std::uint64_t line) {
  const SnoopResult r = collect(line, /*drop=*/true);
  if (r.found) ++n_.snoop_invalidations;
  return r;
}

Tick CacheBehaviour::device_write(std::uint64_t line, Version version, Tick t) {
  ++n_.device_writes;
  for (CacheBehaviour* above : above_) above->collect(line, /*drop=*/true);  // older than a whole-line write
  TagArray::Slot slot = tags_.find(line);
  if (slot == TagArray::kNone) {
    MemRequest victim;
    slot = tags_.victim_for(line);
    evict(slot, t, victim);
    tags_.fill(slot, line, version, true);
  } else {
    tags_.set_version(slot, version);
    tags_.set_dirty(slot, true);
    tags_.touch(slot);
  }
  return t + params_.lookup_latency;
}

}  // namespace cohsim
