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

#include <array>
#include <fstream>
#include <sstream>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::stat;

// `full_line`: what a whole-line write miss does. With -informat d every
// write is 4 bytes, so "fetch" is DineroIV's behaviour; with xdin, whole-block
// writes allocate without a fetch in DineroIV, as "allocate" does.
json two_level_platform(const char* full_line = "fetch") {
  json p = test::flat_platform(32 * 1024, 8);
  p.merge_patch({{"caches",
                  {{"l1d", {{"full_line_write_miss", full_line}, {"downstream", {{"to", "l2"}}}}},
                   {"l2",
                    {{"level", 2},
                     {"size", "256KiB"},
                     {"ways", 8},
                     {"latency_cycles", 10},
                     {"inclusion", "non-inclusive"},
                     {"full_line_write_miss", full_line},
                     {"downstream", {{"to", "bus"}}}}}}}});
  return p;
}

std::string crosscheck_trace(const std::string& name = "crosscheck.din") {
  std::ifstream in(test::source_dir() + "/tests/data/" + name);
  std::stringstream trace;
  trace << in.rdbuf();
  return trace.str();
}

// The same platform and a committed trace through a scenario with `simulation` options.
json run_with(const json& simulation, const std::string& trace = "crosscheck.din") {
  const json scenario = {{"name", "crosscheck"}, {"platforms", {{{"file", "platform.json"}}}}, {"simulation", simulation}, {"workload", {{"trace", trace}}}};
  const json platform = two_level_platform(trace.ends_with(".xdin") ? "allocate" : "fetch");
  const json results = test::run_scenario_json(scenario, {{"platform.json", platform.dump()}, {trace, crosscheck_trace(trace)}});
  return results.at("runs").at(0);
}

TEST(DineroCrossCheck, TwoLevelHierarchyMatchesDineroIV) {
  const json run = test::simulate(two_level_platform(), crosscheck_trace(), "crosscheck.din");

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
  // DineroIV counts every write-back from L1 as an L2 write: its write
  // misses (0 here: every victim was still in L2) are cohsim's too.
  EXPECT_EQ(stat(run, "caches", "l2", "write_misses"), 0u);
  EXPECT_EQ(stat(run, "caches", "l2", "write_hits") + stat(run, "caches", "l2", "write_misses"), stat(run, "caches", "l2", "writebacks_received"));
}

// With the end-of-run flush, DineroIV's figures come out without adding the
// dirty lines left at the end: L1 Bytes To Memory 746816 (11669 lines), L2
// writes 11669, L2 Bytes To Memory 723072 (11298 lines) = DRAM bytes written.
TEST(DineroCrossCheck, EndOfRunFlushGivesDineroIVsBytesToMemory) {
  const json run = run_with({{"end_of_run_flush", true}});
  EXPECT_EQ(stat(run, "caches", "l1d", "writebacks") + stat(run, "caches", "l1d", "end_flush_writebacks"), 11669u);
  EXPECT_EQ(stat(run, "caches", "l1d", "dirty_lines_at_end"), 0u);
  EXPECT_EQ(stat(run, "caches", "l2", "write_hits") + stat(run, "caches", "l2", "write_misses"), 11669u);
  EXPECT_EQ(stat(run, "caches", "l2", "write_misses"), 0u);
  EXPECT_EQ(stat(run, "caches", "l2", "writebacks") + stat(run, "caches", "l2", "end_flush_writebacks"), 11298u);
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_written"), 723072u);
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_read"), 1323136u);  // the flush reads nothing
}

// The 3C split, against dineroIV -l1-dccc -l2-uccc on the same trace:
// l1 read compulsory/capacity/conflict 8881/8635/243, write 4038/2911/12;
// l2 read 12919/7566/189, write 0/0/0.
TEST(DineroCrossCheck, MissClassesMatchDineroIVs3C) {
  const json run = run_with({{"miss_classes", true}, {"end_of_run_flush", true}});
  auto three = [&](const char* cache, const char* kind) {
    const std::string k = kind;
    return std::array<std::uint64_t, 3>{stat(run, "caches", cache, k + "_compulsory_misses"), stat(run, "caches", cache, k + "_capacity_misses"),
                                        stat(run, "caches", cache, k + "_conflict_misses")};
  };
  EXPECT_EQ(three("l1d", "read"), (std::array<std::uint64_t, 3>{8881, 8635, 243}));
  EXPECT_EQ(three("l1d", "write"), (std::array<std::uint64_t, 3>{4038, 2911, 12}));
  EXPECT_EQ(three("l2", "read"), (std::array<std::uint64_t, 3>{12919, 7566, 189}));
  EXPECT_EQ(three("l2", "write"), (std::array<std::uint64_t, 3>{0, 0, 0}));
  // The split is of the misses: the three add up to them.
  for (const char* cache : {"l1d", "l2"}) {
    for (const char* kind : {"read", "write"}) {
      const auto t = three(cache, kind);
      EXPECT_EQ(t[0] + t[1] + t[2], stat(run, "caches", cache, std::string(kind) + "_misses")) << cache << " " << kind;
    }
  }
  // Off by default: no 3C counters in a plain run.
  EXPECT_FALSE(run_with(json::object()).at("caches").at("l1d").contains("read_conflict_misses"));
}

}  // namespace
}  // namespace cohsim

namespace cohsim {
namespace {

using test::json;
using test::stat;

// tests/data/writeback-miss.xdin (tools/make_writeback_miss_xdin.py): dirty
// lines pushed out of L2 while L1 keeps them, then out of L1, so their
// write-backs miss in L2; copy-back and invalidate records larger than a
// line and crossing lines; dirty lines for the end-of-run flush. dineroIV -informat D
// with the geometry above and -l1-dccc -l2-uccc printed:
//   l1: fetches read 1952, write 228; misses read 1440 (3C 1408/32/0), write 228 (228/0/0); Bytes To Memory 12544
//   l2: fetches read 1540, write 196; misses read 1540 (1540/0/0), write 96 (96/0/0); Bytes From 98560, To 12544
TEST(DineroCrossCheck, WriteBacksThatMissInL2AndLineSizedMaintenanceMatchDineroIV) {
  const json run = run_with({{"miss_classes", true}, {"end_of_run_flush", true}}, "writeback-miss.xdin");
  EXPECT_EQ(stat(run, "caches", "l1d", "read_hits") + stat(run, "caches", "l1d", "read_misses"), 1952u);
  EXPECT_EQ(stat(run, "caches", "l1d", "write_hits") + stat(run, "caches", "l1d", "write_misses"), 228u);
  EXPECT_EQ(stat(run, "caches", "l1d", "read_misses"), 1440u);
  EXPECT_EQ(stat(run, "caches", "l1d", "write_misses"), 228u);
  EXPECT_EQ(stat(run, "caches", "l1d", "read_compulsory_misses"), 1408u);
  EXPECT_EQ(stat(run, "caches", "l1d", "read_capacity_misses"), 32u);
  EXPECT_EQ(stat(run, "caches", "l1d", "read_conflict_misses"), 0u);
  EXPECT_EQ(stat(run, "caches", "l1d", "write_compulsory_misses"), 228u);
  // L1 Bytes To Memory / 64 = write-backs + maintenance write-backs + the end flush.
  EXPECT_EQ(
      stat(run, "caches", "l1d", "writebacks") + stat(run, "caches", "l1d", "maintenance_dirty_written") + stat(run, "caches", "l1d", "end_flush_writebacks"),
      12544u / 64);
  // One c record per pair of lines: acting on one block, it cleaned 32 lines, and v discarded 32.
  EXPECT_EQ(stat(run, "caches", "l1d", "maintenance_dirty_written"), 32u);
  EXPECT_EQ(stat(run, "caches", "l1d", "maintenance_dirty_discarded"), 32u);
  EXPECT_EQ(stat(run, "caches", "l2", "read_hits") + stat(run, "caches", "l2", "read_misses"), 1540u);
  EXPECT_EQ(stat(run, "caches", "l2", "read_misses"), 1540u);
  EXPECT_EQ(stat(run, "caches", "l2", "read_compulsory_misses"), 1540u);
  // The one difference (docs/dinero.md): cohsim cleans at the point of
  // coherency in one walk, so a c record's write-back goes to memory, where
  // DineroIV's passes L2 as a write (here a miss: those lines were written
  // whole, never fetched, so L2 never held them).
  const std::uint64_t cleaned_past_l2 = stat(run, "caches", "l1d", "maintenance_dirty_written");
  EXPECT_EQ(stat(run, "caches", "l2", "write_hits") + stat(run, "caches", "l2", "write_misses") + cleaned_past_l2, 196u);
  EXPECT_EQ(stat(run, "caches", "l2", "write_misses") + cleaned_past_l2, 96u);
  EXPECT_EQ(stat(run, "caches", "l2", "write_compulsory_misses") + cleaned_past_l2, 96u);
  EXPECT_EQ(stat(run, "caches", "l2", "write_misses"), 64u);  // the 64 write-backs that missed: counted, not 0
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_read"), 98560u);
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_written"), 12544u);
}

}  // namespace
}  // namespace cohsim
