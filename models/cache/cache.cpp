#include "models/cache/cache.h"

#include <algorithm>

namespace cohsim {

using sc_core::sc_time;

Cache::Cache(sc_core::sc_module_name name, const CacheParams& params, StatRegistry& stats)
    : sc_module(name),
      upstream("upstream"),
      downstream("downstream"),
      params_(params),
      tags_(params.geometry),
      link_(params.downstream_link),
      line_bytes_(params.geometry.line_bytes),
      n_([&]() -> Counters {
        StatGroup& g = stats.group("caches", basename());
        return Counters{
            g.counter("read_hits", "lines", "reads (loads, fills for the level above) that hit"),
            g.counter("read_misses", "lines", "reads that missed and were fetched from below"),
            g.counter("write_hits", "lines", "stores that hit"),
            g.counter("write_misses", "lines", "stores that missed (write-allocate)"),
            g.counter("writebacks_received", "lines", "victims and cleaned lines received from the level above"),
            g.counter("writebacks", "lines", "dirty victims written to the level below"),
            g.counter("evictions", "lines", "valid lines replaced by a fill"),
            g.counter("back_invalidations", "lines", "copies above dropped to keep this cache inclusive"),
            g.counter("snoop_hits", "lines", "coherent device reads answered from this cache or above"),
            g.counter("snoop_invalidations", "lines", "lines dropped because a coherent device wrote them"),
            g.counter("maintenance_lines_present", "lines", "lines of maintained ranges that this cache held"),
            g.counter("maintenance_dirty_written", "lines", "dirty copies here whose data maintenance wrote to memory"),
            g.counter("maintenance_dirty_discarded", "lines", "dirty lines that a pure invalidate dropped (data lost)"),
            g.counter("valid_lines_at_end", "lines", "lines held when the run ended"),
            g.counter("dirty_lines_at_end", "lines", "dirty lines held when the run ended (never written to memory)"),
        };
      }()) {
  upstream.bind(*this);
  downstream.bind(*this);
}

void Cache::record_end_state() {
  n_.valid_at_end = tags_.valid_lines();
  n_.dirty_at_end = tags_.dirty_lines();
}

void Cache::b_transport(tlm::tlm_generic_payload& p, sc_time& delay) {
  MemOp& op = mem_op(p);
  const std::uint64_t line = p.get_address() / line_bytes_;
  switch (op.kind) {
    case MemOpKind::read:
      read(p, op, absolute_time(delay) + params_.lookup_latency, delay);
      break;
    case MemOpKind::write:
      write(p, op, absolute_time(delay) + params_.lookup_latency, delay);
      break;
    case MemOpKind::writeback:
      accept_writeback(op, line, absolute_time(delay));
      break;
    case MemOpKind::clean:
    case MemOpKind::invalidate:
    case MemOpKind::clean_invalidate:
      maintain(p, op, delay);
      break;
  }
  p.set_response_status(tlm::TLM_OK_RESPONSE);
}

void Cache::read(tlm::tlm_generic_payload& p, MemOp& op, Tick t, sc_time& delay) {
  const std::uint64_t line = p.get_address() / line_bytes_;
  const TagArray::Slot slot = tags_.find(line);
  if (slot != TagArray::kNone) {
    ++n_.read_hits;
    op.version = tags_.version(slot);
    if (params_.inclusion == Inclusion::exclusive) {
      // The line moves up: the level above now holds it (dirty if it was dirty here).
      op.dirty = tags_.dirty(slot);
      tags_.invalidate(slot);
    } else {
      op.dirty = false;
      tags_.touch(slot);
    }
    set_absolute_time(delay, t);
    return;
  }
  ++n_.read_misses;
  ++op.levels_missed;
  Version version = 0;
  bool dirty = false;
  if (params_.inclusion == Inclusion::exclusive) {
    // Fills bypass an exclusive cache.
    set_absolute_time(delay, fetch(line, t, op, version, dirty));
    op.version = version;
    op.dirty = dirty;
    return;
  }
  // The fill request goes first (it is what the core waits for); the victim,
  // chosen now, is written back once the fill has been requested - the order
  // DineroIV uses too.
  const TagArray::Slot slot_for_fill = tags_.victim_for(line);
  const Tick done = fetch(line, t, op, version, dirty);
  evict(slot_for_fill, t, op);
  tags_.fill(slot_for_fill, line, version, dirty);
  op.version = version;
  op.dirty = false;
  set_absolute_time(delay, done);
}

void Cache::write(tlm::tlm_generic_payload& p, MemOp& op, Tick t, sc_time& delay) {
  const std::uint64_t line = p.get_address() / line_bytes_;
  const TagArray::Slot slot = tags_.find(line);
  if (slot != TagArray::kNone) {
    ++n_.write_hits;
    op.prior_version = tags_.version(slot);
    tags_.set_version(slot, op.version);
    tags_.set_dirty(slot, true);
    tags_.touch(slot);
    set_absolute_time(delay, t);
    return;
  }
  ++n_.write_misses;
  ++op.levels_missed;
  const TagArray::Slot slot_for_fill = tags_.victim_for(line);
  Tick done = t;
  if (!op.full_line || params_.fetch_on_full_line_write) {
    // Write-allocate: fetch the line, merge the store into it.
    Version fetched = 0;
    bool dirty = false;
    done = fetch(line, t, op, fetched, dirty);
    op.prior_version = fetched;
  } else {
    op.prior_version = op.version - 1;  // a whole-line store merges with nothing
  }
  evict(slot_for_fill, t, op);
  tags_.fill(slot_for_fill, line, op.version, true);
  set_absolute_time(delay, done);
}

void Cache::accept_writeback(MemOp& op, std::uint64_t line, Tick t) {
  ++n_.writebacks_in;
  const TagArray::Slot slot = tags_.find(line);
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

void Cache::evict(TagArray::Slot victim, Tick t, MemOp& op) {
  // The fill request may have emptied the slot meanwhile (an inclusive level
  // below back-invalidated it, taking its dirty data along).
  if (tags_.valid(victim)) {
    ++n_.evictions;
    const std::uint64_t victim_line = tags_.line_of(victim);
    bool victim_dirty = tags_.dirty(victim);
    Version victim_version = tags_.version(victim);
    if (params_.inclusion == Inclusion::inclusive) {
      for (Cache* above : above_) {
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
      op.writeback_done = std::max(op.writeback_done, write_down(victim_line, victim_version, true, t));
    } else if (below_is_exclusive()) {
      write_down(victim_line, victim_version, false, t);  // clean victims fill an exclusive cache
    }
  }
}

Tick Cache::fetch(std::uint64_t line, Tick t, MemOp& for_op, Version& version, bool& dirty) {
  MemOp& op = fetch_payload_.prepare(MemOpKind::read, line * line_bytes_, line_bytes_);
  op.levels_missed = for_op.levels_missed;
  const Tick sent = link_.traverse(t, line_bytes_);
  sc_time delay = sc_time::from_value(sent - sc_core::sc_time_stamp().value());
  downstream->b_transport(fetch_payload_.payload(), delay);
  version = op.version;
  dirty = op.dirty;
  for_op.levels_missed = op.levels_missed;
  for_op.writeback_done = std::max(for_op.writeback_done, op.writeback_done);
  return absolute_time(delay);
}

Tick Cache::write_down(std::uint64_t line, Version v, bool dirty, Tick t) {
  MemOp& op = victim_payload_.prepare(MemOpKind::writeback, line * line_bytes_, line_bytes_);
  op.version = v;
  op.dirty = dirty;
  op.full_line = true;
  const Tick sent = link_.traverse(t, line_bytes_);
  sc_time delay = sc_time::from_value(sent - sc_core::sc_time_stamp().value());
  downstream->b_transport(victim_payload_.payload(), delay);
  // Done when it and whatever it evicted further down have been absorbed.
  return std::max(absolute_time(delay), op.writeback_done);
}

Cache::SnoopResult Cache::collect(std::uint64_t line, bool drop) {
  SnoopResult result;
  const TagArray::Slot slot = tags_.find(line);
  if (slot != TagArray::kNone) {
    result = SnoopResult{true, tags_.dirty(slot), tags_.version(slot)};
    if (drop) tags_.invalidate(slot);
  }
  for (Cache* above : above_) {
    const SnoopResult r = above->collect(line, drop);
    if (!r.found) continue;
    // Versions only grow, so the highest one found is the newest copy.
    if (!result.found || r.version > result.version) result.version = r.version;
    result.found = true;
    result.dirty = result.dirty || r.dirty;
  }
  return result;
}

Cache::SnoopResult Cache::snoop_read(std::uint64_t line) {
  const SnoopResult r = collect(line, /*drop=*/false);
  if (r.found) ++n_.snoop_hits;
  return r;
}

Cache::SnoopResult Cache::snoop_invalidate(std::uint64_t line) {
  const SnoopResult r = collect(line, /*drop=*/true);
  if (r.found) ++n_.snoop_invalidations;
  return r;
}

void Cache::maintain(tlm::tlm_generic_payload& p, MemOp& op, sc_time& delay) {
  // Maintenance by VA acts to the point of coherency: every level of the
  // hierarchy below the core, line by line. It arrives at the first level,
  // which walks its own tags and those of the levels below it directly.
  std::vector<Cache*> chain;
  for (Cache* c = this; c != nullptr; c = c->below_cache_) chain.push_back(c);
  Cache& last = *chain.back();

  const std::uint64_t first = p.get_address() / line_bytes_;
  const std::uint64_t count = op.range_lines;
  const bool writes_back = op.kind != MemOpKind::invalidate;
  const bool drops = op.kind != MemOpKind::clean;

  // The lines of the range that any level holds, in address order. Walk the
  // range when it is shorter than the caches, else the caches' slots.
  std::uint64_t slots = 0;
  for (const Cache* c : chain) slots += c->tags_.slots();
  range_hits_.clear();
  if (count <= slots) {
    for (std::uint64_t i = 0; i < count; ++i) {
      for (const Cache* c : chain) {
        if (c->tags_.find(first + i) != TagArray::kNone) {
          range_hits_.push_back(i);
          break;
        }
      }
    }
  } else {
    for (const Cache* c : chain) {
      for (TagArray::Slot slot = 0; slot < c->tags_.slots(); ++slot) {
        if (!c->tags_.valid(slot)) continue;
        const std::uint64_t line = c->tags_.line_of(slot);
        if (line >= first && line - first < count) range_hits_.push_back(line - first);
      }
    }
    std::sort(range_hits_.begin(), range_hits_.end());
    range_hits_.erase(std::unique(range_hits_.begin(), range_hits_.end()), range_hits_.end());
  }

  Tick finished = op.range_start;
  for (const std::uint64_t index : range_hits_) {
    const std::uint64_t line = first + index;
    // The newest copy: versions only grow, so the highest dirty one.
    bool dirty = false;
    Version newest = 0;
    for (Cache* c : chain) {
      const TagArray::Slot slot = c->tags_.find(line);
      if (slot == TagArray::kNone) continue;
      ++c->n_.maintenance_lines_present;
      if (c->tags_.dirty(slot) && (!dirty || c->tags_.version(slot) > newest)) {
        dirty = true;
        newest = c->tags_.version(slot);
      }
    }
    if (dirty && writes_back) {
      const Tick issued = op.range_start + index * op.line_interval;
      finished = std::max(finished, last.write_down(line, newest, true, issued));
      ++op.lines_written_back;
    }
    for (Cache* c : chain) {
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
        c->tags_.invalidate(slot);
      } else {
        // Cleaned: memory now holds the newest data, and so does every copy.
        c->tags_.set_dirty(slot, false);
        if (dirty) c->tags_.set_version(slot, newest);
      }
    }
  }
  set_absolute_time(delay, finished);
}

}  // namespace cohsim
