// vmwgfx's dirty tracking rules (models/virt/page_dirty_tracker.h), checked
// at their thresholds: which method a buffer starts in, faults once per page
// per scan period, and the switches after more than 2 qualifying scans.
#include "models/virt/page_dirty_tracker.h"

#include <gtest/gtest.h>

namespace cohsim {
namespace {

using Method = PageDirtyTracker::Method;

// Writes pages [0, n) once each; returns the faults.
std::uint64_t write_first(PageDirtyTracker& t, std::uint64_t n) { return n == 0 ? 0 : t.write(0, n - 1); }

TEST(PageDirtyTracker, BuffersOf512PagesOrMoreStartInMkwrite) {
  EXPECT_EQ(PageDirtyTracker(511).method(), Method::pagetable);
  EXPECT_EQ(PageDirtyTracker(512).method(), Method::mkwrite);
}

TEST(PageDirtyTracker, MkwriteFaultsOncePerPageWrittenSinceTheLastScan) {
  PageDirtyTracker t(1024);
  EXPECT_EQ(t.write(3, 3), 1u);
  EXPECT_EQ(t.write(3, 3), 0u);  // writable now
  EXPECT_EQ(t.write(5, 9), 5u);
  EXPECT_EQ(t.write(2, 10), 3u);  // 2, 4 and 10 are new
  const auto s = t.scan();
  EXPECT_EQ(s.marked, 9u);
  ASSERT_EQ(s.dirty_runs.size(), 1u);
  EXPECT_EQ(s.dirty_runs[0], std::make_pair(std::uint64_t{2}, std::uint64_t{9}));
  EXPECT_EQ(s.entries_walked, 9u);  // the recorded range is write-protected again
  EXPECT_EQ(t.write(3, 3), 1u);     // so the next write faults again
  EXPECT_EQ(t.scan().dirty_runs.size(), 1u);
  EXPECT_TRUE(t.scan().dirty_runs.empty());
}

TEST(PageDirtyTracker, PagetableModeFaultsOnlyOnTheFirstWriteAndScansEveryEntry) {
  PageDirtyTracker t(100);
  EXPECT_EQ(t.write(0, 9), 10u);  // a fresh mapping faults in
  auto s = t.scan();
  EXPECT_EQ(s.marked, 10u);
  EXPECT_EQ(s.entries_walked, 100u);
  EXPECT_EQ(t.write(0, 9), 0u);  // no write protection in this mode
  s = t.scan();
  EXPECT_EQ(s.marked, 10u);
  EXPECT_EQ(s.dirty_runs.size(), 1u);
}

// 100 * marked / pages > 10 in integer arithmetic: for 1024 pages, 113
// pages qualify (11300 / 1024 = 11) and 112 do not (11200 / 1024 = 10).
TEST(PageDirtyTracker, MkwriteSwitchesToPagetableOnTheThirdDenseScanInARow) {
  PageDirtyTracker sparse(1024);
  for (int i = 0; i < 5; ++i) {
    write_first(sparse, 112);
    EXPECT_FALSE(sparse.scan().switched);
  }
  EXPECT_EQ(sparse.method(), Method::mkwrite);

  PageDirtyTracker dense(1024);
  for (int i = 0; i < 2; ++i) {
    write_first(dense, 113);
    EXPECT_FALSE(dense.scan().switched);
  }
  write_first(dense, 113);
  EXPECT_TRUE(dense.scan().switched);
  EXPECT_EQ(dense.method(), Method::pagetable);
}

TEST(PageDirtyTracker, ASparseScanRestartsTheCountButAnEmptyMkwriteScanDoesNot) {
  PageDirtyTracker t(1024);
  write_first(t, 113);
  t.scan();
  write_first(t, 113);
  t.scan();
  write_first(t, 1);  // sparse: the count starts over
  t.scan();
  write_first(t, 113);
  t.scan();
  write_first(t, 113);
  t.scan();
  t.scan();  // nothing recorded: returns early, as the kernel's does
  write_first(t, 113);
  EXPECT_TRUE(t.scan().switched);
}

TEST(PageDirtyTracker, PagetableSwitchesBackAfterThreeEmptyScans) {
  PageDirtyTracker t(100);
  write_first(t, 5);
  t.scan();
  EXPECT_FALSE(t.scan().switched);
  EXPECT_FALSE(t.scan().switched);
  write_first(t, 1);  // a write restarts the count
  t.scan();
  EXPECT_FALSE(t.scan().switched);
  EXPECT_FALSE(t.scan().switched);
  const auto s = t.scan();
  EXPECT_TRUE(s.switched);
  EXPECT_EQ(t.method(), Method::mkwrite);
  EXPECT_EQ(write_first(t, 5), 5u);  // write-protected again
}

}  // namespace
}  // namespace cohsim
