// CacheBehaviour's fills that no demand access asked for: the hardware
// prefetcher's (docs/models.md, "Hardware prefetch") and the stale-read
// oracle's speculative fills.
#include <algorithm>

#include "models/cache/cache_behaviour.h"
#include "models/cache/fetch_below.h"

namespace cohsim {

CacheBehaviour::Prefetch::Prefetch(const PrefetchConfig& p, unsigned line_bytes, TagArray::Slot slots, StatGroup& g)
    : decisions(p, line_bytes),
      queue(p.queue),
      ready(slots, 0),
      n(g) {}

bool CacheBehaviour::first_use_of_prefetch(TagArray::Slot slot, Tick t, Tick& ready) {
  ready = t;
  if (!tags_.first_use_of_prefetch(slot)) return false;
  Prefetch& p = *prefetch_;
  ++p.n.prefetch_useful;
  if (p.ready[slot] > t) {
    ++p.n.prefetch_late;
    ready = p.ready[slot];
  }
  return true;
}

void CacheBehaviour::prefetch_after(std::uint64_t line, bool prefetched, Tick t) {
  Prefetch& p = *prefetch_;
  p.lines.clear();
  p.decisions.access(line, prefetched, p.lines);
  issue_prefetches(t);
}

void CacheBehaviour::issue_prefetches(Tick t) {
  Prefetch& p = *prefetch_;
  for (const std::uint64_t line : p.lines) {
    if (tags_.find(line) != TagArray::kNone) continue;
    if (p.queue.full_at(t) || (mshrs_ && mshrs_->full_at(t))) {
      ++p.n.prefetches_dropped;
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
    ++p.n.prefetches;
  }
}

bool CacheBehaviour::speculative_fill(std::uint64_t line, Version version, Tick t) {
  std::vector<CacheBehaviour*> levels;
  for (CacheBehaviour* c = this; c != nullptr; c = c->below_cache_) {
    if (c->tags_.find(line) != TagArray::kNone) return false;
    if (c->params_.inclusion != Inclusion::exclusive) levels.push_back(c);  // fills bypass an exclusive level
  }
  // Lowest level first, so that an inclusive level holds the line before the
  // levels above it do.
  for (std::size_t i = levels.size(); i-- > 0;) {
    CacheBehaviour& c = *levels[i];
    MemRequest victim;
    const TagArray::Slot slot = c.tags_.victim_for(line);
    c.evict(slot, t, victim);
    c.tags_.fill(slot, line, version, false);
  }
  return true;
}

}  // namespace cohsim
