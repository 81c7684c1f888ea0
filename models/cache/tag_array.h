#pragma once
// The state of one set-associative cache, without any timing or SystemC: which
// lines it holds, which are dirty, the oracle version of each, and true LRU
// order. Unit tests and the benchmarks use it directly; CacheBehaviour builds the
// cache policy on it.
#include <cstdint>
#include <vector>

#include "models/common/line_versions.h"

namespace cohsim {

class TagArray {
 public:
  struct Params {
    std::uint64_t size_bytes = 0;
    unsigned ways = 1;
    unsigned line_bytes = 64;
  };
  using Slot = std::uint32_t;  // set * ways + way
  static constexpr Slot kNone = ~Slot{0};

  explicit TagArray(const Params& p);

  // The slot holding `line` (a line index, address / line_bytes), or kNone.
  // Does not change the LRU order.
  Slot find(std::uint64_t line) const {
    const Slot base = static_cast<Slot>(set_of(line) * ways_);
    const std::uint64_t key = line + 1;  // 0 marks an empty way
    const Way* ways = &ways_array_[base];
    for (unsigned w = 0; w < ways_; ++w)
      if (ways[w].tag == key) return base + w;
    return kNone;
  }
  // Marks a slot most recently used.
  void touch(Slot s) {
    if (++clock_ == 0) renumber_stamps();
    ways_array_[s].stamp = clock_;
  }

  // The slot a new `line` should go to: an empty way if there is one, else the
  // least recently used. The caller writes back or drops what it holds.
  Slot victim_for(std::uint64_t line) const;

  // Places `line` in slot `s` (most recently used).
  void fill(Slot s, std::uint64_t line, Version v, bool dirty) {
    drop_flags(s);
    ways_array_[s].tag = line + 1;
    ways_array_[s].version = v;
    flags_[s] = dirty ? kDirty : 0;
    touch(s);
  }
  void invalidate(Slot s) {
    drop_flags(s);
    ways_array_[s].tag = 0;
    ways_array_[s].stamp = 0;  // empty ways sort first for victim_for
    flags_[s] = 0;
  }

  // A line a prefetcher brought in, not used yet by a demand access.
  void mark_prefetched(Slot s) { flags_[s] |= kPrefetched; }
  // Whether slot `s` holds a prefetched line used now for the first time (it
  // then counts as an ordinary line).
  bool first_use_of_prefetch(Slot s) {
    if (!(flags_[s] & kPrefetched)) [[likely]]
      return false;
    flags_[s] &= static_cast<std::uint8_t>(~kPrefetched);
    return true;
  }
  // Prefetched lines replaced or invalidated before any demand access used them.
  std::uint64_t prefetches_dropped_unused() const { return prefetches_dropped_unused_; }
  std::uint64_t prefetched_lines_unused() const;

  bool valid(Slot s) const { return ways_array_[s].tag != 0; }
  std::uint64_t line_of(Slot s) const { return ways_array_[s].tag - 1; }
  bool dirty(Slot s) const { return (flags_[s] & kDirty) != 0; }
  void set_dirty(Slot s, bool d) { flags_[s] = static_cast<std::uint8_t>((flags_[s] & ~kDirty) | (d ? kDirty : 0)); }
  Version version(Slot s) const { return ways_array_[s].version; }
  std::uint32_t last_use(Slot s) const { return ways_array_[s].stamp; }  // LRU stamp: smaller is older
  void set_version(Slot s, Version v) { ways_array_[s].version = v; }

  unsigned ways() const { return ways_; }
  std::uint64_t sets() const { return sets_; }
  Slot slots() const { return static_cast<Slot>(ways_array_.size()); }
  std::uint64_t valid_lines() const;
  std::uint64_t dirty_lines() const;

 private:
  std::uint64_t set_of(std::uint64_t line) const {
    // Power-of-two set counts index with a mask; others (such as a 30 MiB
    // LLC) with a modulo, standing in for the hardware's slice hash.
    return pow2_sets_ ? (line & set_mask_) : (line % sets_);
  }
  // The LRU clock wrapped: restart it, keeping each set's order.
  void renumber_stamps();

  // A way's tag, LRU stamp and version in 16 bytes, so that a lookup, a
  // victim choice and an update touch the same host cache lines.
  struct Way {
    std::uint64_t tag;    // line + 1 (0: empty)
    std::uint32_t stamp;  // LRU clock of the last use; 0 when empty
    Version version;      // the oracle version this copy holds
  };
  static_assert(sizeof(Way) == 16);

  unsigned ways_;
  std::uint64_t sets_;
  bool pow2_sets_;
  std::uint64_t set_mask_;
  static constexpr std::uint8_t kDirty = 1, kPrefetched = 2;
  void drop_flags(Slot s) {
    if (flags_[s] & kPrefetched) [[unlikely]]
      ++prefetches_dropped_unused_;
  }

  std::vector<Way> ways_array_;
  std::vector<std::uint8_t> flags_;  // per slot: kDirty, kPrefetched
  std::uint64_t prefetches_dropped_unused_ = 0;
  std::uint32_t clock_ = 0;
};

}  // namespace cohsim
