// The caches through the whole SystemC path (trace -> core -> L1 -> fabric ->
// DRAM), checked against what write-back, write-allocate LRU caches must do.
#include <gtest/gtest.h>

#include <sstream>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::stat;

// `passes` sweeps over `lines` consecutive lines with one op per line.
std::string sweep(const char* op, std::uint64_t lines, int passes, std::uint64_t bytes = 64, std::uint64_t base = 0) {
  std::ostringstream t;
  for (int p = 0; p < passes; ++p)
    for (std::uint64_t l = 0; l < lines; ++l) t << op << " " << base + l * 64 << " " << bytes << "\n";
  return t.str();
}

TEST(CacheModel, SweepOverTwiceTheCacheMissesOnEveryAccess) {
  const json run = test::simulate(test::flat_platform(4096, 4), sweep("r", 128, 3));
  EXPECT_EQ(stat(run, "caches", "l1d", "read_misses"), 384u);
  EXPECT_EQ(stat(run, "caches", "l1d", "read_hits"), 0u);
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_read"), 384u * 64);
}

TEST(CacheModel, WorkingSetThatFitsHitsAfterTheFirstPass) {
  const json run = test::simulate(test::flat_platform(4096, 4), sweep("r", 64, 5));
  EXPECT_EQ(stat(run, "caches", "l1d", "read_misses"), 64u);
  EXPECT_EQ(stat(run, "caches", "l1d", "read_hits"), 256u);
}

TEST(CacheModel, DirtyEvictionsAreCountedExactly) {
  // 192 distinct full-line stores into a 64-line cache: the first 64 fill
  // empty ways, each later one evicts a dirty line.
  const json run = test::simulate(test::flat_platform(4096, 4), sweep("w", 192, 1));
  EXPECT_EQ(stat(run, "caches", "l1d", "write_misses"), 192u);
  EXPECT_EQ(stat(run, "caches", "l1d", "evictions"), 128u);
  EXPECT_EQ(stat(run, "caches", "l1d", "writebacks"), 128u);
  EXPECT_EQ(stat(run, "caches", "l1d", "dirty_lines_at_end"), 64u);
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_written"), 128u * 64);
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_read"), 0u);  // write streaming: whole lines are not fetched
}

TEST(CacheModel, WriteAllocateFetchesUnlessTheStoreCoversTheLine) {
  json fetching = test::flat_platform();
  fetching.merge_patch({{"caches", {{"l1d", {{"full_line_write_miss", "fetch"}}}}}});
  EXPECT_EQ(stat(test::simulate(fetching, sweep("w", 32, 1)), "memories", "dram", "bytes_read"), 32u * 64);
  // A partial store always fetches, whatever the setting.
  EXPECT_EQ(stat(test::simulate(test::flat_platform(), sweep("w", 32, 1, 8)), "memories", "dram", "bytes_read"), 32u * 64);
}

TEST(CacheModel, RangesSplitIntoLines) {
  // 100 bytes starting 10 bytes before a line boundary touch 3 lines.
  const json run = test::simulate(test::flat_platform(), "r 54 100\n");
  EXPECT_EQ(stat(run, "agents", "cpu0", "loads"), 3u);
  EXPECT_EQ(stat(run, "agents", "cpu0", "load_bytes"), 100u);
}

// L1 4 KiB 4-way above a 4 KiB direct-mapped L2 whose inclusion is `inclusion`.
json two_levels(const char* inclusion) {
  json p = test::flat_platform(4096, 4);
  p.merge_patch({{"caches",
                  {{"l1d", {{"downstream", {{"to", "l2"}}}}},
                   {"l2", {{"level", 2}, {"size", 4096}, {"ways", 1}, {"latency_cycles", 4}, {"inclusion", inclusion}, {"downstream", {{"to", "bus"}}}}}}}});
  return p;
}

TEST(CacheModel, EveryInclusionPolicyKeepsDirtyData) {
  // 96 dirty lines pushed through two levels and out by 256 reads of other
  // lines: every dirty line reaches memory exactly once, whatever the policy.
  const std::string trace = sweep("w", 96, 1) + sweep("r", 256, 1, 64, 1 << 20);
  for (const char* inclusion : {"inclusive", "non-inclusive", "exclusive"}) {
    const json run = test::simulate(two_levels(inclusion), trace);
    const std::uint64_t still_dirty = stat(run, "caches", "l1d", "dirty_lines_at_end") + stat(run, "caches", "l2", "dirty_lines_at_end");
    EXPECT_EQ(still_dirty, 0u) << inclusion;
    EXPECT_EQ(stat(run, "memories", "dram", "bytes_written"), 96u * 64) << inclusion;
  }
}

TEST(CacheModel, InclusiveLevelBackInvalidatesTheLevelAbove) {
  // Lines 0 and 64 share the direct-mapped L2's set 0: each read of one
  // evicts the other from L2, which must take it out of L1 too (twice here).
  const std::string trace = "r 0 64\nr 4096 64\nr 0 64\n";
  const json inclusive = test::simulate(two_levels("inclusive"), trace);
  EXPECT_EQ(stat(inclusive, "caches", "l2", "back_invalidations"), 2u);
  EXPECT_EQ(stat(inclusive, "caches", "l1d", "read_misses"), 3u);  // the third read misses again
  const json non_inclusive = test::simulate(two_levels("non-inclusive"), trace);
  EXPECT_EQ(stat(non_inclusive, "caches", "l2", "back_invalidations"), 0u);
  EXPECT_EQ(stat(non_inclusive, "caches", "l1d", "read_misses"), 2u);  // L1 still holds line 0
}

TEST(CacheModel, ExclusiveLevelHoldsWhatTheLevelAboveEvicted) {
  // 96 lines cycle through a 64-line L1 above a 64-line exclusive L2: together
  // they hold 128 lines, so after the first pass nothing comes from memory.
  // A non-inclusive L2 of the same size duplicates L1's lines and thrashes.
  const std::string trace = sweep("r", 96, 4);
  const json exclusive = test::simulate(two_levels("exclusive"), trace);
  EXPECT_EQ(stat(exclusive, "memories", "dram", "bytes_read"), 96u * 64);
  const json non_inclusive = test::simulate(two_levels("non-inclusive"), trace);
  EXPECT_GT(stat(non_inclusive, "memories", "dram", "bytes_read"), 96u * 64 * 2);
}

}  // namespace
}  // namespace cohsim
