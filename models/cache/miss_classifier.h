#pragma once
// The 3C split of a cache's misses (Hill's compulsory / capacity / conflict),
// as DineroIV's -lN-Tccc computes it: a fully associative LRU shadow with as
// many lines as the cache sees the same references; a miss of the real cache
// is compulsory when the line was never referenced before, a conflict when
// the shadow still holds it, and capacity otherwise. Opt-in
// (simulation.miss_classes): the shadow costs a hash lookup per reference.
#include <cstdint>
#include <list>
#include <unordered_map>
#include <unordered_set>

#include "models/cache/stats.h"

namespace cohsim {

class MissClassifier {
 public:
  MissClassifier(std::uint64_t lines, StatGroup& g)
      : capacity_(lines),
        stats_(g),
        read_{stats_.read_compulsory_misses, stats_.read_capacity_misses, stats_.read_conflict_misses},
        write_{stats_.write_compulsory_misses, stats_.write_capacity_misses, stats_.write_conflict_misses} {}

  // One reference the real cache saw; `missed`: whether the real cache
  // missed; `allocates`: whether that reference leaves the line cached (a
  // streamed write does not).
  void reference(std::uint64_t line, bool is_write, bool missed, bool allocates) {
    const auto it = where_.find(line);
    const bool shadow_hit = it != where_.end();
    if (missed) {
      Split& s = is_write ? write_ : read_;
      const bool first = seen_.insert(line).second;
      ++(first ? s.compulsory : shadow_hit ? s.conflict : s.capacity);
    } else {
      seen_.insert(line);
    }
    if (shadow_hit) {
      lru_.splice(lru_.begin(), lru_, it->second);  // most recently used first
    } else if (allocates) {
      lru_.push_front(line);
      where_[line] = lru_.begin();
      if (lru_.size() > capacity_) {
        where_.erase(lru_.back());
        lru_.pop_back();
      }
    }
  }
  // The line left the cache by invalidation (DineroIV drops it from the shadow too).
  void invalidated(std::uint64_t line) {
    const auto it = where_.find(line);
    if (it == where_.end()) return;
    lru_.erase(it->second);
    where_.erase(it);
  }

 private:
  struct Split {
    std::uint64_t &compulsory, &capacity, &conflict;
  };
  std::uint64_t capacity_;
  MissClassStats stats_;
  std::list<std::uint64_t> lru_;
  std::unordered_map<std::uint64_t, std::list<std::uint64_t>::iterator> where_;
  std::unordered_set<std::uint64_t> seen_;
  Split read_, write_;
};

}  // namespace cohsim
