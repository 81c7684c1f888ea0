// Cache maintenance by VA range: what it writes back, what it costs.
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::stat;

TEST(Maintenance, CleaningCleanLinesWritesNothingBack) {
  const json run = test::simulate(test::flat_platform(), "r 0 2048\nclean 0 2048\nbarrier\n");
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_written"), 0u);
  EXPECT_EQ(stat(run, "caches", "l1d", "maintenance_lines_present"), 32u);
  EXPECT_EQ(stat(run, "caches", "l1d", "maintenance_dirty_written"), 0u);
  EXPECT_EQ(stat(run, "agents", "cpu0", "maintenance_lines"), 32u);
  EXPECT_EQ(stat(run, "agents", "cpu0", "maintenance_issue"), 32u * 10);  // 10 cycles per line
}

// N full-line stores (one cycle each, no fetch), a barrier, a clean of the
// range at c cycles per line, a barrier (b = 20 cycles). Line i's write-back
// starts at t0 + i*c and memory takes L = 100 ns plus 1 ns per line queued.
std::uint64_t clean_elapsed(std::uint64_t n, double c) {
  json p = test::flat_platform();
  p.merge_patch({{"cpus", {{"cpu0", {{"maintenance", {{"clean_cycles_per_line", c}}}}}}}});
  const std::string range = "0 " + std::to_string(n * 64);
  const json run = test::simulate(p, "w " + range + "\nbarrier\nclean " + range + "\nbarrier\n");
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_written"), n * 64);
  EXPECT_EQ(stat(run, "caches", "l1d", "maintenance_dirty_written"), n);
  EXPECT_EQ(stat(run, "caches", "l1d", "dirty_lines_at_end"), 0u);
  return stat(run, "agents", "cpu0", "elapsed");
}

TEST(Maintenance, CleaningDirtyLinesCostsIssuePlusWriteBackLatency) {
  // Issue-bound (c = 10 ns > 1 ns per line): the last write-back starts at
  // t0 + (N-1)c and ends L later.
  const std::uint64_t n = 32, b = 20, L = 100;
  EXPECT_EQ(clean_elapsed(n, 10), n + b + std::max(n * 10, (n - 1) * 10 + L) + b);
}

TEST(Maintenance, CleaningDirtyLinesIsBoundByMemoryBandwidth) {
  // Bandwidth-bound (c = 0.25 ns < 1 ns per line): write-back i starts at
  // t0 + i ns.
  const std::uint64_t n = 32, b = 20, L = 100;
  EXPECT_EQ(clean_elapsed(n, 0.25), n + b + (n - 1) + L + b);
}

TEST(Maintenance, PureInvalidateLosesDirtyDataAndReadsGoStale) {
  const std::string trace = "w 0 2048\ninval 0 2048\nbarrier\nr 0 2048\n";
  const json run = test::simulate(test::flat_platform(), trace);
  EXPECT_EQ(stat(run, "caches", "l1d", "maintenance_dirty_discarded"), 32u);
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_written"), 0u);
  EXPECT_EQ(stat(run, "agents", "cpu0", "stale_reads"), 32u);  // memory never saw the stores
}

TEST(Maintenance, CoreThatUpgradesInvalidateToCleanKeepsTheData) {
  json p = test::flat_platform();
  p.merge_patch({{"cpus", {{"cpu0", {{"maintenance", {{"invalidate_cleans_dirty", true}}}}}}}});
  const json run = test::simulate(p, "w 0 2048\ninval 0 2048\nbarrier\nr 0 2048\n");
  EXPECT_EQ(stat(run, "caches", "l1d", "maintenance_dirty_discarded"), 0u);
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_written"), 32u * 64);
  EXPECT_EQ(stat(run, "agents", "cpu0", "stale_reads"), 0u);
}

TEST(Maintenance, CleanReachesThePointOfCoherencyThroughEveryLevel) {
  // 1 MiB of stores spreads dirty lines over L1, L2 and L3 (and memory); a
  // clean of the range leaves none dirty, every line reaches memory exactly
  // once, and a non-coherent device then reads nothing stale.
  for (const char* preset : {"x86-llc", "arm-soc"}) {
    const json run = test::simulate_preset(preset, "w 0x100000 1MiB\nclean 0x100000 1MiB\nbarrier\ndev gpu r 0x100000 1MiB\n",
                                           {{"devices", {{"gpu", {{"coherent", false}}}}}});
    EXPECT_EQ(stat(run, "memories", "dram", "bytes_written"), 1u << 20) << preset;
    std::uint64_t dirty = 0;
    for (const auto& [name, cache] : run.at("caches").items()) dirty += cache.at("dirty_lines_at_end").at("value").get<std::uint64_t>();
    EXPECT_EQ(dirty, 0u) << preset;
    EXPECT_EQ(stat(run, "agents", "gpu", "stale_reads"), 0u) << preset;
  }
}

}  // namespace
}  // namespace cohsim
