// WB, WC and UC mappings on the flat test platform (1 ns cycles, 100 ns DRAM,
// 4 misses in flight, 2 WC buffers, 1 WC read in flight, 8-byte UC accesses).
#include <gtest/gtest.h>

#include <sstream>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::stat;

TEST(Mapping, WcStoresBypassTheCachesAndCombineIntoLines) {
  std::ostringstream t;
  t << "map 0 4096 wc\n";
  for (int i = 0; i < 512; ++i) t << "w " << i * 8 << " 8\n";  // 8-byte stores
  t << "barrier\n";
  const json run = test::simulate(test::flat_platform(), t.str());
  EXPECT_EQ(stat(run, "memories", "dram", "writes"), 64u);  // one burst per line
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_written"), 4096u);
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_read"), 0u);
  EXPECT_EQ(stat(run, "caches", "l1d", "write_hits") + stat(run, "caches", "l1d", "write_misses"), 0u);
}

TEST(Mapping, WcReadsAreSlowerByTheRatioOfReadsInFlight) {
  const std::uint64_t n = 400;
  const std::string range = "0 " + std::to_string(n * 64);
  // WC: one line read in flight, each 100 ns: N x 100 ns.
  const json wc = test::simulate(test::flat_platform(), "map " + range + " wc\nr " + range + "\n");
  EXPECT_EQ(stat(wc, "agents", "cpu0", "elapsed"), n * 100);
  EXPECT_EQ(stat(wc, "caches", "l1d", "read_misses"), 0u);
  // WB, cold: 4 misses in flight, each 101 ns.
  const json wb = test::simulate(test::flat_platform(), "r " + range + "\n");
  EXPECT_EQ(stat(wb, "agents", "cpu0", "elapsed"), 101 * ((n - 1) / 4) + (n - 1) % 4 + 101);
  const double ratio = static_cast<double>(stat(wc, "agents", "cpu0", "elapsed")) / static_cast<double>(stat(wb, "agents", "cpu0", "elapsed"));
  EXPECT_NEAR(ratio, 4.0 * 100 / 101, 0.05);
}

TEST(Mapping, UcAccessesAreSerialised) {
  // 64 bytes through a UC mapping: eight 8-byte accesses, one after another.
  const json run = test::simulate(test::flat_platform(), "map 0 4096 uc\nr 0 64\n");
  EXPECT_EQ(stat(run, "agents", "cpu0", "elapsed"), 8u * 100);
  EXPECT_EQ(stat(run, "agents", "cpu0", "uncached_accesses"), 8u);
}

TEST(Mapping, RemappingAsWbMakesARangeCachedAgain) {
  const json run = test::simulate(test::flat_platform(), "map 0 8192 uc\nmap 0 4096 wb\nr 0 4096\nr 4096 64\n");
  EXPECT_EQ(stat(run, "caches", "l1d", "read_misses"), 64u);
  EXPECT_EQ(stat(run, "agents", "cpu0", "uncached_accesses"), 8u);  // the UC half still is
}

TEST(Mapping, WcWritesReachMemoryOnlyAtTheBarrier) {
  // A partial line sits in a WC buffer: a device reading memory before the
  // barrier sees the old data, after it the new.
  const json before = test::simulate(test::flat_platform(), "map 0 4096 wc\nw 0 8\ndev dev r 0 64\nbarrier\n");
  EXPECT_EQ(stat(before, "agents", "dev", "stale_reads"), 1u);
  const json after = test::simulate(test::flat_platform(), "map 0 4096 wc\nw 0 8\nbarrier\ndev dev r 0 64\n");
  EXPECT_EQ(stat(after, "agents", "dev", "stale_reads"), 0u);
}

}  // namespace
}  // namespace cohsim
