// The prefetcher's decisions (models/cache/prefetcher.h), access by access.
#include "models/cache/prefetcher.h"

#include <gtest/gtest.h>

#include <vector>

namespace cohsim {
namespace {

using Lines = std::vector<std::uint64_t>;
constexpr unsigned kLineBytes = 64;  // a 4 KiB page holds 64 lines

Lines after(Prefetcher& p, std::uint64_t line, bool prefetched = false) {
  Lines out;
  p.access(line, prefetched, out);
  return out;
}

PrefetchConfig stream(unsigned degree, unsigned distance, unsigned streams = 4) {
  PrefetchConfig p;
  p.kind = PrefetchKind::stream;
  p.degree = degree;
  p.distance = distance;
  p.streams = streams;
  return p;
}

TEST(Prefetcher, NextLineFollowsAscendingAccessesWithinThePage) {
  PrefetchConfig params;
  params.kind = PrefetchKind::next_line;
  params.degree = 2;
  Prefetcher p(params, kLineBytes);
  EXPECT_EQ(after(p, 0), Lines{});  // nothing to follow yet
  EXPECT_EQ(after(p, 100), Lines{});
  EXPECT_EQ(after(p, 101), (Lines{102, 103}));        // ascending from the last access
  EXPECT_EQ(after(p, 102, true), (Lines{103, 104}));  // a prefetched line used: the chain goes on
  EXPECT_EQ(after(p, 500), Lines{});                  // a jump: no prefetch
  EXPECT_EQ(after(p, 37), Lines{});
  EXPECT_EQ(after(p, 70, true), (Lines{71, 72}));
  // Never past the 4 KiB page (64 lines): line 127 ends page 1.
  EXPECT_EQ(after(p, 126, true), (Lines{127}));
  EXPECT_EQ(after(p, 127), Lines{});
}

TEST(Prefetcher, AStreamRunsAheadOnlyAfterTwoAgreeingSteps) {
  Prefetcher p(stream(2, 8), kLineBytes);
  EXPECT_EQ(after(p, 64), Lines{});          // a new page: a stream is allocated
  EXPECT_EQ(after(p, 65), Lines{});          // one step up: direction known
  EXPECT_EQ(after(p, 66), (Lines{67, 68}));  // two agreeing steps: at most `degree` lines
  EXPECT_EQ(after(p, 67), (Lines{69, 70}));
  EXPECT_EQ(after(p, 68), (Lines{71, 72}));
  EXPECT_EQ(after(p, 69), (Lines{73, 74}));
  EXPECT_EQ(after(p, 70), (Lines{75, 76}));
  EXPECT_EQ(after(p, 71), (Lines{77, 78}));
  EXPECT_EQ(after(p, 72), (Lines{79, 80}));
  // The frontier is now `distance` ahead of the access: one more line per access.
  EXPECT_EQ(after(p, 73), (Lines{81}));
  EXPECT_EQ(after(p, 74), (Lines{82}));
}

TEST(Prefetcher, AStreamStopsAtItsPageAndRunsDownwardsToo) {
  Prefetcher up(stream(4, 16), kLineBytes);
  after(up, 120);
  after(up, 121);
  EXPECT_EQ(after(up, 122), (Lines{123, 124, 125, 126}));
  EXPECT_EQ(after(up, 123), (Lines{127}));  // 127 is the page's last line
  EXPECT_EQ(after(up, 124), Lines{});

  Prefetcher down(stream(2, 16), kLineBytes);
  after(down, 70);
  after(down, 69);
  EXPECT_EQ(after(down, 68), (Lines{67, 66}));
  EXPECT_EQ(after(down, 67), (Lines{65, 64}));
  EXPECT_EQ(after(down, 66), Lines{});  // 64 is the page's first line
}

TEST(Prefetcher, AChangeOfDirectionRetrainsAndStreamsAreReplacedLeastRecentlyUsedFirst) {
  Prefetcher p(stream(2, 8, /*streams=*/2), kLineBytes);
  after(p, 10);
  after(p, 11);
  EXPECT_EQ(after(p, 12), (Lines{13, 14}));
  EXPECT_EQ(after(p, 11), Lines{});  // turned: one step down
  EXPECT_EQ(after(p, 10), (Lines{9, 8}));
  // Two other pages take both streams: page 0's stream is gone and must train again.
  after(p, 200);
  after(p, 300);
  EXPECT_EQ(after(p, 9), Lines{});
  EXPECT_EQ(after(p, 8), Lines{});
  EXPECT_EQ(after(p, 7), (Lines{6, 5}));
}

}  // namespace
}  // namespace cohsim
