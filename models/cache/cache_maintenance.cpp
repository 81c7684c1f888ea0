// CacheBehaviour's maintenance: by VA range to the point of coherency, and of
// the whole cache (a device cache at job boundaries, DineroIV's end-of-run
// flush).
#include <algorithm>
#include <utility>
#include <vector>

#include "models/cache/cache_behaviour.h"

namespace cohsim {

void CacheBehaviour::flush_dirty_at_end(Tick t) {
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

Tick CacheBehaviour::clean_all(Tick t, Tick interval, bool invalidate) {
  Tick done = t;
  for (TagArray::Slot slot = 0; slot < tags_.slots(); ++slot) {
    if (!tags_.valid(slot)) continue;
    if (tags_.dirty(slot)) {
      ++n_.writebacks;
      done = std::max(done, sink_->write_back(tags_.line_of(slot), tags_.version(slot), true, t));
      tags_.set_dirty(slot, false);
      t += interval;
    }
    if (invalidate) tags_.invalidate(slot);
  }
  return std::max(done, t);
}

// The lines of [first, first + count) that any level holds, in address
// order, into range_hits_ (as offsets from first). Walks the range when it
// is shorter than the caches, else the caches' slots.
void CacheBehaviour::find_range_hits(std::uint64_t first, std::uint64_t count) {
  std::uint64_t slots = 0;
  for (const CacheBehaviour* c : chain_) slots += c->tags_.slots();
  range_hits_.clear();
  if (count <= slots) {
    for (std::uint64_t i = 0; i < count; ++i) {
      for (const CacheBehaviour* c : chain_) {
        if (c->tags_.find(first + i) != TagArray::kNone) {
          range_hits_.push_back(i);
          break;
        }
      }
    }
    return;
  }
  for (const CacheBehaviour* c : chain_) {
    for (TagArray::Slot slot = 0; slot < c->tags_.slots(); ++slot) {
      if (!c->tags_.valid(slot)) continue;
      const std::uint64_t line = c->tags_.line_of(slot);
      if (line >= first && line - first < count) range_hits_.push_back(line - first);
    }
  }
  std::sort(range_hits_.begin(), range_hits_.end());
  range_hits_.erase(std::unique(range_hits_.begin(), range_hits_.end()), range_hits_.end());
}

// A line some level holds, issued at `issue`: the newest dirty copy goes to
// memory (unless the operation only invalidates), then every copy is cleaned
// or dropped. Returns when its write-back has been absorbed (`issue` if none).
Tick CacheBehaviour::maintain_held_line(std::uint64_t line, MemOpKind kind, Tick issue, MaintenanceRange& range) {
  const bool writes_back = kind != MemOpKind::invalidate;
  const bool drops = kind != MemOpKind::clean;
  // The newest copy: versions only grow, so the highest dirty one.
  bool dirty = false;
  Version newest = 0;
  for (CacheBehaviour* c : chain_) {
    const TagArray::Slot slot = c->tags_.find(line);
    if (slot == TagArray::kNone) continue;
    ++c->n_.maintenance_lines_present;
    if (c->tags_.dirty(slot) && (!dirty || c->tags_.version(slot) > newest)) {
      dirty = true;
      newest = c->tags_.version(slot);
    }
  }
  Tick written = issue;
  if (dirty && writes_back) {
    written = chain_.back()->sink_->write_back(line, newest, true, issue);
    ++range.lines_written_back;
  }
  for (CacheBehaviour* c : chain_) {
    const TagArray::Slot slot = c->tags_.find(line);
    if (slot == TagArray::kNone) continue;
    if (c->tags_.dirty(slot)) ++(writes_back ? c->n_.maintenance_dirty_written : c->n_.maintenance_dirty_discarded);
    if (drops) {
      if (c->classes_) c->classes_->invalidated(c->tags_.line_of(slot));
      c->tags_.invalidate(slot);
    } else {
      // Cleaned: memory now holds the newest data, and so does every copy.
      c->tags_.set_dirty(slot, false);
      if (dirty) c->tags_.set_version(slot, newest);
    }
  }
  return written;
}

Tick CacheBehaviour::maintain(std::uint64_t first, MemRequest& op) {
  // Maintenance by VA acts to the point of coherency: every level of the
  // hierarchy below the core, line by line. It arrives at the first level,
  // which walks its own tags and those of the levels below it directly.
  if (chain_.empty())
    for (CacheBehaviour* c = this; c != nullptr; c = c->below_cache_) chain_.push_back(c);
  MaintenanceRange& range = *op.maintenance_range();
  find_range_hits(first, range.lines);

  // Every line of the range is an operation, held cached or not: it issues
  // one per line_interval once a slot is free and completes a round trip to
  // the point of coherency later, or when its write-back has been absorbed.
  // A barrier waits for all of them (DSB: every DC operation before it has
  // completed; SFENCE after CLFLUSHOPT: every flush).
  Outstanding* const in_flight = range.slots;
  Tick issue = range.start;
  Tick finished = range.start;
  std::uint64_t next_index = 0;
  // Line `index` of the range; `held`: some level holds it.
  auto line_operation = [&](std::uint64_t index, bool held) {
    if (in_flight) issue = in_flight->slot_free_at(issue);
    Tick done = issue + range.poc_round_trip;
    if (held) done = std::max(done, maintain_held_line(first + index, op.kind, issue, range));
    if (in_flight) in_flight->add(done);
    finished = std::max(finished, done);
    issue += range.line_interval;
  };
  for (const std::uint64_t index : range_hits_) {
    for (; next_index < index; ++next_index) line_operation(next_index, false);
    line_operation(index, true);
    next_index = index + 1;
  }
  for (; next_index < range.lines; ++next_index) line_operation(next_index, false);
  range.issued = issue;
  return finished;
}

}  // namespace cohsim
