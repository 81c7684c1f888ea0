// DRAM and link timing rules against their formulas.
#include <gtest/gtest.h>

#include "models/common/link.h"
#include "models/dram/dram.h"

namespace cohsim {
namespace {

// Settings as a platform names them, with the line size elaboration adds.
DramParams dram_params(double latency_ns, double bandwidth_gbps, unsigned line_bytes, unsigned burst_bytes = 64) {
  DramParams p;
  p.latency_ns = latency_ns;
  p.bandwidth_gbps = bandwidth_gbps;
  p.burst_bytes = burst_bytes;
  p.line_bytes = line_bytes;
  return p;
}

}  // namespace

TEST(DramTiming, OneRequestSeesTheUnloadedLatency) {
  DramTiming dram(dram_params(90.0, 25.6, 64));
  EXPECT_EQ(dram.access(ns_to_ticks(1000), 64), ns_to_ticks(1090));
}

TEST(DramTiming, BackToBackRequestsReachThePeakBandwidth) {
  const double gbps = 25.6;
  DramTiming dram(dram_params(90.0, gbps, 64));
  const int n = 10000;
  Tick last = 0;
  for (int i = 0; i < n; ++i) last = dram.access(0, 64);
  // The n-th request starts after n-1 transfers and then takes the latency.
  EXPECT_EQ(last, static_cast<Tick>(n - 1) * transfer_ticks(64, gbps) + ns_to_ticks(90));
  const double achieved = 64.0 * n / ticks_to_ns(dram.busy_until());
  EXPECT_NEAR(achieved, gbps, 1e-9 * gbps);
}

TEST(DramTiming, APartialAccessOccupiesAWholeBurst) {
  // 8-byte accesses back to back: each takes a 64-byte burst's transfer, not 8 bytes'.
  const double gbps = 25.6;
  for (const unsigned burst : {64u, 32u}) {
    DramTiming dram(dram_params(90.0, gbps, 64, burst));
    const int n = 1000;
    Tick last = 0;
    for (int i = 0; i < n; ++i) last = dram.access(0, 8);
    EXPECT_EQ(last, static_cast<Tick>(n - 1) * transfer_ticks(burst, gbps) + ns_to_ticks(90)) << burst;
    // Whole lines are whole bursts: unchanged.
    DramTiming lines(dram_params(90.0, gbps, 64, burst));
    for (int i = 0; i < n; ++i) last = lines.access(0, 64);
    EXPECT_EQ(last, static_cast<Tick>(n - 1) * transfer_ticks(64, gbps) + ns_to_ticks(90)) << burst;
    // 40 bytes take two 32-byte bursts, or one 64-byte burst.
    DramTiming odd(dram_params(90.0, gbps, 64, burst));
    for (int i = 0; i < n; ++i) last = odd.access(0, 40);
    EXPECT_EQ(last, static_cast<Tick>(n - 1) * transfer_ticks(64, gbps) + ns_to_ticks(90)) << burst;
  }
}

TEST(DramTiming, SpacedRequestsDoNotQueue) {
  DramTiming dram(dram_params(50.0, 64.0, 64));  // a line every 1 ns
  for (int i = 0; i < 100; ++i) EXPECT_EQ(dram.access(ns_to_ticks(2.0 * i), 64), ns_to_ticks(2.0 * i + 50));
}

// After an idle hour (a paced trace, a pause) a request is served unloaded,
// and a burst then queues as before. The calendar used to walk the hour
// window by window (tens of millions of them per second of gap: minutes of
// run time and gigabytes); it now starts again where that walk would leave it.
TEST(DramTiming, ARequestAfterAnIdleHourIsServedUnloadedAndAtOnce) {
  const double gbps = 25.6;
  DramTiming dram(dram_params(90.0, gbps, 64));
  EXPECT_EQ(dram.access(0, 64), ns_to_ticks(90));
  const Tick hour = ns_to_ticks(3600.0 * 1e9);
  EXPECT_EQ(dram.access(hour, 64), hour + ns_to_ticks(90));
  Tick last = 0;
  for (int i = 0; i < 100; ++i) last = dram.access(hour, 64);
  EXPECT_EQ(last, hour + 100 * transfer_ticks(64, gbps) + ns_to_ticks(90));
}

TEST(Link, AddsLatencyAndSerialisesOnBandwidth) {
  Link unlimited(LinkParams{5.0, 0.0});
  EXPECT_EQ(unlimited.traverse(0, 64), ns_to_ticks(5));
  EXPECT_EQ(unlimited.traverse(0, 64), ns_to_ticks(5));
  Link narrow(LinkParams{0.0, 32.0});  // 2 ns per line
  EXPECT_EQ(narrow.traverse(0, 64), 0u);
  EXPECT_EQ(narrow.traverse(0, 64), ns_to_ticks(2));
  EXPECT_EQ(narrow.traverse(ns_to_ticks(10), 64), ns_to_ticks(10));
}

}  // namespace cohsim
