// The tag array alone: LRU replacement and dirty bookkeeping, checked against
// what LRU must do by construction (no golden numbers).
#include "models/cache/tag_array.h"

#include <gtest/gtest.h>

namespace cohsim {
namespace {

// One access of a write-back, write-allocate cache; returns true on a hit
// and counts dirty evictions.
struct Sim {
  explicit Sim(TagArray::Params p)
      : tags(p) {}
  bool access(std::uint64_t line, bool write) {
    TagArray::Slot s = tags.find(line);
    if (s != TagArray::kNone) {
      tags.touch(s);
      if (write) tags.set_dirty(s, true);
      return true;
    }
    s = tags.victim_for(line);
    if (tags.valid(s)) {
      ++evictions;
      if (tags.dirty(s)) ++dirty_evictions;
    }
    tags.fill(s, line, 0, write);
    return false;
  }
  TagArray tags;
  std::uint64_t evictions = 0, dirty_evictions = 0;
};

TEST(TagArray, Geometry) {
  TagArray t({48 * 1024, 12, 64});
  EXPECT_EQ(t.sets(), 64u);
  EXPECT_EQ(t.slots(), 768u);
  TagArray llc({30ull << 20, 12, 64});  // not a power of two
  EXPECT_EQ(llc.sets(), 40960u);
  EXPECT_THROW(TagArray({48 * 1024, 7, 64}), std::invalid_argument);
}

TEST(TagArray, SweepOverTwiceTheCacheMissesEveryTimeUnderLru) {
  Sim sim({32 * 1024, 8, 64});
  const std::uint64_t lines = 2 * 32 * 1024 / 64;
  std::uint64_t hits = 0;
  for (int pass = 0; pass < 4; ++pass)
    for (std::uint64_t l = 0; l < lines; ++l) hits += sim.access(l, false);
  EXPECT_EQ(hits, 0u);
}

TEST(TagArray, WorkingSetThatFitsHitsAfterTheFirstPass) {
  Sim sim({32 * 1024, 8, 64});
  const std::uint64_t lines = 32 * 1024 / 64;
  std::uint64_t misses = 0;
  for (int pass = 0; pass < 5; ++pass)
    for (std::uint64_t l = 0; l < lines; ++l) misses += !sim.access(l * 7 % lines, false);  // any order
  EXPECT_EQ(misses, lines);
}

TEST(TagArray, DirtyEvictionsAreCountedExactly) {
  Sim sim({4096, 4, 64});  // 64 lines
  // Write 3 cache-fulls of distinct lines: every fill after the first 64 evicts
  // a dirty line.
  for (std::uint64_t l = 0; l < 192; ++l) sim.access(l, true);
  EXPECT_EQ(sim.evictions, 128u);
  EXPECT_EQ(sim.dirty_evictions, 128u);
  EXPECT_EQ(sim.tags.dirty_lines(), 64u);
  // Reading other lines evicts the remaining dirty ones, and nothing else is dirty.
  for (std::uint64_t l = 1000; l < 1064; ++l) sim.access(l, false);
  EXPECT_EQ(sim.dirty_evictions, 192u);
  EXPECT_EQ(sim.tags.dirty_lines(), 0u);
}

TEST(TagArray, LruEvictsTheLeastRecentlyUsedWay) {
  Sim sim({4 * 64, 4, 64});  // one set of 4 ways
  for (std::uint64_t l = 0; l < 4; ++l) sim.access(l, false);
  sim.access(0, false);  // 1 is now the oldest
  sim.access(4, false);
  EXPECT_NE(sim.tags.find(0), TagArray::kNone);
  EXPECT_EQ(sim.tags.find(1), TagArray::kNone);
  EXPECT_NE(sim.tags.find(2), TagArray::kNone);
}

}  // namespace
}  // namespace cohsim
