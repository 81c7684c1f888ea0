// `cohsim import wayland` on logs that real Wayland clients wrote (weston's
// headless backend, tests/import/fixtures/README.md), on a constructed
// dma-buf log and on a damaged one. The test reads each log itself to know
// what the trace must hold, and replays the traces on the presets.
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "support/test_support.h"

namespace cohsim::test {
namespace {

std::string fixture(const std::string& name) { return source_dir() + "/tests/import/fixtures/" + name; }


std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::size_t count_matching(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  std::size_t n = 0;
  for (const auto& l : lines_of(text))
    if (std::regex_search(l, re)) ++n;
  return n;
}

std::string import(const std::string& log, const ScratchDir& dir, const std::string& name = "t.trace") {
  const CliResult r = run_cli("import wayland '" + log + "' -o '" + dir.path() + "/" + name + "'");
  EXPECT_EQ(r.status, 0) << r.err;
  return read_text_file(dir.path() + "/" + name);
}

// simple-shm: one commit per frame of a 250x250 XRGB8888 wl_shm buffer whose
// damage is (20, 20, 210, 210) in surface pixels at scale 1.
TEST(WaylandImport, ShmClientLogBecomesCpuWritesTheCompositorReads) {
  ScratchDir dir;
  const std::string log = read_text_file(fixture("simple-shm.client.log"));
  const std::string trace = import(fixture("simple-shm.client.log"), dir);
  const std::size_t commits = count_matching(log, R"(-> wl_surface@\d+\.commit\(\))");
  ASSERT_GT(commits, 20u);
  EXPECT_EQ(count_matching(trace, "^frame"), commits);
  EXPECT_EQ(count_matching(trace, R"(^buffer wl_buffer_\d+ 250x250 XRGB8888 stride=1000$)"), 2u);
  // Every commit with a buffer writes and reads its damage, in buffer pixels
  // (the first one also the whole-surface damage given before any buffer).
  const std::size_t damaged = count_matching(trace, R"(^cpu w wl_buffer_\d+ (0,0,250,250 )?20,20,230,230$)");
  EXPECT_EQ(damaged, count_matching(log, R"(-> wl_surface@\d+\.damage\(20, 20, 210, 210\))"));
  EXPECT_EQ(count_matching(trace, R"(^cpu w wl_buffer_\d+ 0,0,250,250 20,20,230,230$)"), 1u);
  EXPECT_EQ(count_matching(trace, R"(^dma gpu r wl_buffer_\d+ (0,0,250,250 )?20,20,230,230$)"), damaged);
  // Frame times: the log's time of each frame callback's done, from the first commit.
  std::uint64_t first_commit = 0;
  std::vector<std::uint64_t> done;
  const std::regex stamp(R"(^\[ *(\d+)\.(\d{3})\])");
  std::set<std::string> frame_callbacks;
  for (const auto& l : lines_of(log)) {
    std::smatch m;
    if (!std::regex_search(l, m, stamp)) continue;
    const std::uint64_t us = std::stoull(m[1]) * 1000 + std::stoull(m[2]);
    std::smatch cb;
    if (std::regex_search(l, cb, std::regex(R"(wl_surface@\d+\.frame\(new id wl_callback@(\d+)\))"))) frame_callbacks.insert(cb[1]);
    if (first_commit == 0 && l.find(".commit()") != std::string::npos) first_commit = us;
    if (std::regex_search(l, cb, std::regex(R"(^\[[ 0-9.]+\] wl_callback@(\d+)\.done)")) && frame_callbacks.count(cb[1])) {
      done.push_back(us);
      frame_callbacks.erase(cb[1]);
    }
  }
  std::vector<std::uint64_t> at;
  for (const auto& l : lines_of(trace))
    if (l.rfind("frame at=", 0) == 0) at.push_back(std::stoull(l.substr(9)));
  ASSERT_EQ(at.size(), done.size());
  for (std::size_t i = 0; i < at.size(); ++i) EXPECT_EQ(at[i], (done[i] - first_commit) * 1000) << i;
  // A buffer is written again only after the compositor's read of it (its release).
  EXPECT_GT(count_matching(trace, R"(^fence wait cpu \d+$)"), 20u);
}

TEST(WaylandImport, DamageBufferIsInBufferPixelsAndSurfaceDamageIsScaled) {
  ScratchDir dir;
  // damage_buffer(256, 247, 41, 41) with buffer scale 2: taken as it is.
  const std::string scaled = import(fixture("simple-damage-buffer-scale2.client.log"), dir);
  EXPECT_GT(count_matching(scaled, R"(^cpu w wl_buffer_\d+ .*256,247,297,288)"), 0u);
  EXPECT_EQ(count_matching(scaled, R"(^buffer wl_buffer_\d+ 600x400 ARGB8888 stride=2400$)"), 2u);
  // The constructed dma-buf log: damage(10, 10, 5, 5) at scale 2 is 20,20,30,30.
  const std::string dmabuf = import(fixture("dmabuf-constructed.client.log"), dir, "d.trace");
  EXPECT_EQ(count_matching(dmabuf, R"(^dma gpu w wl_buffer_4278190080 20,20,30,30$)"), 1u);
  EXPECT_EQ(count_matching(dmabuf, R"(^dma gpu w wl_buffer_7 0,0,16,8$)"), 1u);  // the scale stays
  // A dma-buf buffer: its modifier (0x0100000000000002: Y tiling), drawn by the GPU, no CPU access.
  EXPECT_EQ(count_matching(dmabuf, R"(^buffer wl_buffer_7 256x128 XRGB8888 stride=1024 modifier=I915_FORMAT_MOD_Y_TILED$)"), 1u);
  EXPECT_EQ(count_matching(dmabuf, R"(^buffer wl_buffer_4278190080 256x128 XRGB8888 stride=1024$)"), 1u);  // create + created
  EXPECT_EQ(count_matching(dmabuf, "^(cpu|sync|mmap) "), 0u);
  EXPECT_EQ(count_matching(dmabuf, "^frame at="), 3u);
}

TEST(WaylandImport, DamagedLogsAreSkippedAndCountedNeverFatal) {
  ScratchDir dir;
  const CliResult r = run_cli("import wayland '" + fixture("damaged.client.log") + "' -o '" + dir.path() + "/t.trace'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("2 x not a protocol line"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 x malformed or truncated protocol line"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 x malformed arguments of wl_surface.damage"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("acme_frobnicator_v2"), std::string::npos) << r.out;
  const std::string trace = read_text_file(dir.path() + "/t.trace");
  EXPECT_EQ(count_matching(trace, "^cpu w wl_buffer_7 10,20,40,60$"), 1u);
  // Compositor logs with helper clients and logs mixed with other output import too.
  for (const char* log : {"simple-shm.server.log", "weston-startup.debug1.mixed.log", "simple-damage-verbose.mixed.log"}) {
    const CliResult mixed = run_cli("import wayland '" + fixture(log) + "' -o '" + dir.path() + "/m.trace'");
    EXPECT_EQ(mixed.status, 0) << log << mixed.err;
    EXPECT_NE(mixed.out.find("not a protocol line"), std::string::npos) << log << mixed.out;
  }
  EXPECT_EQ(run_cli("import wayland '" + dir.path() + "/missing.log' -o '" + dir.path() + "/x.trace'").status, 2);
}

// Every imported trace replays on every preset, each commit a frame.
TEST(WaylandImport, ImportedTracesReplayOnEveryPreset) {
  ScratchDir dir;
  for (const char* log : {"simple-damage.client.log", "simple-shm.server.log"}) {
    SCOPED_TRACE(log);
    const std::string trace = import(fixture(log), dir);
    const json scenario = {{"name", "wayland"},
                           {"platforms", {"x86-llc", "arm-soc", "virt-vmwgfx", "virt-virtio-gpu"}},
                           {"policies", {"sync-full", "none"}},
                           {"workload", {{"trace", dir.path() + "/t.trace"}}}};
    const json results = run_scenario_json(scenario);
    const std::size_t frames = count_matching(trace, "^frame");
    for (const json& run : results.at("runs")) {
      EXPECT_EQ(run.at("sharing").at("frames").at("value").get<std::size_t>(), frames) << run.at("label");
      // With the sync, nothing stale; the ideal run neither.
      if (run.at("policy") != "none") {
        EXPECT_EQ(run.at("coherency").at("stale_reads").at("value"), 0) << run.at("label");
      }
    }
  }
  // The dma-buf log (a Y-tiled buffer) on the native presets.
  import(fixture("dmabuf-constructed.client.log"), dir);
  const json results = run_scenario_json({{"name", "wayland-dmabuf"},
                                          {"platforms", {"x86-llc", "arm-soc"}},
                                          {"policies", {"sync-full"}},
                                          {"workload", {{"trace", dir.path() + "/t.trace"}}}});
  for (const json& run : results.at("runs")) EXPECT_EQ(run.at("sharing").at("frames").at("value"), 3) << run.at("label");
}

}  // namespace
}  // namespace cohsim::test
