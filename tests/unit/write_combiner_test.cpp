#include "models/cpu/write_combiner.h"

#include <gtest/gtest.h>

namespace cohsim {

TEST(WriteCombiner, ACompleteLineLeavesAsOneFullBurst) {
  WriteCombiner wc(4, 64);
  for (unsigned i = 0; i < 7; ++i) EXPECT_EQ(wc.store(10, 8, i + 1).count, 0u);
  const auto out = wc.store(10, 8, 8);
  ASSERT_EQ(out.count, 1u);
  EXPECT_EQ(out.items[0].line, 10u);
  EXPECT_TRUE(out.items[0].full);
  EXPECT_EQ(out.items[0].version, 8u);
  EXPECT_EQ(wc.open_buffers(), 0u);
}

TEST(WriteCombiner, RunningOutOfBuffersEvictsTheOldestPartialLine) {
  WriteCombiner wc(2, 64);
  wc.store(1, 8, 1);
  wc.store(2, 8, 1);
  const auto out = wc.store(3, 8, 1);
  ASSERT_EQ(out.count, 1u);
  EXPECT_EQ(out.items[0].line, 1u);
  EXPECT_FALSE(out.items[0].full);
  const auto rest = wc.drain();
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0].line, 2u);
  EXPECT_EQ(rest[1].line, 3u);
}

TEST(WriteCombiner, EvictionAndCompletionInOneStore) {
  WriteCombiner wc(1, 64);
  wc.store(1, 8, 1);
  const auto out = wc.store(2, 64, 2);
  ASSERT_EQ(out.count, 2u);
  EXPECT_EQ(out.items[0].line, 1u);
  EXPECT_EQ(out.items[1].line, 2u);
  EXPECT_TRUE(out.items[1].full);
}

}  // namespace cohsim
