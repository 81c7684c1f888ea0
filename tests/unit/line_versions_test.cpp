#include "models/common/line_versions.h"

#include <gtest/gtest.h>

namespace cohsim {

TEST(LineVersionMap, UnwrittenLinesAreVersionZero) {
  LineVersionMap m;
  EXPECT_EQ(m.get(12345), 0u);
  EXPECT_EQ(m.chunks(), 0u);  // reading allocates nothing
}

TEST(LineVersionMap, BumpMakesNewVersionsPerLine) {
  LineVersionMap m;
  EXPECT_EQ(m.bump(7), 1u);
  EXPECT_EQ(m.bump(7), 2u);
  EXPECT_EQ(m.bump(8), 1u);
  m.set(1ull << 40, 9);
  EXPECT_EQ(m.get(1ull << 40), 9u);
  EXPECT_EQ(m.get(7), 2u);
}

TEST(LineVersionMap, MemoryGrowsWithTheFootprintNotWithWrites) {
  LineVersionMap m;
  for (int pass = 0; pass < 10; ++pass)
    for (std::uint64_t l = 0; l < 4 * LineVersionMap::kLinesPerChunk; ++l) m.bump(l);
  EXPECT_EQ(m.chunks(), 4u);
}

}  // namespace cohsim
