#include "models/cache/cache_core.h"

#include <algorithm>

namespace cohsim {

namespace {
// Asks the level below for `line` on behalf of `op`.
Tick fetch_below_impl(LineSink& sink, std::uint64_t line, Tick t, MemRequest& op, Version& version, bool& dirty) {
  MemRequest fill;
  fill.kind = MemOpKind::read;
  fill.levels_missed = op.levels_missed;
  const Tick done = sink.fetch(line, t, fill);
  version = fill.version;
  dirty = fill.dirty;
  op.levels_missed = fill.levels_missed;
  op.writeback_done = std::max(op.writeback_done, fill.writeback_done);
  return done;
}
}  // namespace

CacheCore::CacheCore(const CacheParams& params, StatGroup& g)
    : params_(params),
      tags_(params.geometry),
      line_bytes_(params.geometry.line_bytes),
      n_([&g]() -> Counters {
        return Counters{
            g.counter("read_hits", "lines", "reads (loads, fills for the level above) that hit"),
            g.counter("read_misses", "lines", "reads that missed and were fetched from below"),
            g.counter("write_hits", "lines", "stores, and dirty lines written back from the level above, that hit"),
            g.counter("write_misses", "lines", "stores, and dirty lines written back from the level above, that missed (DineroIV's write misses)"),
            g.counter("write_streamed", "lines", "whole-line store misses passed to the level below without allocating here"),
            g.counter("writebacks_received", "lines", "victims and cleaned lines received from the level above"),
            g.counter("writebacks", "lines", "dirty victims written to the level below"),
            g.counter("evictions", "lines", "valid lines replaced by a fill"),
            g.counter("back_invalidations", "lines", "copies above dropped to keep this cache inclusive"),
            g.counter("snoop_hits", "lines", "coherent device reads answered from this cache or above"),
            g.counter("snoop_invalidations", "lines", "lines dropped because a coherent device wrote them"),
            g.counter("device_writes", "lines", "whole lines a coherent device wrote into this cache (a GPU sharing the LLC)"),
            g.counter("maintenance_lines_present", "lines", "lines of maintained ranges that this cache held"),
            g.counter("maintenance_dirty_written", "lines", "dirty copies here whose data maintenance wrote to memory"),
            g.counter("maintenance_dirty_discarded", "lines", "dirty lines that a pure invalidate dropped (data lost)"),
            g.counter("valid_lines_at_end", "lines", "lines held when the run ended"),
            g.counter("dirty_lines_at_end", "lines", "dirty lines held when the run ended (never written to memory)"),
            g.counter("end_flush_writebacks", "lines", "dirty lines written to the level below by the end-of-run flush (simulation.end_of_run_flush)"),
        };
      }()) {
  if (params_.classify_misses) classes_ = std::make_unique<MissClassifier>(tags_.slots(), g);
  if (params_.prefetch.kind != PrefetchKind::none) prefetch_ = std::make_unique<Prefetch>(params_.prefetch, tags_.slots(), g);
  if (params_.mshrs > 0) mshrs_ = std::make_unique<Outstanding>(params_.mshrs);
}

CacheCore::Prefetch::Prefetch(const PrefetchParams& p, TagArray::Slot slots, StatGroup& g)
    : decisions(p),
      queue(p.queue),
      ready(slots, 0),
      issued(g.counter("prefetches", "lines", "lines the hardware prefetcher fetched into this cache")),
      useful(g.counter("prefetch_useful", "lines", "prefetched lines that a demand access then used")),
      late(g.counter("prefetch_late", "lines", "useful prefetches whose data had not arrived when the demand access came (it waited for the rest)")),
      dropped(g.counter("prefetches_dropped", "lines", "prefetches not issued because the prefetch queue was full")),
      useless(g.counter("prefetch_useless", "lines", "prefetched lines evicted or invalidated before any demand access used them")),
      unused_at_end(g.counter("prefetched_unused_at_end", "lines", "prefetched lines still held, unused, when the run ended")) {}

bool CacheCore::first_use_of_prefetch(TagArray::Slot slot, Tick t, Tick& ready) {
  ready = t;
  if (!tags_.first_use_of_prefetch(slot)) return false;
  Prefetch& p = *prefetch_;
  ++p.useful;
  if (p.ready[slot] > t) {
    ++p.late;
    ready = p.ready[slot];
  }
  return true;
}

void CacheCore::prefetch_after(std::uint64_t line, bool prefetched, Tick t) {
  Prefetch& p = *prefetch_;
  p.lines.clear();
  p.decisions.access(line, prefetched, p.lines);
  issue_prefetches(t);
}

void CacheCore::issue_prefetches(Tick t) {
  Prefetch& p = *prefetch_;
  for (const std::uint64_t line : p.lines) {
    if (tags_.find(line) != TagArray::kNone) continue;
    if (p.queue.full_at(t) || (mshrs_ && mshrs_->full_at(t))) {
      ++p.dropped;
      continue;
    }
    // As a demand miss: the victim is chosen now, written back once the fill
    // has been requested. Nobody waits for either.
    const TagArray::Slot slot = tags_.victim_for(line);
    MemRequest fill;
    Version version = 0;
    bool dirty = false;
    const Tick done = fetch_below_impl(*sink_, line, t, fill, version, dirty);
    fetch_started(done);
    evict(slot, t, fill);
    tags_.fill(slot, line, version, dirty);
    tags_.mark_prefetched(slot);
    p.ready[slot] = done;
    p.queue.add(done);
    ++p.issued;
  }
}

void CacheCore::flush_dirty_at_end(Tick t) {
  const TagArray::Slot ways = tags_.ways();
  std::vector<std::pair<std::uint64_t, TagArray::Slot>> by_age;  // (last use, slot) of one set
  for (TagArray::Slot set_first = tags_.slots(); set_first >= ways;) {
    set_first -= ways;
    by_age.clear();
    for (TagArray::Slot s = set_first; s < set_first + ways; ++s)
      if (tags_.valid(s) && tags_.dirty(s)) by_age.emplace_back(tags_.last_use(s), s);
    std::sort(by_age.begin(), by_age.end());  // least recently used first
    for (const auto& [age, slot] : by_age) {
      ++n_.end_flush_writebacks;
      sink_->write_back(tags_.line_of(slot), tags_.version(slot), true, t);
      tags_.set_dirty(slot, false);
    }
  }
}

void CacheCore::connect_below(LineSink* sink, CacheCore* below_cache) {
  sink_ = sink;
  below_cache_ = below_cache;
}

Tick CacheCore::clean_all(Tick t, Tick interval, bool invalidate) {
  Tick done = t;
  for (TagArray::Slot slot = 0; slot < tags_.slots(); ++slot) {
    if (!tags_.valid(slot)) continue;
    if (tags_.dirty(slot)) {
      ++n_.writebacks_out;
      done = std::max(done, sink_->write_back(tags_.line_of(slot), tags_.version(slot), true, t));
      tags_.set_dirty(slot, false);
      t += interval;
    }
    if (invalidate) tags_.invalidate(slot);
  }
  return std::max(done, t);
}

void CacheCore::record_end_state() {
  n_.valid_at_end = tags_.valid_lines();
  n_.dirty_at_end = tags_.dirty_lines();
  if (prefetch_) {
    prefetch_->useless = tags_.prefetches_dropped_unused();
    prefetch_->unused_at_end = tags_.prefetched_lines_unused();
  }
}

void CacheCore::walk_core_range(std::uint64_t address, MemRequest& req) {
  CoreRange& core = *req.core;
  const bool is_write = req.kind == MemOpKind::write;
  const std::uint64_t end = address + core.bytes;
  Tick t = req.range_start;
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
Tick CacheCore::core_line(std::uint64_t line, unsigned bytes, CoreRange& core, Tick t, bool is_write) {
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

Tick CacheCore::read_line(std::uint64_t line, MemRequest& op, Tick t) {
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

Tick CacheCore::read_miss(std::uint64_t line, MemRequest& op, Tick t) {
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

Tick CacheCore::write_line(std::uint64_t line, MemRequest& op, Tick t) {
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

Tick CacheCore::write_miss(std::uint64_t line, MemRequest& op, Tick t) {
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

void CacheCore::accept_writeback(std::uint64_t line, MemRequest& op, Tick t) {
  ++n_.writebacks_in;
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

void CacheCore::evict(TagArray::Slot victim, Tick t, MemRequest& op) {
  // The fill request may have emptied the slot meanwhile (an inclusive level
  // below back-invalidated it, taking its dirty data along).
  if (tags_.valid(victim)) {
    ++n_.evictions;
    const std::uint64_t victim_line = tags_.line_of(victim);
    bool victim_dirty = tags_.dirty(victim);
    Version victim_version = tags_.version(victim);
    if (params_.inclusion == Inclusion::inclusive) {
      for (CacheCore* above : above_) {
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
      ++n_.writebacks_out;
      op.writeback_done = std::max(op.writeback_done, sink_->write_back(victim_line, victim_version, true, t));
    } else if (below_is_exclusive()) {
      sink_->write_back(victim_line, victim_version, false, t);  // clean victims fill an exclusive cache
    }
  }
}

CacheCore::SnoopResult CacheCore::collect(std::uint64_t line, bool drop) {
  SnoopResult result;
  const TagArray::Slot slot = tags_.find(line);
  if (slot != TagArray::kNone) {
    result = SnoopResult{true, tags_.dirty(slot), tags_.version(slot)};
    if (drop) tags_.invalidate(slot);
  }
  for (CacheCore* above : above_) {
    const SnoopResult r = above->collect(line, drop);
    if (!r.found) continue;
    // Versions only grow, so the highest one found is the newest copy.
    if (!result.found || r.version > result.version) result.version = r.version;
    result.found = true;
    result.dirty = result.dirty || r.dirty;
  }
  return result;
}

CacheCore::SnoopResult CacheCore::snoop_read(std::uint64_t line) {
  const SnoopResult r = collect(line, /*drop=*/false);
  if (r.found) ++n_.snoop_hits;
  return r;
}

CacheCore::SnoopResult CacheCore::snoop_invalidate(std::uint64_t line) {
  const SnoopResult r = collect(line, /*drop=*/true);
  if (r.found) ++n_.snoop_invalidations;
  return r;
}

Tick CacheCore::device_write(std::uint64_t line, Version version, Tick t) {
  ++n_.device_writes;
  for (CacheCore* above : above_) above->collect(line, /*drop=*/true);  // older than a whole-line write
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

bool CacheCore::speculative_fill(std::uint64_t line, Version version, Tick t) {
  std::vector<CacheCore*> levels;
  for (CacheCore* c = this; c != nullptr; c = c->below_cache_) {
    if (c->tags_.find(line) != TagArray::kNone) return false;
    if (c->params_.inclusion != Inclusion::exclusive) levels.push_back(c);  // fills bypass an exclusive level
  }
  // Lowest level first, so that an inclusive level holds the line before the
  // levels above it do.
  for (auto it = levels.rbegin(); it != levels.rend(); ++it) {
    CacheCore& c = **it;
    MemRequest victim;
    const TagArray::Slot slot = c.tags_.victim_for(line);
    c.evict(slot, t, victim);
    c.tags_.fill(slot, line, version, false);
  }
  return true;
}

Tick CacheCore::maintain(std::uint64_t first, MemRequest& op) {
  // Maintenance by VA acts to the point of coherency: every level of the
  // hierarchy below the core, line by line. It arrives at the first level,
  // which walks its own tags and those of the levels below it directly.
  if (chain_.empty())
    for (CacheCore* c = this; c != nullptr; c = c->below_cache_) chain_.push_back(c);
  const std::vector<CacheCore*>& chain = chain_;
  CacheCore& last = *chain.back();

  const std::uint64_t count = op.range_lines;
  const bool writes_back = op.kind != MemOpKind::invalidate;
  const bool drops = op.kind != MemOpKind::clean;

  // The lines of the range that any level holds, in address order. Walk the
  // range when it is shorter than the caches, else the caches' slots.
  std::uint64_t slots = 0;
  for (const CacheCore* c : chain) slots += c->tags_.slots();
  range_hits_.clear();
  if (count <= slots) {
    for (std::uint64_t i = 0; i < count; ++i) {
      for (const CacheCore* c : chain) {
        if (c->tags_.find(first + i) != TagArray::kNone) {
          range_hits_.push_back(i);
          break;
        }
      }
    }
  } else {
    for (const CacheCore* c : chain) {
      for (TagArray::Slot slot = 0; slot < c->tags_.slots(); ++slot) {
        if (!c->tags_.valid(slot)) continue;
        const std::uint64_t line = c->tags_.line_of(slot);
        if (line >= first && line - first < count) range_hits_.push_back(line - first);
      }
    }
    std::sort(range_hits_.begin(), range_hits_.end());
    range_hits_.erase(std::unique(range_hits_.begin(), range_hits_.end()), range_hits_.end());
  }

  // Every line of the range is an operation, held cached or not: it issues
  // one per line_interval once a slot is free and completes a round trip to
  // the point of coherency later, or when its write-back has been absorbed.
  // A barrier waits for all of them (DSB: every DC operation before it has
  // completed; SFENCE after CLFLUSHOPT: every flush).
  Outstanding* const in_flight = op.maintenance_slots;
  Tick issue = op.range_start;
  Tick finished = op.range_start;
  std::uint64_t next_index = 0;
  // Lines no cache holds, from next_index up to `until`.
  auto absent_lines = [&](std::uint64_t until) {
    for (; next_index < until; ++next_index) {
      if (in_flight) issue = in_flight->slot_free_at(issue);
      const Tick done = issue + op.poc_round_trip;
      if (in_flight) in_flight->add(done);
      finished = std::max(finished, done);
      issue += op.line_interval;
    }
  };
  for (const std::uint64_t index : range_hits_) {
    absent_lines(index);
    next_index = index + 1;
    if (in_flight) issue = in_flight->slot_free_at(issue);
    Tick done = issue + op.poc_round_trip;
    const std::uint64_t line = first + index;
    // The newest copy: versions only grow, so the highest dirty one.
    bool dirty = false;
    Version newest = 0;
    for (CacheCore* c : chain) {
      const TagArray::Slot slot = c->tags_.find(line);
      if (slot == TagArray::kNone) continue;
      ++c->n_.maintenance_lines_present;
      if (c->tags_.dirty(slot) && (!dirty || c->tags_.version(slot) > newest)) {
        dirty = true;
        newest = c->tags_.version(slot);
      }
    }
    if (dirty && writes_back) {
      done = std::max(done, last.sink_->write_back(line, newest, true, issue));
      ++op.lines_written_back;
    }
    if (in_flight) in_flight->add(done);
    finished = std::max(finished, done);
    issue += op.line_interval;
    for (CacheCore* c : chain) {
      const TagArray::Slot slot = c->tags_.find(line);
      if (slot == TagArray::kNone) continue;
      if (c->tags_.dirty(slot)) {
        if (writes_back) {
          ++c->n_.maintenance_dirty_written;
        } else {
          ++c->n_.maintenance_dirty_discarded;
        }
      }
      if (drops) {
        if (c->classes_) c->classes_->invalidated(c->tags_.line_of(slot));
        c->tags_.invalidate(slot);
      } else {
        // Cleaned: memory now holds the newest data, and so does every copy.
        c->tags_.set_dirty(slot, false);
        if (dirty) c->tags_.set_version(slot, newest);
      }
    }
  }
  absent_lines(count);
  op.range_issued = issue;
  return finished;
}

}  // namespace cohsim
