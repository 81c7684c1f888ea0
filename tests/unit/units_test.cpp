#include "sim/util/units.h"

#include <gtest/gtest.h>

#include "models/common/time.h"
#include "sim/util/checked_number.h"

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
  for (Tick t : {Tick{0}, Tick{1}, Tick{357143}, Tick{1} << 40, (Tick{1} << 62) + 7}) EXPECT_EQ(delay_of(t), sc_core::sc_time::from_value(t)) << t;
}

}  // namespace cohsim

namespace cohsim {
namespace {

TEST(CheckedNumber, TakesWholeTokensThatFit) {
  std::uint32_t u32 = 7;
  EXPECT_EQ(to_number(std::string_view("4294967295"), u32), NumberError::none);
  EXPECT_EQ(u32, 4294967295u);
  EXPECT_EQ(to_number(std::string_view("4294967296"), u32), NumberError::out_of_range);
  EXPECT_EQ(to_number(std::string_view("-1"), u32), NumberError::not_a_number);
  EXPECT_EQ(to_number(std::string_view("12abc"), u32), NumberError::not_a_number);
  EXPECT_EQ(to_number(std::string_view(""), u32), NumberError::not_a_number);
  std::uint64_t hex = 0;
  EXPECT_EQ(to_number(std::string_view("ffffffffffffffff"), hex, 16), NumberError::none);
  EXPECT_EQ(hex, ~std::uint64_t{0});
  double d = 0;
  EXPECT_EQ(to_number(std::string_view("1e999"), d), NumberError::out_of_range);
  EXPECT_EQ(to_number(std::string_view("nan"), d), NumberError::out_of_range);
  EXPECT_EQ(to_number(std::string_view("2.5"), d), NumberError::none);
  EXPECT_EQ(d, 2.5);
}

TEST(CheckedNumber, FailuresNameFileLineAndColumn) {
  try {
    checked_number<std::uint64_t>("177777777777777777777777777234345", TextPlace{"w.log", 3, 2}, "a timestamp");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "w.log");
    EXPECT_EQ(e.place(), "3:2");
    EXPECT_EQ(e.message(), "a timestamp \"177777777777777777777777777234345\" is out of range (at most 18446744073709551615)");
  }
  try {
    checked_number<std::int32_t>("12x", TextPlace{"f", 9, 0}, "an object id");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.place(), "9");
    EXPECT_EQ(e.message(), "expected an object id (an integer), got \"12x\"");
  }
}

}  // namespace
}  // namespace cohsim
