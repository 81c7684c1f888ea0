// Cache maintenance by VA range: what it writes back, what it costs.
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::stat;

TEST(Maintenance, CleaningCleanLinesWritesNothingBack) {
  const json run = test::simulate(test::flat_platform(), "r 0 2048\nbarrier\nclean 0 2048\nbarrier\n");
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_written"), 0u);
  EXPECT_EQ(stat(run, "caches", "l1d", "maintenance_lines_present"), 32u);
  EXPECT_EQ(stat(run, "caches", "l1d", "maintenance_dirty_written"), 0u);
  EXPECT_EQ(stat(run, "agents", "cpu0", "maintenance_lines"), 32u);
  EXPECT_EQ(stat(run, "agents", "cpu0", "maintenance_issue"), 32u * 10);  // 10 cycles per line
}

// N full-line stores (one cycle each, no fetch), a barrier, a clean of the
// range at c cycles per line, a barrier (b = 20 cycles). Each line's clean
// holds one of the core's K = 4 miss registers until its write-back has been
// absorbed: memory takes a write as soon as its transfer is done (writes are
// posted; memory moves a line per ns), not its 100 ns latency later.
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

TEST(Maintenance, CleaningDirtyLinesCostsTheirIssueWhenMemoryKeepsUp) {
  // 10 ns per line: each write-back is done 1 ns after its line issued, so
  // one register is ever busy, and the flush costs its issue, the last
  // line's included (the write-back is done before the barrier comes).
  const std::uint64_t b = 20;
  EXPECT_EQ(clean_elapsed(4, 10), 4 + b + 4 * 10 + b);
  EXPECT_EQ(clean_elapsed(32, 10), 32 + b + 32 * 10 + b);
}

TEST(Maintenance, CleaningDirtyLinesIsBoundByMemoryTakingTheirWriteBacks) {
  // 0.25 ns per line is faster than memory's 1 ns per line: line k's
  // write-back is done at k + 1 ns, and the flush runs at memory's rate. A
  // clean line would be bound by the issue rate alone (Intel optimization
  // manual, CLFLUSHOPT: flushing modified lines costs more than clean ones).
  const std::uint64_t n = 32, b = 20;
  EXPECT_EQ(clean_elapsed(n, 0.25), n + b + n + b);
}

TEST(Maintenance, EveryLineCostsARoundTripToThePointOfCoherencyEvenWhenNoCacheHoldsIt) {
  // The flat platform with 50 ns between the bus and memory: a round trip
  // from the core to the point of coherency is 1 ns (L1) + 50 ns. Cleaning N
  // lines that no cache holds at 1 cycle per line: each holds a register for
  // the round trip, so K = 4 registers clean 4 lines per 51 ns, and the
  // barrier waits for the last.
  json p = test::flat_platform();
  p.merge_patch({{"cpus", {{"cpu0", {{"maintenance", {{"clean_cycles_per_line", 1}}}}}}}, {"fabrics", {{"bus", {{"downstream", {{"latency_ns", 50}}}}}}}});
  const std::uint64_t n = 64, rt = 51, K = 4, b = 20;
  const json run = test::simulate(p, "clean 0 " + std::to_string(n * 64) + "\nbarrier\n");
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_written"), 0u);
  EXPECT_EQ(stat(run, "caches", "l1d", "maintenance_lines_present"), 0u);
  EXPECT_EQ(stat(run, "agents", "cpu0", "maintenance_issue"), (n - 1) / K * rt + (n - 1) % K + 1);
  EXPECT_EQ(stat(run, "agents", "cpu0", "elapsed"), (n - 1) / K * rt + (n - 1) % K + rt + b);
  // One barrier per 16 lines instead of one at the end: each waits for its
  // group's last round trip, so batching the barriers saves time.
  std::string per_group;
  for (std::uint64_t g = 0; g < n / 16; ++g) per_group += "clean " + std::to_string(g * 16 * 64) + " 1024\nbarrier\n";
  const json grouped = test::simulate(p, per_group);
  EXPECT_EQ(stat(grouped, "agents", "cpu0", "elapsed"), n / 16 * ((16 - 1) / K * rt + (16 - 1) % K + rt + b));
  EXPECT_GT(stat(grouped, "agents", "cpu0", "elapsed"), stat(run, "agents", "cpu0", "elapsed"));
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
                                           {{"devices", {{"gpu", {{"coherence", "none"}}}}}});
    EXPECT_EQ(stat(run, "memories", "dram", "bytes_written"), 1u << 20) << preset;
    std::uint64_t dirty = 0;
    for (const auto& [name, cache] : run.at("caches").items()) dirty += cache.at("dirty_lines_at_end").at("value").get<std::uint64_t>();
    EXPECT_EQ(dirty, 0u) << preset;
    EXPECT_EQ(stat(run, "agents", "gpu", "stale_reads"), 0u) << preset;
  }
}

}  // namespace
}  // namespace cohsim
