// Buffer sharing under each coherency policy, against what each policy must
// do by construction: which lines it maintains, what it copies, where stale
// data appears.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::run_of;
using test::stat;

json swrast(const std::string& damage, std::uint32_t width, std::uint32_t height, int frames) {
  return {{"generator", "swrast-to-display"},
          {"params", {{"width", width}, {"height", height}, {"damage", damage}, {"frames", frames}, {"fps", 0}, {"cycles_per_pixel", 0}}}};
}

json scenario(const json& workload, const json& policies, const json& platforms = json::array({"x86-llc", "arm-soc"})) {
  return {{"name", "t"}, {"platforms", platforms}, {"policies", policies}, {"workload", workload}};
}

// Lines that the rows of a rectangle cover in a linear buffer.
std::uint64_t rect_lines(std::uint64_t stride, std::uint64_t bpp, std::uint32_t x1, std::uint32_t y1, std::uint32_t x2, std::uint32_t y2) {
  std::uint64_t lines = 0;
  for (std::uint32_t y = y1; y < y2; ++y) {
    const std::uint64_t first = y * stride + x1 * bpp, last = y * stride + x2 * bpp - 1;
    lines += last / 64 - first / 64 + 1;
  }
  return lines;
}

TEST(Sharing, SyncFullMaintainsEveryLineOfTheBufferPerFrame) {
  const int frames = 3;
  const json r = test::run_scenario_json(scenario(swrast("cursor-blink", 320, 200, frames), {"sync-full"}));
  const std::uint64_t size = 320 * 200 * 4;
  for (const char* platform : {"x86-llc", "arm-soc"}) {
    // The display does not snoop on either platform: both maintain.
    const json& run = run_of(r, std::string(platform) + "/sync-full");
    EXPECT_EQ(stat(run, "agents", "cpu0", "maintenance_lines"), frames * size / 64) << platform;
    EXPECT_EQ(stat(run, "exporters", "dmabuf", "maintained_bytes"), frames * size) << platform;
    // arm64: a DSB per 4 KiB sg entry (dma_sync_sg_for_device); x86: one mb()
    // before and one after the buffer (drm_clflush_sg).
    const std::uint64_t barriers_per_sync = std::string(platform) == "arm-soc" ? (size + 4095) / 4096 : 2;
    EXPECT_EQ(stat(run, "exporters", "dmabuf", "barriers"), frames * barriers_per_sync) << platform;
    EXPECT_EQ(run.at("coherency").at("stale_reads").at("value"), 0) << platform;
  }
}

TEST(Sharing, MaintenanceFollowsEachKernelsDirectionRules) {
  // A 64x64 XRGB8888 buffer (256 lines, four 4 KiB sg entries) that a
  // display which does not snoop imports.
  const std::string head = "buffer fb 64x64 XRGB8888\nimport fb display\nmmap fb\n";
  const std::string read = head + "sync fb start read\ncpu r fb\nsync fb end read\n";
  const std::string write = head + "sync fb start write\ncpu w fb\nsync fb end write\n";
  struct Case {
    const char* platform;
    const std::string& trace;
    std::uint64_t lines, barriers;
  };
  const Case cases[] = {
      // arm64: START|READ invalidates, END|READ cleans too (sync for the device
      // cleans in every direction); START|WRITE does nothing (sync for the CPU
      // towards the device), END|WRITE cleans. A DSB per sg entry.
      {"arm-soc", read, 2 * 256, 2 * 4},
      {"arm-soc", write, 256, 4},
      // x86: the flush follows the CPU's access: invalidate before a read,
      // flush after a write, and nothing after a read; one mb() on each side.
      {"x86-llc", read, 256, 2},
      {"x86-llc", write, 256, 2},
  };
  for (const Case& c : cases) {
    const json run = run_of(test::run_scenario_json(scenario({{"trace", "t.trace"}}, {"sync-full"}, {c.platform}), {{"t.trace", c.trace}}),
                            std::string(c.platform) + "/sync-full");
    EXPECT_EQ(stat(run, "agents", "cpu0", "maintenance_lines"), c.lines) << c.platform << "\n" << c.trace;
    EXPECT_EQ(stat(run, "exporters", "dmabuf", "barriers"), c.barriers) << c.platform << "\n" << c.trace;
  }
}

TEST(Sharing, AnExporterThatSyncsEachAttachmentMaintainsOncePerNonCoherentImporter) {
  // A 64x64 buffer (256 lines, four sg entries) written by the CPU, imported
  // by the display and the GPU (neither snoops on arm-soc) and the camera.
  const std::string write =
      "buffer fb 64x64 XRGB8888\nimport fb display\nimport fb gpu\nmmap fb\n"
      "sync fb start write\ncpu w fb\nsync fb end write\n";
  struct Case {
    const char* platform;
    bool per_attachment;
    std::uint64_t lines, barriers;
  };
  const Case cases[] = {
      {"arm-soc", false, 256, 4},     // dma-buf's one sync of the buffer (vgem-style)
      {"arm-soc", true, 2 * 256, 8},  // the system heap: each mapped attachment's table, both non-coherent
      {"x86-llc", true, 256, 2},      // x86: the exporter flushes the buffer once whoever imported it
  };
  for (const Case& c : cases) {
    json s = scenario({{"trace", "t.trace"}}, {"sync-full"}, {c.platform});
    s["exporter"] = {{"maintenance_per_attachment", c.per_attachment}};
    const json run = run_of(test::run_scenario_json(s, {{"t.trace", write}}), std::string(c.platform) + "/sync-full");
    EXPECT_EQ(stat(run, "agents", "cpu0", "maintenance_lines"), c.lines) << c.platform << " " << c.per_attachment;
    EXPECT_EQ(stat(run, "exporters", "dmabuf", "barriers"), c.barriers) << c.platform << " " << c.per_attachment;
  }
  // A coherent importer adds nothing: on x86-llc the GPU snoops, so a
  // buffer only it imports needs no maintenance at all.
  json s = scenario({{"trace", "t.trace"}}, {"sync-full"}, {"x86-llc"});
  s["exporter"] = {{"maintenance_per_attachment", true}};
  const std::string gpu_only = "buffer fb 64x64 XRGB8888\nimport fb gpu\nmmap fb\nsync fb start write\ncpu w fb\nsync fb end write\n";
  EXPECT_EQ(stat(run_of(test::run_scenario_json(s, {{"t.trace", gpu_only}}), "x86-llc/sync-full"), "agents", "cpu0", "maintenance_lines"), 0u);
}

TEST(Sharing, SyncRectsMaintainsExactlyTheLinesCoveringTheDamage) {
  const int frames = 4;
  const std::uint32_t w = 320, h = 200;
  const json r = test::run_scenario_json(scenario(swrast("cursor-blink", w, h, frames), {"sync-rects"}));
  // The cursor: 8x16 pixels at (w/2, h/2).
  const std::uint64_t expected = frames * rect_lines(w * 4, 4, w / 2, h / 2, w / 2 + 8, h / 2 + 16);
  for (const char* label : {"x86-llc/sync-rects", "arm-soc/sync-rects"}) {
    const json& run = run_of(r, label);
    EXPECT_EQ(stat(run, "agents", "cpu0", "maintenance_lines"), expected) << label;
    EXPECT_EQ(run.at("coherency").at("stale_reads").at("value"), 0) << label;
  }
}

TEST(Sharing, SyncRangeMaintainsTheBoundingByteRange) {
  const std::uint32_t w = 320, h = 200;
  const json r = test::run_scenario_json(scenario(swrast("cursor-blink", w, h, 1), {"sync-range"}, {"arm-soc"}));
  // From the first byte of the cursor's top row to the last of its bottom row.
  const std::uint64_t first = (h / 2) * w * 4 + (w / 2) * 4, last = (h / 2 + 15) * w * 4 + (w / 2 + 8) * 4 - 1;
  EXPECT_EQ(stat(run_of(r, "arm-soc/sync-range"), "agents", "cpu0", "maintenance_lines"), last / 64 - first / 64 + 1);
}

TEST(Sharing, CoherentDevicesNeedNoMaintenanceOnX86) {
  // The GPU and the camera snoop the LLC on x86-llc: sync-full does nothing there.
  for (const char* generator : {"gpu-to-cpu", "camera-to-cpu"}) {
    const json workload = {{"generator", generator}, {"params", {{"width", 256}, {"height", 128}, {"frames", 2}, {"fps", 0}}}};
    const json r = test::run_scenario_json(scenario(workload, {"sync-full", "none"}));
    EXPECT_EQ(stat(run_of(r, "x86-llc/sync-full"), "agents", "cpu0", "maintenance_lines"), 0u) << generator;
    EXPECT_EQ(run_of(r, "x86-llc/none").at("coherency").at("stale_reads").at("value"), 0) << generator;
    EXPECT_EQ(run_of(r, "x86-llc/sync-full").at("coherency").at("cost_vs_ideal").at("value"), 1.0) << generator;
    // On the Arm SoC the same sync invalidates the whole buffer at the start
    // of every frame's read, and cleans it at the end (arm64's sync for the
    // device cleans whatever the direction): twice the buffer's lines.
    const std::uint64_t buffer_lines = 256 * 128 * (generator == std::string("gpu-to-cpu") ? 4 : 2) / 64;
    EXPECT_EQ(stat(run_of(r, "arm-soc/sync-full"), "agents", "cpu0", "maintenance_lines"), 2u * 2 * buffer_lines) << generator;
  }
}

// x86 without an LLC shared with the GPU (x86-nollc, Bay Trail/Cherry Trail):
// i915 makes objects uncached for the GPU (i915_gem_shmem.c shmem_object_init,
// I915_CACHE_NONE unless HAS_LLC), so the CPU clflushes around its access
// (i915_gem_domain.c i915_gem_object_set_to_cpu_domain before a read,
// drm_clflush_sg before a device reads what it wrote; minigbm i915_bo_flush
// when !has_llc). x86's rules: invalidate before a read, flush after a write,
// nothing after a read, one mb() on each side of the range.
TEST(Sharing, OnX86WithoutASharedLlcEveryDeviceNeedsTheFlush) {
  for (const char* generator : {"gpu-to-cpu", "camera-to-cpu"}) {
    const json workload = {{"generator", generator}, {"params", {{"width", 256}, {"height", 128}, {"frames", 4}, {"fps", 0}}}};
    const json r = test::run_scenario_json(scenario(workload, {"sync-full", "none"}, {"x86-llc", "x86-nollc"}));
    const std::uint64_t buffer_lines = 256 * 128 * (generator == std::string("gpu-to-cpu") ? 4 : 2) / 64;
    // The CPU reads each frame: one invalidate of the whole buffer per frame,
    // where the snooping x86-llc needs none.
    EXPECT_EQ(stat(run_of(r, "x86-nollc/sync-full"), "agents", "cpu0", "maintenance_lines"), 4u * buffer_lines) << generator;
    EXPECT_EQ(stat(run_of(r, "x86-nollc/sync-full"), "exporters", "dmabuf", "barriers"), 4u * 2) << generator;
    EXPECT_EQ(stat(run_of(r, "x86-llc/sync-full"), "agents", "cpu0", "maintenance_lines"), 0u) << generator;
    EXPECT_EQ(run_of(r, "x86-nollc/sync-full").at("coherency").at("stale_reads").at("value"), 0) << generator;
    // Without the sync the CPU reads its own stale copies of the device's
    // frame once the generator's ring of buffers (two for the GPU, three for
    // the camera) comes round again.
    EXPECT_GT(run_of(r, "x86-nollc/none").at("coherency").at("stale_reads").at("value").get<std::uint64_t>(), 0u) << generator;
    EXPECT_EQ(run_of(r, "x86-llc/none").at("coherency").at("stale_reads").at("value"), 0) << generator;
  }
  // The CPU writes for a device (the display): one flush of the buffer at the
  // end of each frame's write, and the same on x86-llc, whose display does not snoop either.
  const json r = test::run_scenario_json(scenario(swrast("full-frame", 256, 128, 2), {"sync-full"}, {"x86-llc", "x86-nollc"}));
  for (const char* platform : {"x86-llc", "x86-nollc"})
    EXPECT_EQ(stat(run_of(r, std::string(platform) + "/sync-full"), "agents", "cpu0", "maintenance_lines"), 2u * 256 * 128 * 4 / 64) << platform;
}

// A one-way IO-coherent SoC (arm-soc-ioc, Tegra194): the GPU snoops the CPU
// caches and Linux marks it dma-coherent (tegra194.dtsi gpu@17000000), so the
// streaming DMA API does no maintenance for it (kernel/dma/direct.h
// dma_direct_sync_single_for_cpu/for_device check dev_is_dma_coherent); the
// display and the camera are not coherent and get arm64's maintenance.
TEST(Sharing, OnAOneWayIoCoherentSocOnlyTheGpuSkipsMaintenance) {
  const json params = {{"width", 256}, {"height", 128}, {"frames", 4}, {"fps", 0}};
  const json gpu = test::run_scenario_json(scenario({{"generator", "gpu-to-cpu"}, {"params", params}}, {"sync-full", "none"}, {"arm-soc", "arm-soc-ioc"}));
  EXPECT_EQ(stat(run_of(gpu, "arm-soc-ioc/sync-full"), "agents", "cpu0", "maintenance_lines"), 0u);
  EXPECT_EQ(run_of(gpu, "arm-soc-ioc/none").at("coherency").at("stale_reads").at("value"), 0);
  // The same readback on the non-coherent SoC: invalidate before each read
  // and clean after it (arm64's sync for the device cleans in every direction).
  EXPECT_EQ(stat(run_of(gpu, "arm-soc/sync-full"), "agents", "cpu0", "maintenance_lines"), 4u * 2 * (256 * 128 * 4 / 64));
  EXPECT_GT(run_of(gpu, "arm-soc/none").at("coherency").at("stale_reads").at("value").get<std::uint64_t>(), 0u);
  // The camera is not coherent on either SoC: the same maintenance on both.
  const json camera = test::run_scenario_json(scenario({{"generator", "camera-to-cpu"}, {"params", params}}, {"sync-full"}, {"arm-soc", "arm-soc-ioc"}));
  const std::uint64_t camera_lines = 4u * 2 * (256 * 128 * 2 / 64);
  for (const char* platform : {"arm-soc", "arm-soc-ioc"})
    EXPECT_EQ(stat(run_of(camera, std::string(platform) + "/sync-full"), "agents", "cpu0", "maintenance_lines"), camera_lines) << platform;
}

TEST(Sharing, WcMapChargesNoMaintenanceAndMakesReadsSlowerByTheLoadsInFlight) {
  // A GPU readback of N lines on the flat platform (100 ns memory, 4 misses
  // in flight, 1 plain WC load and 1 streaming line fill in flight): plain
  // 16-byte loads cost 4N x 100 ns, streaming loads N x 100 ns, the ideal
  // cached read 101 ns per group of 4 misses.
  json platform = test::flat_platform(64 * 1024, 4);
  platform["cpus"]["cpu0"]["uncached"]["streaming_loads"] = true;
  const std::uint64_t n = 256 * 16 * 4 / 64;  // a 256x16 XRGB8888 buffer
  for (const char* loads : {"plain", "streaming"}) {
    const json workload = {
        {"generator", "gpu-to-cpu"},
        {"params",
         {{"width", 256}, {"height", 16}, {"frames", 1}, {"fps", 0}, {"cycles_per_pixel", 0}, {"gpu", "dev"}, {"buffers", 1}, {"read_loads", loads}}}};
    const json r = test::run_scenario_json(scenario(workload, {"wc-map"}, json::array({json{{"file", "flat.json"}}})), {{"flat.json", platform.dump()}});
    const json& wc = run_of(r, "flat/wc-map");
    const json& ideal = run_of(r, "flat/ideal");
    const double per_line = std::string(loads) == "plain" ? 4 * 100.0 : 100.0;
    EXPECT_EQ(stat(wc, "agents", "cpu0", "maintenance_lines"), 0u);
    EXPECT_DOUBLE_EQ(wc.at("coherency").at("core_busy_per_frame").at("ns").get<double>(), n * per_line) << loads;
    EXPECT_DOUBLE_EQ(ideal.at("coherency").at("core_busy_per_frame").at("ns").get<double>(),
                     101.0 * static_cast<double>((n - 1) / 4) + (n - 1) % 4 + 101);  // NOLINT(bugprone-integer-division): whole groups of 4
    EXPECT_EQ(wc.at("coherency").at("stale_reads").at("value"), 0);
  }
}

TEST(Sharing, NoSyncOnArmIsStaleExactlyWhereTheDisplayReadUncleanedLines) {
  const int frames = 3;
  const std::uint32_t w = 320, h = 200;
  // A display without refresh scans out once per present, so each frame's
  // scan-out is one record.
  const json once = json::array({json{{"preset", "arm-soc"}, {"override", {{"devices", {{"display", {{"refresh_hz", 0}}}}}}}}});
  const json r = test::run_scenario_json(scenario(swrast("cursor-blink", w, h, frames), {"none"}, once));
  const json& run = run_of(r, "arm-soc/none");
  const std::uint64_t cursor_lines = rect_lines(w * 4, 4, w / 2, h / 2, w / 2 + 8, h / 2 + 16);
  EXPECT_EQ(stat(run, "agents", "display", "stale_reads"), frames * cursor_lines);
  const json& records = run.at("sharing").at("stale").at("records");
  ASSERT_EQ(records.size(), static_cast<size_t>(frames));
  for (int f = 0; f < frames; ++f) {
    // Records are ordered by buffer, then frame.
    auto it = std::find_if(records.begin(), records.end(), [f](const json& rec) { return rec.at("frame") == f; });
    ASSERT_NE(it, records.end()) << "frame " << f;
    const json& rec = *it;
    EXPECT_EQ(rec.at("buffer"), "fb" + std::to_string(f % 2));
    EXPECT_EQ(rec.at("agent"), "display");
    EXPECT_EQ(rec.at("lines"), cursor_lines);
    // The cursor's pixels, widened to the 16-pixel lines that hold them.
    EXPECT_EQ(rec.at("rect"), json::array({w / 2 / 16 * 16, h / 2, (w / 2 + 8 + 15) / 16 * 16, h / 2 + 16}));
  }
}

TEST(Sharing, ShadowCopyCopiesTheWholeBufferAtEveryWriteEnd) {
  const int frames = 2;
  const json r = test::run_scenario_json(scenario(swrast("cursor-blink", 256, 128, frames), {"shadow-copy"}));
  for (const char* label : {"x86-llc/shadow-copy", "arm-soc/shadow-copy"}) {
    const json& run = run_of(r, label);
    EXPECT_EQ(stat(run, "exporters", "dmabuf", "copied_bytes"), frames * 256u * 128 * 4) << label;
    EXPECT_EQ(stat(run, "agents", "cpu0", "maintenance_lines"), 0u) << label;
    EXPECT_EQ(run.at("coherency").at("stale_reads").at("value"), 0) << label;
    EXPECT_GT(run.at("coherency").at("breakdown_per_frame").at("copies").at("ns").get<double>(), 0.0) << label;
  }
}

TEST(Sharing, ABarrierIsPaidPerScatterGatherEntry) {
  json contiguous = scenario(swrast("full-frame", 256, 128, 1), {"sync-full"}, {"arm-soc"});
  contiguous["exporter"] = {{"sg_entry_bytes", 0}};
  json pages = contiguous;
  pages["exporter"] = {{"sg_entry_bytes", 4096}};
  EXPECT_EQ(stat(run_of(test::run_scenario_json(contiguous), "arm-soc/sync-full"), "exporters", "dmabuf", "barriers"), 1u);
  EXPECT_EQ(stat(run_of(test::run_scenario_json(pages), "arm-soc/sync-full"), "exporters", "dmabuf", "barriers"), 256u * 128 * 4 / 4096);
}

TEST(Sharing, AmplificationIsBytesMaintainedOverBytesDirtied) {
  const json r = test::run_scenario_json(scenario(swrast("cursor-blink", 320, 200, 2), {"sync-full", "sync-rects"}, {"arm-soc"}));
  const double dirtied = 2.0 * rect_lines(320 * 4, 4, 160, 100, 168, 116) * 64;
  EXPECT_DOUBLE_EQ(run_of(r, "arm-soc/sync-full").at("coherency").at("amplification").at("value").get<double>(), 2.0 * 320 * 200 * 4 / dirtied);
  EXPECT_DOUBLE_EQ(run_of(r, "arm-soc/sync-rects").at("coherency").at("amplification").at("value").get<double>(), 1.0);
}

TEST(Sharing, EveryPolicyOnEveryPresetAndWorkload) {
  // Every policy that syncs keeps every reader's data fresh; only "none" may
  // read stale data, and only on a platform with non-coherent readers.
  const json policies = {"sync-full", "sync-range", "sync-rects", "wc-map", "shadow-copy", "none"};
  const json small = {{"width", 256}, {"height", 128}, {"frames", 3}, {"fps", 0}};
  json compositor_params = small;
  compositor_params.update({{"client_width", 96}, {"client_height", 64}, {"width", 256}, {"height", 128}});
  const std::vector<json> workloads = {
      {{"generator", "swrast-to-display"}, {"params", small}},
      {{"generator", "camera-to-cpu"}, {"params", small}},
      {{"generator", "gpu-to-cpu"}, {"params", small}},
      {{"generator", "compositor"}, {"params", compositor_params}},
  };
  for (const json& workload : workloads) {
    const json r = test::run_scenario_json(scenario(workload, policies, {"x86-llc", "x86-nollc", "arm-soc", "arm-soc-ioc"}));
    ASSERT_EQ(r.at("runs").size(), 28u);
    for (const json& run : r.at("runs")) {
      const std::string label = run.at("label").get<std::string>() + " " + workload.at("generator").get<std::string>();
      EXPECT_EQ(run.at("coherency").at("frames").at("value"), 3) << label;
      if (run.at("policy") != "none") {
        EXPECT_EQ(run.at("coherency").at("stale_reads").at("value"), 0) << label;
      }
    }
  }
}

TEST(Sharing, ForgettingTheSyncIsStaleOnArmButNotOnX86ForCoherentReaders) {
  const json workload = {{"generator", "gpu-to-cpu"}, {"params", {{"width", 256}, {"height", 128}, {"frames", 3}, {"fps", 0}}}};
  const json r = test::run_scenario_json(scenario(workload, {"none"}));
  EXPECT_EQ(run_of(r, "x86-llc/none").at("coherency").at("stale_reads").at("value"), 0);
  // The CPU cached the 128 KiB render target when it read it back; the GPU's
  // next frame goes to DRAM only, so the CPU's next reads of that target are stale.
  EXPECT_GT(run_of(r, "arm-soc/none").at("coherency").at("stale_reads").at("value").get<std::uint64_t>(), 0u);
}

TEST(Sharing, GeneratedTraceRoundTripsThroughTheTextFormat) {
  // `cohsim gen` output replays to exactly the same results as the generator.
  test::ScratchDir dir;
  const json generated = scenario(swrast("video-window", 1280, 720, 3), {"sync-rects", "none"}, {"arm-soc"});
  const std::string scenario_path = dir.write("gen.json", generated.dump());
  const auto gen = test::run_cli("gen '" + scenario_path + "' -o '" + dir.path() + "/w.trace'");
  ASSERT_EQ(gen.status, 0) << gen.err;
  json from_file = generated;
  from_file["workload"] = {{"trace", "w.trace"}};
  dir.write("file.json", from_file.dump());
  const auto a = test::run_cli("run -q '" + scenario_path + "' -o '" + dir.path() + "/a.json'");
  const auto b = test::run_cli("run -q '" + dir.path() + "/file.json' -o '" + dir.path() + "/b.json'");
  ASSERT_EQ(a.status, 0) << a.err;
  ASSERT_EQ(b.status, 0) << b.err;
  std::ifstream ia(dir.path() + "/a.json"), ib(dir.path() + "/b.json");
  json ra = json::parse(ia), rb = json::parse(ib);
  EXPECT_EQ(ra.at("runs"), rb.at("runs"));
}

TEST(Sharing, HandWrittenTraceScenarioRuns) {
  const auto r = test::run_cli("run -q '" + test::source_dir() + "/scenarios/examples/cursor-handoff.json'");
  EXPECT_EQ(r.status, 0) << r.err;
}

TEST(Sharing, UnknownPolicyAndGeneratorParamsAreNamed) {
  test::ScratchDir dir;
  dir.write("a.json", scenario(swrast("cursor-blink", 64, 64, 1), {"sync-all"}).dump());
  auto r = test::run_cli("run -q '" + dir.path() + "/a.json'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("a.json:/policies/0: unknown coherency policy \"sync-all\""), std::string::npos) << r.err;
  json bad = scenario(swrast("cursor-blink", 64, 64, 1), {"none"});
  bad["workload"]["params"]["damage"] = "sparkle";
  dir.write("b.json", bad.dump());
  r = test::run_cli("run -q '" + dir.path() + "/b.json'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("b.json:/workload/params/damage: expected one of full-frame, cursor-blink, text-scroll, video-window"), std::string::npos) << r.err;
  bad["workload"]["params"].erase("damage");
  bad["workload"]["params"]["frame"] = 3;
  dir.write("c.json", bad.dump());
  r = test::run_cli("run -q '" + dir.path() + "/c.json'");
  EXPECT_NE(r.err.find("c.json:/workload/params/frame: unknown key \"frame\"; did you mean \"frames\"?"), std::string::npos) << r.err;
  bad["workload"]["generator"] = "raytracer";
  dir.write("d.json", bad.dump());
  r = test::run_cli("run -q '" + dir.path() + "/d.json'");
  EXPECT_NE(r.err.find("d.json:/workload/generator: unknown workload generator \"raytracer\""), std::string::npos) << r.err;
}

// A Y-tiled scanout buffer: the CPU syncs a small rectangle, the display
// scans out. Tiles are 32x32 XRGB8888 pixels (4 KiB, 64 lines).
std::string tiled_trace(const char* modifier, const char* rect) {
  return std::string("buffer fb 256x128 XRGB8888 modifier=") + modifier + "\nimport fb display\nmmap fb\nsync fb start write " + rect + "\nsync fb end write " +
         rect + "\ndma display r fb\nfence signal display 1\nfence wait cpu 1\n";
}

TEST(Display, ScansOutTheFrontBufferAtEveryVsync) {
  // 60 Hz: vsyncs at 16.67, 33.33 ms, ...; the present at time 0 flips at the
  // first, whose fence then signals; the trace idles until 45 ms, so the
  // display scans fb out at 16.67 and 33.33 ms.
  const std::string trace =
      "buffer fb 64x64 XRGB8888\nimport fb display\nmmap fb\npresent display fb\nfence signal display 1\n"
      "fence wait cpu 1\nframe at=45000000\n";
  json s = scenario({{"trace", "t.trace"}}, {"none"}, {"arm-soc"});
  s["ideal"] = false;
  const json r = run_of(test::run_scenario_json(s, {{"t.trace", trace}}), "arm-soc/none");
  EXPECT_EQ(stat(r, "agents", "display", "flips"), 1u);
  EXPECT_EQ(stat(r, "agents", "display", "scanouts"), 2u);
  EXPECT_EQ(stat(r, "agents", "display", "lines_read"), 2u * 64 * 64 * 4 / 64);
  // The core idled until the flip (1e9/60 ns) and then until 45 ms.
  EXPECT_NEAR(test::stat_ns(r, "agents", "cpu0", "idle"), 45e6, 1.0);
  EXPECT_DOUBLE_EQ(r.at("simulated_time").at("value").get<double>(), 45e6);
}

TEST(Display, ScanOutIsPacedAcrossTheRefreshPeriod) {
  // A 1080p scan-out at 60 Hz fetches 129,600 lines over 16.67 ms (about
  // 0.5 GB/s), not in a burst: a CPU streaming meanwhile barely notices it.
  const std::string trace =
      "buffer fb 1920x1080 XRGB8888\nimport fb display\nmmap fb\npresent display fb\nfence signal display 1\n"
      "fence wait cpu 1\nr 0x1000000000 4MiB\nframe at=34000000\n";
  json s = scenario({{"trace", "t.trace"}}, {"none"}, {"arm-soc"});
  s["ideal"] = false;
  const json r = run_of(test::run_scenario_json(s, {{"t.trace", trace}}), "arm-soc/none");
  const json alone =
      run_of(test::run_scenario_json(scenario({{"trace", "u.trace"}}, {"none"}, {"arm-soc"}), {{"u.trace", "r 0x1000000000 4MiB\n"}}), "arm-soc/none");
  const double with_display = r.at("coherency").at("core_busy_per_frame").at("ns").get<double>();
  const double without = alone.at("coherency").at("core_busy_per_frame").at("ns").get<double>();
  EXPECT_LT(with_display, without * 1.05);
  EXPECT_EQ(stat(r, "agents", "display", "scanouts"), 2u);
}

TEST(SharingTiled, RectSyncsRoundToWholeTiles) {
  // 5x5 pixels at (30, 30) straddle four Y tiles: 4 x 64 lines; linear: 5
  // rows of bytes 120..139, each across two lines.
  for (const auto& [modifier, lines] : std::vector<std::pair<const char*, std::uint64_t>>{
           {"I915_FORMAT_MOD_Y_TILED", 4 * 64}, {"I915_FORMAT_MOD_4_TILED", 4 * 64}, {"linear", rect_lines(256 * 4, 4, 30, 30, 35, 35)}}) {
    json s = scenario({{"trace", "t.trace"}}, {"sync-rects"}, {"arm-soc"});
    const json r = test::run_scenario_json(s, {{"t.trace", tiled_trace(modifier, "30,30,35,35")}});
    EXPECT_EQ(stat(run_of(r, "arm-soc/sync-rects"), "agents", "cpu0", "maintenance_lines"), lines) << modifier;
  }
}

TEST(SharingTiled, DevicesMoveWholeTiledSurfaces) {
  // The display reads every byte of the surface, whatever the layout: X tiles
  // of 512 B x 8 rows make a 256x128 XRGB8888 buffer 1024 B x 128 rows.
  for (const char* modifier : {"I915_FORMAT_MOD_X_TILED", "I915_FORMAT_MOD_Y_TILED", "I915_FORMAT_MOD_4_TILED", "linear"}) {
    json s = scenario({{"trace", "t.trace"}}, {"none"}, {"arm-soc"});
    const json r = test::run_scenario_json(s, {{"t.trace", tiled_trace(modifier, "0,0,8,8")}});
    EXPECT_EQ(stat(run_of(r, "arm-soc/none"), "agents", "display", "lines_read"), 256u * 128 * 4 / 64) << modifier;
  }
}

TEST(SharingTiled, AfbcDevicesReadHeadersAndCompressedBodies) {
  // 256x128: 16 x 8 superblocks; 16 B headers (2 KiB, 32 lines) and 512 B of
  // each 1 KiB body slot at the default ratio of one half.
  json s = scenario({{"trace", "t.trace"}}, {"none"}, {"arm-soc"});
  const json r = test::run_scenario_json(s, {{"t.trace", tiled_trace("DRM_FORMAT_MOD_ARM_AFBC_16x16", "0,0,16,16")}});
  EXPECT_EQ(stat(run_of(r, "arm-soc/none"), "agents", "display", "lines_read"), 32u + 128 * 8);
}

// One tiled 256x128 XRGB8888 buffer that the CPU writes (or reads) whole
// between syncs, and the display scans out.
std::string cpu_tiled_trace(const char* modifier, const char* access, const char* rect = "") {
  const std::string r = rect;
  return std::string("buffer fb 256x128 XRGB8888 modifier=") + modifier + "\nimport fb display\nmmap fb\nsync fb start " +
         (std::string(access) == "w" ? "write" : "rw") + (r.empty() ? "" : " " + r) + "\ncpu " + access + " fb" + (r.empty() ? "" : " " + r) +
         "\nsync fb end " + (std::string(access) == "w" ? "write" : "rw") + (r.empty() ? "" : " " + r) +
         "\ndma display r fb\nfence signal display 1\nfence wait cpu 1\n";
}

json run_tiled(const std::string& trace, const char* platform, const char* policy = "sync-full", const json& exporter = json::object()) {
  json s = scenario({{"trace", "t.trace"}}, {policy}, {platform});
  if (!exporter.empty()) s["exporter"] = exporter;
  return run_of(test::run_scenario_json(s, {{"t.trace", trace}}), std::string(platform) + "/" + policy);
}

TEST(SharingTiled, TheApertureWritesXTilesAsLinesAndYTilesAs16BytePieces) {
  // Through a GTT fence the CPU writes linear rows; an X tile keeps 512 B of
  // a row together, so whole lines combine; a Y tile keeps only 16 B, and
  // the four 16 B pieces of a line arrive 64 pieces apart, after the write
  // combiner (10 buffers) has let the line go: one partial write each.
  const std::uint64_t bytes = 256 * 128 * 4;
  const json x = run_tiled(cpu_tiled_trace("I915_FORMAT_MOD_X_TILED", "w"), "x86-llc");
  const json y = run_tiled(cpu_tiled_trace("I915_FORMAT_MOD_Y_TILED", "w"), "x86-llc");
  EXPECT_EQ(stat(x, "memories", "dram", "writes"), bytes / 64);
  EXPECT_EQ(stat(y, "memories", "dram", "writes"), bytes / 16);
  for (const json* run : {&x, &y}) {
    EXPECT_EQ(stat(*run, "exporters", "dmabuf", "aperture_faults"), 1u);
    EXPECT_EQ(stat(*run, "exporters", "dmabuf", "copied_bytes"), 0u);  // no staging copy
    EXPECT_EQ(stat(*run, "agents", "display", "stale_reads"), 0u);
  }
}

TEST(SharingTiled, ReadingThroughTheApertureFetchesWhatEachLoadKindFetches) {
  // Plain loads read 16 B each, whatever the layout. Streaming loads fetch
  // whole lines into a one-line buffer: X rows read each line once, Y rows
  // fetch the line of every 16 B piece (4x the bytes).
  const std::uint64_t bytes = 256 * 128 * 4;
  const std::uint64_t scanout = bytes;  // the display reads the buffer once as well
  auto streaming = [](std::string trace) { return trace.replace(trace.find("cpu r fb"), 8, "cpu r fb load=streaming"); };
  for (const char* modifier : {"I915_FORMAT_MOD_X_TILED", "I915_FORMAT_MOD_Y_TILED"}) {
    const json plain = run_tiled(cpu_tiled_trace(modifier, "r"), "x86-llc", "none");
    EXPECT_EQ(stat(plain, "memories", "dram", "bytes_read"), bytes + scanout) << modifier;
    EXPECT_EQ(stat(plain, "agents", "cpu0", "uncached_accesses"), bytes / 16) << modifier;
  }
  const json x = run_tiled(streaming(cpu_tiled_trace("I915_FORMAT_MOD_X_TILED", "r")), "x86-llc", "none");
  const json y = run_tiled(streaming(cpu_tiled_trace("I915_FORMAT_MOD_Y_TILED", "r")), "x86-llc", "none");
  EXPECT_EQ(stat(x, "memories", "dram", "bytes_read"), bytes + scanout);
  EXPECT_EQ(stat(y, "memories", "dram", "bytes_read"), 4 * bytes + scanout);
}

TEST(SharingTiled, RunningOutOfFencesFaults) {
  // Two fences, three Y-tiled buffers used in turn: every access steals a fence.
  std::string trace;
  for (const char* b : {"a", "b", "c"}) trace += std::string("buffer ") + b + " 64x64 XRGB8888 modifier=I915_FORMAT_MOD_Y_TILED\nmmap " + b + "\n";
  const std::string round = "cpu w a 0,0,8,8\ncpu w b 0,0,8,8\ncpu w c 0,0,8,8\n";
  json s = scenario({{"trace", "t.trace"}}, {"none"}, json::array({json{{"preset", "x86-llc"}, {"override", {{"aperture", {{"fences", 2}}}}}}}));
  json r = run_of(test::run_scenario_json(s, {{"t.trace", trace + round + round}}), "x86-llc/none");
  EXPECT_EQ(stat(r, "exporters", "dmabuf", "aperture_faults"), 6u);
  EXPECT_DOUBLE_EQ(r.at("exporters").at("dmabuf").at("fault_time").at("value").get<double>(), 6 * 10000.0);
  // Used twice in a row, a buffer keeps its fence.
  const std::string pairs = "cpu w a 0,0,8,8\ncpu w a 8,8,16,16\ncpu w b 0,0,8,8\ncpu w b 8,8,16,16\n";
  r = run_of(test::run_scenario_json(s, {{"t.trace", trace + pairs}}), "x86-llc/none");
  EXPECT_EQ(stat(r, "exporters", "dmabuf", "aperture_faults"), 2u);
}

TEST(SharingTiled, WithoutAnApertureTheCpuWorksOnALinearStagingCopy) {
  // Arm has no aperture: a write of 5x5 pixels straddling four Y tiles
  // retiles those four tiles at the end; read-write also detiles them first.
  const std::uint64_t four_tiles = 4 * 4096;
  const json w = run_tiled(cpu_tiled_trace("I915_FORMAT_MOD_Y_TILED", "w", "30,30,35,35"), "arm-soc", "sync-rects");
  EXPECT_EQ(stat(w, "exporters", "dmabuf", "retiled_bytes"), four_tiles);
  EXPECT_EQ(stat(w, "exporters", "dmabuf", "detiled_bytes"), 0u);
  EXPECT_EQ(stat(w, "agents", "display", "stale_reads"), 0u);
  const json rw = run_tiled(cpu_tiled_trace("I915_FORMAT_MOD_Y_TILED", "r", "30,30,35,35"), "arm-soc", "sync-rects");  // sync rw, cpu r
  EXPECT_EQ(stat(rw, "exporters", "dmabuf", "detiled_bytes"), four_tiles);
  EXPECT_EQ(stat(rw, "exporters", "dmabuf", "retiled_bytes"), four_tiles);
  // Tile4 has no fence even on x86: staging there too.
  const json t4 = run_tiled(cpu_tiled_trace("I915_FORMAT_MOD_4_TILED", "w"), "x86-llc");
  EXPECT_EQ(stat(t4, "exporters", "dmabuf", "retiled_bytes"), 256u * 128 * 4);
  EXPECT_EQ(stat(t4, "exporters", "dmabuf", "aperture_faults"), 0u);
}

TEST(SharingTiled, AfbcIsDecodedAndEncodedWholeSuperblocks) {
  // A 5x5 write at (30, 30) touches four 16x16 superblocks: their 16 B
  // headers and 512 B compressed bodies are re-encoded (4 codec cycles per pixel).
  const json r = run_tiled(cpu_tiled_trace("DRM_FORMAT_MOD_ARM_AFBC_16x16", "w", "30,30,35,35"), "arm-soc", "sync-rects");
  EXPECT_EQ(stat(r, "exporters", "dmabuf", "retiled_bytes"), 4u * (16 + 512));
  EXPECT_DOUBLE_EQ(r.at("exporters").at("dmabuf").at("codec_time").at("value").get<double>(), 4.0 * 4 * 256);
  EXPECT_EQ(stat(r, "agents", "display", "stale_reads"), 0u);
}

TEST(SharingTiled, AnApertureWhereNoneCanBeIsAnError) {
  json s = scenario({{"trace", "t.trace"}}, {"none"}, {"arm-soc"});
  s["exporter"] = {{"tiled_cpu_access", "aperture"}};
  test::ScratchDir dir;
  dir.write("t.trace", cpu_tiled_trace("I915_FORMAT_MOD_Y_TILED", "w"));
  dir.write("s.json", s.dump());
  const auto result = test::run_cli("run -q '" + dir.path() + "/s.json'");
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("t.trace:3: the scenario asks for a detiling aperture"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace cohsim

namespace cohsim {
namespace {

std::string gpu_trace(const std::string& middle) { return "buffer rt 256x128 XRGB8888\nimport rt gpu\nmmap rt\n" + middle; }

json run_gpu(const std::string& trace, const char* policy = "sync-full") {
  json s = scenario({{"trace", "t.trace"}}, {policy}, {"arm-soc"});
  s["ideal"] = false;
  return run_of(test::run_scenario_json(s, {{"t.trace", trace}}), std::string("arm-soc/") + policy);
}

TEST(DeviceCache, TheGpuWritesBackItsL2AtTheEndOfAJob) {
  // arm-soc's GPU has a 1 MiB L2: its writes stay there until it signals;
  // then every dirty line goes to memory, and the CPU reads fresh data.
  const json r = run_gpu(gpu_trace("dma gpu w rt\nfence signal gpu 1\nfence wait cpu 1\nsync rt start read\ncpu r rt\nsync rt end read\n"));
  const std::uint64_t lines = 256 * 128 * 4 / 64;
  EXPECT_EQ(stat(r, "device_caches", "gpu", "write_misses"), lines);
  EXPECT_EQ(stat(r, "device_caches", "gpu", "writebacks"), lines);
  EXPECT_EQ(stat(r, "memories", "dram", "bytes_written"), lines * 64);
  EXPECT_EQ(stat(r, "agents", "cpu0", "stale_reads"), 0u);
}

TEST(DeviceCache, GpuReadsHitItsL2UntilAJobStartEmptiesIt) {
  const std::uint64_t lines = 256 * 128 * 4 / 64;
  // Two reads in one job: the second hits.
  json r = run_gpu(gpu_trace("dma gpu r rt\ndma gpu r rt\n"), "none");
  EXPECT_EQ(stat(r, "device_caches", "gpu", "read_hits"), lines);
  EXPECT_EQ(stat(r, "memories", "dram", "bytes_read"), lines * 64);
  // A wait between them starts a new job: the cache was emptied, both miss.
  r = run_gpu(gpu_trace("dma gpu r rt\nfence signal cpu 1\nfence wait gpu 1\ndma gpu r rt\n"), "none");
  EXPECT_EQ(stat(r, "device_caches", "gpu", "read_hits"), 0u);
  EXPECT_EQ(stat(r, "memories", "dram", "bytes_read"), 2 * lines * 64);
}

TEST(Sharing, ADisplayScanningOutDoesNotHoldUpTheCoresWcWrites) {
  // The display scans the 64x64 buffer out paced over a 60 Hz period, one
  // line every 65 us. Its requests must not claim DRAM time far ahead of the
  // core: the core's 32 WC writes (two cursor frames of 16 half lines) each
  // wait at most about one memory access (65 ns DRAM + 5 ns fabric), not
  // milliseconds.
  const std::string trace =
      "buffer fb 64x64 XRGB8888\nimport fb display\nmmap fb\ncpu w fb 32,32,40,48\nsync fb end write\npresent display fb\n"
      "fence signal display 0\nfence wait cpu 0\ncpu w fb 32,32,40,48\nsync fb end write\n";
  const json run = run_of(test::run_scenario_json(scenario({{"trace", "t.trace"}}, {"wc-map"}, {"x86-llc"}), {{"t.trace", trace}}), "x86-llc/wc-map");
  EXPECT_EQ(stat(run, "agents", "cpu0", "uncached_accesses"), 32u);
  EXPECT_LT(test::stat_ns(run, "agents", "cpu0", "uncached_stall"), 32 * 100.0);
}

}  // namespace
}  // namespace cohsim
