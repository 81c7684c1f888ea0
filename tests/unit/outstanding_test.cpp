#include "models/common/outstanding.h"

#include <gtest/gtest.h>

namespace cohsim {

TEST(Outstanding, WaitsForTheEarliestCompletionWhenFull) {
  Outstanding o(2);
  EXPECT_EQ(o.slot_free_at(0), 0u);
  o.add(100);
  EXPECT_EQ(o.slot_free_at(0), 0u);
  o.add(50);
  EXPECT_EQ(o.slot_free_at(10), 50u);  // full: the earliest (50) frees a slot
  o.add(200);
  EXPECT_EQ(o.slot_free_at(60), 100u);
  o.add(300);
  EXPECT_EQ(o.drained(0), 300u);
}

TEST(Outstanding, CompletedRequestsFreeTheirSlots) {
  Outstanding o(1);
  o.add(40);
  EXPECT_EQ(o.slot_free_at(50), 50u);
}

}  // namespace cohsim
