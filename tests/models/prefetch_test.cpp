// The hardware prefetcher through the whole path, against what it must do by
// construction: which lines it fetches, which it may not, and that every line
// it fetched is accounted for (used, dropped unused, or still unused at the end).
// The flat test platform (support/test_support.cpp): 1 GHz core, 1-cycle L1,
// DRAM of 100 ns and 64 GB/s, 4 core misses in flight.
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::stat;

// The flat platform with a 64 KiB L1 (1024 lines) that prefetches.
json with_prefetcher(const json& prefetch, std::uint64_t l1_size = 64 * 1024) {
  json p = test::flat_platform(l1_size, 4);
  p["caches"]["l1d"]["prefetch"] = prefetch;
  return p;
}

const json kStream = {{"kind", "stream"}, {"degree", 2}, {"distance", 8}, {"streams", 4}, {"queue", 64}};

std::uint64_t l1(const json& run, const char* counter) { return stat(run, "caches", "l1d", counter); }

TEST(Prefetch, ASequentialReadMissesThreeLinesPerPageAndUsesEveryPrefetch) {
  // Four 4 KiB pages, cold: in each page the first three accesses train the
  // stream (misses), the other 61 lines come from the prefetcher, and
  // nothing past the last page is fetched.
  const json run = test::simulate(with_prefetcher(kStream), "r 0 16KiB\n");
  EXPECT_EQ(l1(run, "read_misses"), 4 * 3u);
  EXPECT_EQ(l1(run, "prefetches"), 4 * 61u);
  EXPECT_EQ(l1(run, "prefetch_useful"), 4 * 61u);
  EXPECT_EQ(l1(run, "prefetch_useless"), 0u);
  EXPECT_EQ(l1(run, "prefetched_unused_at_end"), 0u);
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_read"), 16u * 1024);
}

TEST(Prefetch, ReadingAheadOfTheCoreIsFasterAndTheFirstPrefetchesAreLate) {
  const std::string trace = "r 0 256KiB\n";
  const json demand = test::simulate(test::flat_platform(64 * 1024, 4), trace);
  const json ahead = test::simulate(with_prefetcher(kStream), trace);
  EXPECT_LT(stat(ahead, "agents", "cpu0", "elapsed"), stat(demand, "agents", "cpu0", "elapsed"));
  // The core reads a line per ns and memory answers in 100: a stream 8 lines
  // ahead is always late, and the demand waits for the rest of its fill.
  EXPECT_GT(l1(ahead, "prefetch_late"), 0u);
  EXPECT_LE(l1(ahead, "prefetch_late"), l1(ahead, "prefetch_useful"));
  // Both read every line exactly once from memory.
  EXPECT_EQ(stat(ahead, "memories", "dram", "bytes_read"), stat(demand, "memories", "dram", "bytes_read"));
}

TEST(Prefetch, EveryPrefetchedLineIsUsedDroppedOrStillHeld) {
  // A 4 KiB L1 (64 lines) under a next-line prefetcher. Lines 4k and 4k+1
  // of 64 KiB, twice over: each ascending pair makes it fetch line 4k+2,
  // which nobody reads (useless once evicted). Then 16 lines in a row: the
  // second starts the chain, which fetches lines 2 to 16 of the run.
  json next_line = {{"kind", "next-line"}, {"degree", 1}, {"queue", 8}};
  std::string trace;
  for (int pass = 0; pass < 2; ++pass)
    for (std::uint64_t line = 0; line < 1024; line += 4) trace += "r " + std::to_string(line * 64) + " 8\nr " + std::to_string((line + 1) * 64) + " 8\n";
  trace += "r 0x100000 1KiB\n";
  const json run = test::simulate(with_prefetcher(next_line, 4096), trace);
  EXPECT_GT(l1(run, "prefetch_useless"), 0u);
  EXPECT_EQ(l1(run, "prefetches"), l1(run, "prefetch_useful") + l1(run, "prefetch_useless") + l1(run, "prefetched_unused_at_end"));
  EXPECT_EQ(l1(run, "prefetch_useful"), 14u);
  EXPECT_EQ(l1(run, "prefetches"), 2 * 256u + 15u);
}

TEST(Prefetch, AFullQueueDropsPrefetchesInsteadOfWaiting) {
  json one = kStream;
  one["queue"] = 1;
  const json run = test::simulate(with_prefetcher(one), "r 0 16KiB\n");
  EXPECT_GT(l1(run, "prefetches_dropped"), 0u);
  EXPECT_EQ(l1(run, "prefetches") + l1(run, "read_misses"), 256u);  // every line came once, by prefetch or by demand
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_read"), 16u * 1024);
}

TEST(Prefetch, ABarrierWaitsForTheDataOfLoadsThatHit) {
  // A warm line, loaded again with a barrier after it: the barrier waits for
  // the load's L1 latency (1 cycle) as well as its own 20 cycles.
  const json warm = test::simulate(test::flat_platform(), "r 0 8\nbarrier\n");
  const json again = test::simulate(test::flat_platform(), "r 0 8\nbarrier\nr 0 8\nbarrier\n");
  EXPECT_EQ(stat(again, "agents", "cpu0", "elapsed") - stat(warm, "agents", "cpu0", "elapsed"), 1u + 20u);
}

}  // namespace
}  // namespace cohsim

namespace cohsim {
namespace {

// The flat platform with an L2 (10 cycles) of `mshrs` miss registers
// between the L1 and the bus.
test::json with_l2(unsigned mshrs, const test::json& l2_prefetch = nullptr) {
  test::json p = test::flat_platform(4096, 4);
  p.merge_patch({{"caches",
                  {{"l1d", {{"downstream", {{"to", "l2"}}}}},
                   {"l2", {{"level", 2}, {"size", "64KiB"}, {"ways", 8}, {"latency_cycles", 10}, {"mshrs", mshrs}, {"downstream", {{"to", "bus"}}}}}}}});
  if (!l2_prefetch.is_null()) p["caches"]["l2"]["prefetch"] = l2_prefetch;
  return p;
}

TEST(MissRegisters, AnL2WithFewerRegistersThanTheCoreBoundsTheMissesInFlight) {
  // 64 cold lines, the core keeping 4 misses in flight, the L2 only 2: the
  // misses reach memory two at a time. Line j reaches the L2 at 11 ns
  // after it issues (1 ns L1, 10 ns L2); pair k fetches from 11 + 100k ns,
  // so the last pair's second line arrives at 112 + 100 x 31 ns.
  const test::json two = test::simulate(with_l2(2), "r 0 4KiB\n");
  EXPECT_EQ(test::stat(two, "agents", "cpu0", "elapsed"), 112u + 100 * 31);
  // Without a limit the core's 4 registers are the bound: 4 lines per
  // 111 ns round trip (as CoreOverlapsAtMostMlpMisses, with the L2's 10 ns).
  const test::json any = test::simulate(with_l2(0), "r 0 4KiB\n");
  EXPECT_EQ(test::stat(any, "agents", "cpu0", "elapsed"), 111u * (63 / 4) + 63 % 4 + 111);
}

TEST(MissRegisters, PrefetchesShareTheRegistersAndAreDroppedWhenTheyAreTaken) {
  // The same read with an L2 stream prefetcher whose own queue is large:
  // the 2 registers still bound what is in flight, so the prefetcher drops
  // most of what it asks for, and the read is no faster than 2 per 100 ns.
  const test::json stream = {{"kind", "stream"}, {"degree", 2}, {"distance", 16}, {"streams", 4}, {"queue", 64}};
  const test::json run = test::simulate(with_l2(2, stream), "r 0 4KiB\n");
  EXPECT_GT(test::stat(run, "caches", "l2", "prefetches_dropped"), 0u);
  EXPECT_GE(test::stat(run, "agents", "cpu0", "elapsed"), 100u * 64 / 2);
  EXPECT_EQ(test::stat(run, "memories", "dram", "bytes_read"), 4096u);
}

}  // namespace
}  // namespace cohsim
