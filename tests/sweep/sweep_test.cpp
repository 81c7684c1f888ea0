// `cohsim sweep`: grids expand to the right points, finished points are never
// recomputed, shards partition the points exactly, and the merged table
// equals both the points' own results and an unsharded run.
#include "sim/sweep/sweep.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "support/test_support.h"

namespace cohsim::test {
namespace {

namespace fs = std::filesystem;

// 3 widths x 2 L2 sizes on arm-soc, plus one explicit point: 7 points, each
// with two platforms and one policy (and the ideal runs).
json demo_scenario() {
  return json::parse(R"({
    "name": "sweep-test",
    "platforms": ["x86-llc", "arm-soc"],
    "policies": ["sync-full"],
    "workload": {"generator": "swrast-to-display",
                 "params": {"width": 64, "height": 32, "damage": "cursor-blink", "frames": 2, "fps": 60}},
    "sweep": {
      "grid": {"/workload/params/width": [64, 128, 256], "/platforms/1/override/caches/l2/size": ["256KiB", "1MiB"]},
      "points": [{"/workload/params/damage": "full-frame"}]
    }
  })");
}

std::set<std::string> point_dirs(const std::string& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir + "/points"))
    if (fs::exists(e.path() / "results.json")) out.insert(e.path().filename().string());
  return out;
}

TEST(Sweep, TheGridExpandsToEveryCombinationPlusTheExplicitPoints) {
  ScratchDir dir;
  const std::string path = dir.write("s.json", demo_scenario().dump());
  const SweepPlan plan = plan_sweep(path);
  ASSERT_EQ(plan.points.size(), 7u);
  EXPECT_EQ(plan.parameters, (std::vector<std::string>{"/platforms/1/override/caches/l2/size", "/workload/params/width", "/workload/params/damage"}));
  std::set<std::string> ids;
  std::set<std::pair<std::string, int>> combinations;
  for (std::size_t i = 0; i < 6; ++i) {
    const SweepPoint& p = plan.points[i];
    ids.insert(p.id);
    const std::string size = p.values.at("/platforms/1/override/caches/l2/size");
    const int width = p.values.at("/workload/params/width");
    combinations.insert({size, width});
    // The value is set in the point's scenario; the preset named by a string became an object.
    EXPECT_EQ(p.scenario.at("workload").at("params").at("width"), width);
    EXPECT_EQ(p.scenario.at("platforms").at(1).at("preset"), "arm-soc");
    EXPECT_EQ(p.scenario.at("platforms").at(1).at("override").at("caches").at("l2").at("size"), size);
    EXPECT_FALSE(p.scenario.contains("sweep"));
  }
  EXPECT_EQ(combinations.size(), 6u);
  // The last grid pointer varies fastest.
  EXPECT_EQ(plan.points[0].values.at("/workload/params/width"), 64);
  EXPECT_EQ(plan.points[1].values.at("/workload/params/width"), 128);
  EXPECT_EQ(plan.points[6].values, json({{"/workload/params/damage", "full-frame"}}));
  ids.insert(plan.points[6].id);
  EXPECT_EQ(ids.size(), 7u);
}

TEST(Sweep, ResumeRecomputesNothingAndTheTableEqualsThePointsResults) {
  ScratchDir dir;
  const std::string path = dir.write("s.json", demo_scenario().dump());
  const std::string out = dir.path() + "/out";
  const CliResult first = run_cli("sweep '" + path + "' -o '" + out + "'");
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_NE(first.out.find("ran 7, 0 already done"), std::string::npos) << first.out;
  const auto done = point_dirs(out);
  ASSERT_EQ(done.size(), 7u);
  std::map<std::string, struct timespec> mtimes;
  for (const auto& id : done) {
    struct stat st {};
    ::stat((out + "/points/" + id + "/results.json").c_str(), &st);
    mtimes[id] = st.st_mtim;
  }
  // Nothing to do the second time: no results file is rewritten.
  const CliResult second = run_cli("sweep '" + path + "' -o '" + out + "'");
  ASSERT_EQ(second.status, 0) << second.err;
  EXPECT_NE(second.out.find("ran 0, 7 already done"), std::string::npos) << second.out;
  for (const auto& id : done) {
    struct stat st {};
    ::stat((out + "/points/" + id + "/results.json").c_str(), &st);
    EXPECT_EQ(st.st_mtim.tv_sec, mtimes[id].tv_sec);
    EXPECT_EQ(st.st_mtim.tv_nsec, mtimes[id].tv_nsec);
  }
  // An interrupted sweep (one point's results missing) runs exactly that point.
  fs::remove(out + "/points/" + *done.begin() + "/results.json");
  const CliResult third = run_cli("sweep '" + path + "' -o '" + out + "'");
  EXPECT_NE(third.out.find("ran 1, 6 already done"), std::string::npos) << third.out;

  // Every row of the merged table is the figure of its point's results file.
  const json merged = read_json_file(out + "/sweep.json");
  std::size_t rows = 0;
  for (const json& row : merged.at("rows")) {
    const json results = read_json_file(out + "/points/" + row.at("point").get<std::string>() + "/results.json");
    for (const json& run : results.at("runs")) {
      if (run.at("label") != row.at("label")) continue;
      EXPECT_DOUBLE_EQ(row.at("core_us_per_frame").get<double>(), run.at("coherency").at("core_busy_per_frame").at("ns").get<double>() / 1000.0);
      EXPECT_EQ(row.at("stale_lines"), run.at("coherency").at("stale_reads").at("value"));
      ++rows;
    }
  }
  EXPECT_EQ(rows, 7u * 4u);  // 2 platforms x (sync-full + ideal)
  // The CSV has a header and a line per row.
  const std::string csv = read_text_file(out + "/sweep.csv");
  EXPECT_EQ(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')), rows + 1);
  EXPECT_TRUE(csv.starts_with("point,/platforms/1/override/caches/l2/size,/workload/params/width,/workload/params/damage,label,"));
  // And the report charts cost against the swept width.
  const CliResult report = run_cli("report '" + out + "/sweep.json'");
  ASSERT_EQ(report.status, 0) << report.err;
  EXPECT_NE(report.out.find("Cost per frame (us) on arm-soc against /workload/params/width"), std::string::npos);
}

// A sweep's report is one table of points, not a section per point: the
// swept values once, the points in increasing order of their values (byte
// sizes as numbers: 256KiB before 1MiB before 2MiB, which neither the grid's
// order nor text order gives), cost charted against the field with the most
// distinct values or the one --x names; each point's own sections only with
// --points, titled with its values.
TEST(Sweep, TheReportOfASweepIsATableOfItsPoints) {
  ScratchDir dir;
  json s = demo_scenario();
  s["platforms"] = {"arm-soc"};
  s["sweep"] = {{"grid", {{"/workload/params/width", {64, 128}}, {"/platforms/0/override/caches/l2/size", {"1MiB", "256KiB", "2MiB"}}}}};
  s["platforms"] = {{{"preset", "arm-soc"}}};
  const std::string path = dir.write("s.json", s.dump()), out = dir.path() + "/out";
  ASSERT_EQ(run_cli("sweep -q '" + path + "' -o '" + out + "'").status, 0);
  const CliResult report = run_cli("report '" + out + "/sweep.json'");
  ASSERT_EQ(report.status, 0) << report.err;
  const std::string& text = report.out;
  EXPECT_NE(text.find("cohsim report: sweep-test (a sweep of 6 points)"), std::string::npos) << text;
  EXPECT_NE(text.find("- /platforms/0/override/caches/l2/size: 256KiB, 1MiB, 2MiB"), std::string::npos) << text;
  EXPECT_EQ(text.find(", point 1:"), std::string::npos);  // no section per point
  EXPECT_NE(text.find("cohsim report --points FILE"), std::string::npos);
  // The points table: rows in size order, then width.
  const std::size_t table = text.find("Cheapest policy without stale data on arm-soc");
  ASSERT_NE(table, std::string::npos) << text;
  std::istringstream rows(text.substr(text.find("-\n", table) + 2));
  std::vector<std::string> first_cells;
  for (std::string line; std::getline(rows, line) && !line.empty() && !line.starts_with("Cost:");) {
    std::istringstream cells(line);
    std::string size, width;
    cells >> size >> width;
    first_cells.push_back(size + " " + width);
  }
  EXPECT_EQ(first_cells, (std::vector<std::string>{"256KiB 64", "256KiB 128", "1MiB 64", "1MiB 128", "2MiB 64", "2MiB 128"})) << text.substr(table, 1200);
  // The axis: three sizes against two widths.
  EXPECT_NE(text.find("Cost per frame (us) on arm-soc against /platforms/0/override/caches/l2/size"), std::string::npos) << text;
  const CliResult by_width = run_cli("report --x width '" + out + "/sweep.json'");
  EXPECT_NE(by_width.out.find("Cost per frame (us) on arm-soc against /workload/params/width"), std::string::npos) << by_width.out;
  const CliResult detail = run_cli("report --points '" + out + "/sweep.json'");
  EXPECT_NE(detail.out.find("sweep-test, point 1: l2/size=1MiB params/width=64"), std::string::npos) << detail.out;
  const CliResult bad = run_cli("report --x nope '" + out + "/sweep.json'");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("\"nope\" is not a numeric field these results differ in; they differ numerically in: /platforms/0/override/caches/l2/size, "
                         "/workload/params/width"),
            std::string::npos)
      << bad.err;
}

// A sweep of one point has nothing to tabulate: its report is that point's.
TEST(Sweep, TheReportOfAOnePointSweepIsThePointsOwn) {
  ScratchDir dir;
  json s = demo_scenario();
  s["platforms"] = {"arm-soc"};
  s["sweep"] = {{"grid", {{"/workload/params/width", {64}}}}};
  const std::string path = dir.write("s.json", s.dump()), out = dir.path() + "/out";
  ASSERT_EQ(run_cli("sweep -q '" + path + "' -o '" + out + "'").status, 0);
  const CliResult report = run_cli("report '" + out + "/sweep.json'");
  ASSERT_EQ(report.status, 0) << report.err;
  EXPECT_EQ(report.out.find("(a sweep of"), std::string::npos) << report.out;
  EXPECT_NE(report.out.find("\nVerdict\n- arm-soc, for a display that does not snoop: sync-full, "), std::string::npos) << report.out;
}

TEST(Sweep, ShardsPartitionThePointsAndMergeToTheUnshardedTable) {
  ScratchDir dir;
  const std::string path = dir.write("s.json", demo_scenario().dump());
  const std::string whole = dir.path() + "/whole", sharded = dir.path() + "/sharded";
  ASSERT_EQ(run_cli("sweep -q '" + path + "' -o '" + whole + "'").status, 0);
  // Merging before the shards ran is an error.
  EXPECT_EQ(run_cli("sweep -q '" + path + "' -o '" + sharded + "' --merge").status, 2);
  std::set<std::string> seen;
  for (int i = 0; i < 3; ++i) {
    const auto before = fs::exists(sharded + "/points") ? point_dirs(sharded) : std::set<std::string>{};
    const CliResult r = run_cli("sweep '" + path + "' -o '" + sharded + "' --shard " + std::to_string(i) + "/3");
    ASSERT_EQ(r.status, 0) << r.err;
    const auto after = point_dirs(sharded);
    for (const auto& id : after) {
      if (before.count(id) == 0) {
        EXPECT_TRUE(seen.insert(id).second) << id << " ran in two shards";
      }
    }
  }
  EXPECT_EQ(seen, point_dirs(whole));  // every point, each once
  ASSERT_EQ(run_cli("sweep -q '" + path + "' -o '" + sharded + "' --merge").status, 0);
  EXPECT_EQ(read_json_file(sharded + "/sweep.json").at("rows"), read_json_file(whole + "/sweep.json").at("rows"));
  EXPECT_EQ(read_text_file(sharded + "/sweep.csv"), read_text_file(whole + "/sweep.csv"));
}

TEST(Sweep, BadSweepsAreExitTwoNamingThePlace) {
  ScratchDir dir;
  auto expect_bad = [&](const json& scenario, const std::string& place) {
    const std::string path = dir.write("bad.json", scenario.dump());
    const CliResult r = run_cli("sweep '" + path + "' -o '" + dir.path() + "/out'");
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.err.find(path + ":" + place), std::string::npos) << r.err;
  };
  json s = demo_scenario();
  s["sweep"] = {{"grid", {{"workload/params/width", {1, 2}}}}};
  expect_bad(s, "/sweep/grid/workload~1params~1width");
  s["sweep"] = {{"grid", {{"/workload/params/width", json::array()}}}};
  expect_bad(s, "/sweep/grid/~1workload~1params~1width");
  s["sweep"] = {{"points", {{{"/workload/params/width", -5}}}}};
  expect_bad(s, "/sweep/points/0");
  s["sweep"] = {{"grid", {{"/platforms/0/override/caches/l2/ways", {7}}}}};  // 7 ways do not divide the L2
  expect_bad(s, "/sweep/grid");
  s["sweep"] = {{"grdi", json::object()}};
  expect_bad(s, "/sweep/grdi");
  // A point whose generated trace the exporter cannot take (two 4K buffers
  // beyond the CMA area) fails before any point runs, as `validate` does.
  s = demo_scenario();
  s["exporter"] = {{"kind", "cma-heap"}};
  s["sweep"] = {{"points", {{{"/workload/params/width", 3840}, {"/workload/params/height", 2160}}}}};
  expect_bad(s, "/sweep: point {\"/workload/params/height\":2160,\"/workload/params/width\":3840}: at /exporter/kind: buffer");
  EXPECT_FALSE(fs::exists(dir.path() + "/out/points"));
  EXPECT_EQ(run_cli("validate '" + dir.path() + "/bad.json'").status, 2);
  // `cohsim run` refuses a sweep; a shard outside the range is a usage error.
  const std::string good = dir.write("good.json", demo_scenario().dump());
  EXPECT_EQ(run_cli("run -q '" + good + "'").status, 2);
  EXPECT_EQ(run_cli("sweep -q '" + good + "' -o '" + dir.path() + "/o' --shard 3/3").status, 2);
}

TEST(Sweep, EmitSlurmWritesAnArrayJobAMergeJobAndAManifest) {
  ScratchDir dir;
  const std::string path = dir.write("s.json", demo_scenario().dump());
  const std::string out = dir.path() + "/cluster";
  const CliResult r = run_cli("sweep '" + path + "' -o '" + out + "' --emit slurm --shards 3");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string array = read_text_file(out + "/sweep.sbatch");
  EXPECT_NE(array.find("#SBATCH --array=0-2"), std::string::npos) << array;
  EXPECT_NE(array.find("--shard \"${SLURM_ARRAY_TASK_ID}/3\""), std::string::npos) << array;
  EXPECT_NE(read_text_file(out + "/merge.sbatch").find("--merge"), std::string::npos);
  EXPECT_NE(read_text_file(out + "/submit.sh").find("--dependency=afterok:"), std::string::npos);
  const json manifest = read_json_file(out + "/manifest.json");
  ASSERT_EQ(manifest.at("points").size(), 7u);
  std::map<int, int> per_shard;
  for (const json& p : manifest.at("points")) ++per_shard[p.at("shard").get<int>()];
  EXPECT_EQ(per_shard, (std::map<int, int>{{0, 3}, {1, 2}, {2, 2}}));
  EXPECT_FALSE(fs::exists(out + "/points"));  // nothing ran
}

}  // namespace
}  // namespace cohsim::test
