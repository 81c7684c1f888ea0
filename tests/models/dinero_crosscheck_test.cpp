// Cross-check against DineroIV, the reference trace-driven cache simulator.
// tests/data/crosscheck.din was written by tools/make_crosscheck_din.py; the
// expected numbers below are what dineroIV (version 8, github.com/atos-tools/
// dineroIV) printed for it with:
//   dineroIV -informat d
//     -l1-dsize 32k -l1-dbsize 64 -l1-dassoc 8 -l1-drepl l -l1-dwback a -l1-dwalloc a -l1-dfetch d
//     -l2-usize 256k -l2-ubsize 64 -l2-uassoc 8 -l2-urepl l -l2-uwback a -l2-uwalloc a -l2-ufetch d
// See docs/dinero.md for the correspondence of settings. dineroIV writes every
// dirty block back at the end of a run, which cohsim does not: its write-back
// counts are cohsim's write-backs plus the dirty lines left at the end.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::stat;

TEST(DineroCrossCheck, TwoLevelHierarchyMatchesDineroIV) {
  json p = test::flat_platform(32 * 1024, 8);
  p.merge_patch({{"caches",
                  {{"l1d", {{"full_line_write_miss", "fetch"}, {"downstream", {{"to", "l2"}}}}},
                   {"l2", {{"level", 2}, {"size", "256KiB"}, {"ways", 8}, {"latency_cycles", 10}, {"inclusion", "non-inclusive"},
                           {"full_line_write_miss", "fetch"}, {"downstream", {{"to", "bus"}}}}}}}});
  std::ifstream in(test::source_dir() + "/tests/data/crosscheck.din");
  std::stringstream trace;
  trace << in.rdbuf();
  const json run = test::simulate(p, trace.str(), "crosscheck.din");

  // l1-dcache: Demand Fetches 68400 (32002 reads, 36398 writes);
  // Demand Misses 24720 (17759 reads, 6961 writes).
  EXPECT_EQ(stat(run, "caches", "l1d", "read_hits") + stat(run, "caches", "l1d", "read_misses"), 32002u);
  EXPECT_EQ(stat(run, "caches", "l1d", "write_hits") + stat(run, "caches", "l1d", "write_misses"), 36398u);
  EXPECT_EQ(stat(run, "caches", "l1d", "read_misses"), 17759u);
  EXPECT_EQ(stat(run, "caches", "l1d", "write_misses"), 6961u);
  // l1-dcache Bytes To Memory 746816 = 11669 blocks written back.
  EXPECT_EQ(stat(run, "caches", "l1d", "writebacks") + stat(run, "caches", "l1d", "dirty_lines_at_end"), 11669u);
  // l2-ucache: Demand Fetches 24720 reads (L1's misses) and 11669 writes
  // (L1's write-backs); Demand Misses 20674, all reads.
  EXPECT_EQ(stat(run, "caches", "l2", "read_hits") + stat(run, "caches", "l2", "read_misses"), 24720u);
  EXPECT_EQ(stat(run, "caches", "l2", "read_misses"), 20674u);
  EXPECT_EQ(stat(run, "caches", "l2", "writebacks_received") + stat(run, "caches", "l1d", "dirty_lines_at_end"), 11669u);
  // l2-ucache Bytes From Memory 1323136 = 20674 lines.
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_read"), 1323136u);
}

}  // namespace
}  // namespace cohsim
