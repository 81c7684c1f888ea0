// DRAM and the core's miss handling through the whole path, against formulas.
// The flat test platform: 1 GHz core (1 cycle = 1 ns), 1-cycle L1, DRAM with
// 100 ns latency and 64 GB/s (1 ns per line), core with 4 misses in flight.
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::stat;

TEST(MemoryModel, UnloadedLatencyIsL1PlusDram) {
  const json run = test::simulate(test::flat_platform(), "r 0 64\n");
  EXPECT_EQ(stat(run, "agents", "cpu0", "elapsed"), 1u + 100u);
}

TEST(MemoryModel, DeviceStreamReachesThePeakBandwidth) {
  // 1000 lines requested faster than memory serves them (the device issues
  // one every 0.5 ns): line i starts at i ns, so the last completes at
  // (N-1) x 64 B / 64 GB/s + 100 ns.
  const json run = test::simulate(test::flat_platform(), "dev dev r 0 64000\n");
  EXPECT_DOUBLE_EQ(test::stat_ns(run, "agents", "dev", "busy"), 999.0 + 100.0);
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_read"), 64000u);
  EXPECT_DOUBLE_EQ(run.at("simulated_time").at("value").get<double>(), 1099.0);
}

// x86-dgpu's GPU reaches system memory over its PCIe link: a frame it
// writes streams at the link's 24 GB/s (every line crosses it; the link,
// not DDR5's 76.8 GB/s or the GPU's issue rate, sets the pace), snooped, so
// that the CPU reads no stale line and no policy needs maintenance.
TEST(MemoryModel, TheDiscreteGpuStreamsSystemMemoryAtItsLinkRate) {
  const std::string trace = "buffer fb 1920x1080 XRGB8888\nimport fb gpu\nmmap fb\ncpu r fb\ndma gpu w fb\nfence signal gpu 1\nfence wait cpu 1\ncpu r fb\n";
  const json run = test::simulate_preset("x86-dgpu", trace);
  const double bytes = 1920.0 * 1080 * 4, link_ns = bytes / 24.0;
  const double busy = test::stat_ns(run, "agents", "gpu", "busy");
  EXPECT_GE(busy, link_ns);
  EXPECT_LE(busy, link_ns + 1000);  // plus one line's trip
  EXPECT_EQ(stat(run, "agents", "cpu0", "maintenance_lines"), 0u);
  EXPECT_EQ(stat(run, "agents", "cpu0", "stale_reads"), 0u);  // no sync: the GPU's snooped writes dropped the CPU's copies
}

TEST(MemoryModel, SlowerMemoryHalvesTheStreamRate) {
  json p = test::flat_platform();
  p.merge_patch({{"memories", {{"dram", {{"bandwidth_gbps", 32}}}}}});
  const json run = test::simulate(p, "dev dev r 0 64000\n");
  EXPECT_DOUBLE_EQ(test::stat_ns(run, "agents", "dev", "busy"), 2.0 * 999 + 100);
}

TEST(MemoryModel, CoreOverlapsAtMostMlpMisses) {
  // N cold lines with 4 misses in flight: line j issues at 101*(j/4) + j%4 and
  // completes 101 ns later (1 ns L1 + 100 ns DRAM).
  const std::uint64_t n = 1000;
  const json run = test::simulate(test::flat_platform(), "r 0 " + std::to_string(n * 64) + "\n");
  EXPECT_EQ(stat(run, "agents", "cpu0", "elapsed"), 101 * ((n - 1) / 4) + (n - 1) % 4 + 101);
  EXPECT_EQ(stat(run, "caches", "l1d", "read_misses"), n);
}

TEST(MemoryModel, HitsCostOnlyIssueBandwidth) {
  // 64 lines fit in L1: the second pass is 64 hits at one line per cycle.
  const json cold = test::simulate(test::flat_platform(), "r 0 4096\n");
  const json warm = test::simulate(test::flat_platform(), "r 0 4096\nbarrier\nr 0 4096\n");
  const std::uint64_t second_pass = stat(warm, "agents", "cpu0", "elapsed") - stat(cold, "agents", "cpu0", "elapsed") - 20;  // minus the barrier
  EXPECT_EQ(second_pass, 64u);
}

}  // namespace
}  // namespace cohsim

namespace cohsim {
namespace {

TEST(MemoryModel, AGpuSharingTheLlcWritesIntoItAndTheCpuReadsBackFromIt) {
  // x86-llc's GPU writes 4 MiB (inside the 30 MiB LLC), then the core reads
  // it: every line hits the LLC, memory saw no write. With the writes going
  // to memory instead (an IO-coherent port), every read misses to memory.
  const std::string trace = "dev gpu w 0x1000000 4MiB\nr 0x1000000 4MiB\n";
  const std::uint64_t lines = (4u << 20) / 64;
  const test::json shared = test::simulate_preset("x86-llc", trace);
  EXPECT_EQ(test::stat(shared, "caches", "llc", "device_writes"), lines);
  EXPECT_EQ(test::stat(shared, "fabrics", "ring", "allocated_writes"), lines);
  EXPECT_EQ(test::stat(shared, "memories", "dram", "bytes_written"), 0u);
  EXPECT_EQ(test::stat(shared, "caches", "llc", "read_hits"), lines);
  EXPECT_EQ(test::stat(shared, "memories", "dram", "bytes_read"), 0u);
  EXPECT_EQ(test::stat(shared, "agents", "cpu0", "stale_reads"), 0u);

  const test::json io = test::simulate_preset("x86-llc", trace, {{"devices", {{"gpu", {{"coherence", "io"}}}}}});
  EXPECT_EQ(test::stat(io, "caches", "llc", "device_writes"), 0u);
  EXPECT_EQ(test::stat(io, "memories", "dram", "bytes_written"), 4u << 20);
  EXPECT_EQ(test::stat(io, "memories", "dram", "bytes_read"), 4u << 20);
  EXPECT_EQ(test::stat(io, "agents", "cpu0", "stale_reads"), 0u);
  EXPECT_LT(test::stat(shared, "agents", "cpu0", "elapsed"), test::stat(io, "agents", "cpu0", "elapsed"));
}

TEST(MemoryModel, LinesADeviceWroteIntoTheLlcReachMemoryWhenEvicted) {
  // 40 MiB written by the GPU into a 30 MiB LLC: what does not fit is written
  // back to memory as it is evicted, and a device that does not snoop then
  // reads the newest data only for lines that left the LLC.
  const test::json run = test::simulate_preset("x86-llc", "dev gpu w 0x1000000 40MiB\n");
  const std::uint64_t lines = (40u << 20) / 64, llc_lines = (30u << 20) / 64;
  EXPECT_EQ(test::stat(run, "caches", "llc", "device_writes"), lines);
  EXPECT_EQ(test::stat(run, "memories", "dram", "bytes_written"), (lines - llc_lines) * 64);
  EXPECT_EQ(test::stat(run, "caches", "llc", "dirty_lines_at_end"), llc_lines);
}

}  // namespace
}  // namespace cohsim
