// `cohsim run --timeline`: Chrome trace-event JSON of every run. The spans
// must add up to the statistics the results file reports for the same work.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "support/test_support.h"

namespace cohsim::test {
namespace {

struct Timeline {
  json document;
  std::map<int, std::string> process;                // pid -> run label
  std::map<std::pair<int, int>, std::string> track;  // (pid, tid) -> track name
};

Timeline read_timeline(const std::string& path) {
  std::ifstream in(path);
  Timeline t;
  t.document = json::parse(in);
  for (const json& e : t.document.at("traceEvents")) {
    if (e.at("ph") != "M") continue;
    if (e.at("name") == "process_name") t.process[e.at("pid")] = e.at("args").at("name");
    if (e.at("name") == "thread_name") t.track[{e.at("pid"), e.at("tid")}] = e.at("args").at("name");
  }
  return t;
}

// Sum of span durations (us) of one run on one track, optionally of one category.
double span_us(const Timeline& t, const std::string& run, const std::string& track, const std::string& category = "") {
  double sum = 0;
  for (const json& e : t.document.at("traceEvents")) {
    if (e.at("ph") != "X") continue;
    const int pid = e.at("pid"), tid = e.at("tid");
    if (t.process.at(pid) != run || t.track.at({pid, tid}) != track) continue;
    if (!category.empty() && e.at("cat") != category) continue;
    sum += e.at("dur").get<double>();
  }
  return sum;
}

TEST(Timeline, ATrackPerAgentWhoseSpansAddUpToTheReportedTimes) {
  ScratchDir dir;
  const std::string scenario = source_dir() + "/scenarios/vgem-2015/1080p-cursor.json";
  const CliResult r = run_cli("run -q '" + scenario + "' -o '" + dir.path() + "/r.json' --timeline '" + dir.path() + "/t.json'");
  ASSERT_EQ(r.status, 0) << r.err;
  const Timeline t = read_timeline(dir.path() + "/t.json");
  std::ifstream in(dir.path() + "/r.json");
  const json results = json::parse(in);

  std::set<std::string> runs;
  for (const auto& [pid, label] : t.process) runs.insert(label);
  for (const json& run : results.at("runs")) {
    const std::string label = run.at("label");
    if (run.contains("refused")) {
      EXPECT_EQ(runs.count(label), 0u) << label << " was not simulated";
      continue;
    }
    EXPECT_EQ(runs.count(label), 1u) << label;
    // The exporter's sync calls, on its track, take the sync time the results report.
    const double sync_ns = run.at("exporters").at("dmabuf").at("sync_time").at("ns").get<double>();
    EXPECT_NEAR(span_us(t, label, "exporter (dma-buf)", "sync") * 1000.0, sync_ns, 0.01 + 1e-9 * sync_ns) << label;
    // Eight frames, on a track of their own.
    double frames = 0;
    for (const json& e : t.document.at("traceEvents"))
      if (e.at("ph") == "X" && e.at("cat") == "frame" && t.process.at(e.at("pid")) == label) ++frames;
    EXPECT_EQ(frames, 8) << label;
    // The display scans out on its own track.
    EXPECT_GT(span_us(t, label, "display scan-out", "scanout"), 0) << label;
    if (run.contains("hypervisor")) {
      // Exits, faults, scans, commands and readback waits: the hypervisor's track.
      const json& g = run.at("hypervisor").at("guest");
      double ns = 0;
      for (const char* k : {"exit_time", "fault_time", "scan_time", "command_time", "readback_wait"}) ns += g.at(k).at("ns").get<double>();
      EXPECT_NEAR(span_us(t, label, "hypervisor", "virt") * 1000.0, ns, 0.01 + 1e-9 * ns) << label;
      // The host copy engine: busy exactly as long as its spans.
      const double busy_ns = run.at("agents").at("host_copy").at("busy").at("ns").get<double>();
      EXPECT_NEAR(span_us(t, label, "host_copy", "device") * 1000.0, busy_ns, 0.01 + 1e-9 * busy_ns) << label;
    }
  }
  // sync-full on Arm cleans the buffer every frame: maintenance spans on the core's track.
  EXPECT_GT(span_us(t, "arm-soc/sync-full", "cpu0", "maintenance"), 0);
  EXPECT_EQ(span_us(t, "arm-soc/none", "cpu0", "maintenance"), 0);
}

TEST(Timeline, SameInputSameTimelineAndNoTimelineWhenTheRunFails) {
  ScratchDir dir;
  const std::string scenario = source_dir() + "/scenarios/examples/cursor-handoff.json";
  ASSERT_EQ(run_cli("run -q '" + scenario + "' --timeline '" + dir.path() + "/a.json' -j 1").status, 0);
  ASSERT_EQ(run_cli("run -q '" + scenario + "' --timeline '" + dir.path() + "/b.json' -j 2").status, 0);
  EXPECT_EQ(read_text_file(dir.path() + "/a.json"), read_text_file(dir.path() + "/b.json"));
  EXPECT_GT(read_text_file(dir.path() + "/a.json").size(), 1000u);

  const CliResult r = run_cli("run -q '" + scenario + "' -o '" + dir.path() + "/r.json' --timeline '" + dir.path() + "/missing/t.json'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(dir.path() + "/missing/t.json"), std::string::npos) << r.err;
  EXPECT_FALSE(std::ifstream(dir.path() + "/r.json").good());
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) EXPECT_EQ(entry.path().string().find(".part"), std::string::npos) << entry.path();
}

}  // namespace
}  // namespace cohsim::test
