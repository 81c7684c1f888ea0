#include <gtest/gtest.h>

#include "models/common/time.h"
#include "sim/util/units.h"

namespace cohsim {

TEST(ByteSize, ParsesPlainAndSuffixed) {
  EXPECT_EQ(parse_byte_size("4096"), 4096u);
  EXPECT_EQ(parse_byte_size("48KiB"), 48u * 1024);
  EXPECT_EQ(parse_byte_size("1.25MiB"), 1310720u);
  EXPECT_EQ(parse_byte_size("30 MiB"), 30u << 20);
  EXPECT_EQ(parse_byte_size("2GiB"), 2ull << 30);
}

TEST(ByteSize, RejectsNonsense) {
  EXPECT_FALSE(parse_byte_size(""));
  EXPECT_FALSE(parse_byte_size("KiB"));
  EXPECT_FALSE(parse_byte_size("-4KiB"));
  EXPECT_FALSE(parse_byte_size("1.3B"));  // not a whole number of bytes
  EXPECT_FALSE(parse_byte_size("12 kb"));
}

TEST(ByteSize, FormatsBackToTheLargestExactUnit) {
  EXPECT_EQ(format_byte_size(49152), "48 KiB");
  EXPECT_EQ(format_byte_size(30u << 20), "30 MiB");
  EXPECT_EQ(format_byte_size(1310720), "1280 KiB");
}

TEST(Clock, ConvertsCyclesAndTicks) {
  const Clock c = Clock::from_ghz(4.0);
  EXPECT_EQ(c.period, 250'000u);  // fs
  EXPECT_EQ(c.cycles(4), kTicksPerNs);
  EXPECT_EQ(c.to_cycles(kTicksPerNs), 4u);
  EXPECT_EQ(c.to_cycles(kTicksPerNs + 1), 5u);  // a started cycle counts
  const Clock arm = Clock::from_ghz(2.8);
  EXPECT_NEAR(static_cast<double>(arm.period), 1e6 / 2.8, 0.5);
}

TEST(Transfer, OneGigabytePerSecondMovesOneBytePerNanosecond) {
  EXPECT_EQ(transfer_ticks(64, 64.0), kTicksPerNs);
  EXPECT_EQ(transfer_ticks(64, 1.0), 64 * kTicksPerNs);
  EXPECT_EQ(transfer_ticks(64, 0.0), 0u);  // unlimited
}

}  // namespace cohsim

#include "models/common/lt_sockets.h"

namespace cohsim {

TEST(DelayOf, MatchesFromValue) {
  for (Tick t : {Tick{0}, Tick{1}, Tick{357143}, Tick{1} << 40, (Tick{1} << 62) + 7})
    EXPECT_EQ(delay_of(t), sc_core::sc_time::from_value(t)) << t;
}

}  // namespace cohsim
