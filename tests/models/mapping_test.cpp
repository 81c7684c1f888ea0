// WB, WC and UC mappings on the flat test platform (1 ns cycles, 100 ns DRAM,
// 4 misses in flight, 2 WC buffers, 1 plain WC load and 1 streaming line fill
// in flight, no streaming loads unless a test turns them on, 8-byte UC stores).
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

// The flat platform with streaming loads (MOVNTDQA) and the given number of
// plain loads in flight.
json with_uncached(unsigned plain_load_mlp, bool streaming_loads) {
  json p = test::flat_platform();
  p["cpus"]["cpu0"]["uncached"]["plain_load_mlp"] = plain_load_mlp;
  p["cpus"]["cpu0"]["uncached"]["streaming_loads"] = streaming_loads;
  return p;
}

TEST(Mapping, WcPlainLoadsAreOneTransactionEachOfTheirWidth) {
  // 400 lines read with plain loads of W bytes, one in flight: 25600 / W
  // transactions of 100 ns each, W bytes each.
  const std::uint64_t bytes = 400 * 64;
  for (const unsigned width : {4u, 16u, 64u}) {
    const std::string load = "r 0 " + std::to_string(bytes) + " width=" + std::to_string(width) + "\n";
    const json run = test::simulate(test::flat_platform(), "map 0 " + std::to_string(bytes) + " wc\n" + load);
    const std::uint64_t loads = bytes / width;
    EXPECT_EQ(stat(run, "agents", "cpu0", "uncached_accesses"), loads) << width;
    EXPECT_EQ(stat(run, "agents", "cpu0", "elapsed"), loads * 100) << width;
    EXPECT_EQ(stat(run, "memories", "dram", "bytes_read"), bytes) << width;
    EXPECT_EQ(stat(run, "agents", "cpu0", "loads"), 400u) << width;  // lines touched, whatever the width
    EXPECT_EQ(stat(run, "caches", "l1d", "read_misses"), 0u);
  }
  // Two in flight halve the time (the second of each pair issues a cycle, 1 ns, after the first).
  const json two = test::simulate(with_uncached(2, false), "map 0 25600 wc\nr 0 25600 width=16\n");
  EXPECT_EQ(stat(two, "agents", "cpu0", "elapsed"), 1600u / 2 * 100 + 1);
}

TEST(Mapping, StreamingLoadsFillALineAndAreSlowerThanWbByTheRatioOfReadsInFlight) {
  const std::uint64_t n = 400;
  const std::string range = "0 " + std::to_string(n * 64);
  // Streaming: one line fill in flight, each 100 ns: N x 100 ns, one transaction per line.
  const json wc = test::simulate(with_uncached(1, true), "map " + range + " wc\nr " + range + " load=streaming\n");
  EXPECT_EQ(stat(wc, "agents", "cpu0", "elapsed"), n * 100);
  EXPECT_EQ(stat(wc, "agents", "cpu0", "uncached_accesses"), n);
  // WB, cold: 4 misses in flight, each 101 ns.
  const json wb = test::simulate(test::flat_platform(), "r " + range + "\n");
  EXPECT_EQ(stat(wb, "agents", "cpu0", "elapsed"), 101 * ((n - 1) / 4) + (n - 1) % 4 + 101);
  const double ratio = static_cast<double>(stat(wc, "agents", "cpu0", "elapsed")) / static_cast<double>(stat(wb, "agents", "cpu0", "elapsed"));
  EXPECT_NEAR(ratio, 4.0 * 100 / 101, 0.05);
  // A streaming load is 4 times faster than plain 16-byte loads, one at a time each.
  const json plain = test::simulate(with_uncached(1, true), "map " + range + " wc\nr " + range + " width=16\n");
  EXPECT_EQ(stat(plain, "agents", "cpu0", "elapsed"), 4 * stat(wc, "agents", "cpu0", "elapsed"));
}

TEST(Mapping, StreamingLoadsArePlainOnACoreWithoutThemAndOnUcMemory) {
  const std::string plain = "r 0 6400 width=16\n";
  const std::string streaming = "r 0 6400 load=streaming width=16\n";
  // A core without streaming loads (arm64: LDNP is only a hint for cacheable memory).
  const json no_instruction = test::simulate(with_uncached(1, false), "map 0 6400 wc\n" + streaming);
  const json as_plain = test::simulate(with_uncached(1, false), "map 0 6400 wc\n" + plain);
  EXPECT_EQ(stat(no_instruction, "agents", "cpu0", "elapsed"), stat(as_plain, "agents", "cpu0", "elapsed"));
  EXPECT_EQ(stat(no_instruction, "agents", "cpu0", "uncached_accesses"), 400u);
  // UC overrides the hint: strongly ordered accesses of the load's width.
  const json uc = test::simulate(with_uncached(4, true), "map 0 6400 uc\n" + streaming);
  EXPECT_EQ(stat(uc, "agents", "cpu0", "uncached_accesses"), 400u);
  EXPECT_EQ(stat(uc, "agents", "cpu0", "elapsed"), 400u * 100);
}

TEST(Mapping, UcAccessesAreSerialised) {
  // 64 bytes through a UC mapping: one access per load of its width, one after another.
  const json run = test::simulate(test::flat_platform(), "map 0 4096 uc\nr 0 64 width=8\n");
  EXPECT_EQ(stat(run, "agents", "cpu0", "elapsed"), 8u * 100);
  EXPECT_EQ(stat(run, "agents", "cpu0", "uncached_accesses"), 8u);
  const json wide = test::simulate(test::flat_platform(), "map 0 4096 uc\nr 0 64\n");  // the default width, 16
  EXPECT_EQ(stat(wide, "agents", "cpu0", "uncached_accesses"), 4u);
  EXPECT_EQ(stat(wide, "agents", "cpu0", "elapsed"), 4u * 100);
  // Stores move uc_access_bytes each.
  const json stores = test::simulate(test::flat_platform(), "map 0 4096 uc\nw 0 64\n");
  EXPECT_EQ(stat(stores, "agents", "cpu0", "uncached_accesses"), 8u);
}

TEST(Mapping, RemappingAsWbMakesARangeCachedAgain) {
  const json run = test::simulate(test::flat_platform(), "map 0 8192 uc\nmap 0 4096 wb\nr 0 4096\nr 4096 64\n");
  EXPECT_EQ(stat(run, "caches", "l1d", "read_misses"), 64u);
  EXPECT_EQ(stat(run, "agents", "cpu0", "uncached_accesses"), 4u);  // the UC half still is (16-byte loads)
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
