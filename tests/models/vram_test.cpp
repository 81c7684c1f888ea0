// x86-dgpu's VRAM (exporter amdgpu-vram): the CPU reaches it through the
// BAR (write-combined, each read a PCIe round trip, writes posted), the GPU
// and its display by the GPU's own fabric, and nothing else imports it.
// Checked against the preset's own latencies and rates, not against
// figures cohsim produced.
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::stat;

constexpr double kBarRoundTripNs = 530 + 300;  // the ring's PCIe route and the VRAM's latency (x86-dgpu.json)
constexpr std::uint64_t kLines = 256 * 64 * 4 / 64;

std::string vram_trace(const std::string& tail) { return "buffer fb 256x64 XRGB8888 exporter=amdgpu-vram\nimport fb gpu\nmmap fb\n" + tail; }

double cpu_elapsed_ns(const std::string& trace) { return test::stat_ns(test::simulate_preset("x86-dgpu", trace), "agents", "cpu0", "elapsed"); }

// Streaming loads fill whole lines, x86-llc's wc_read_mlp (2) at a time, and
// no fill can be served sooner than a round trip across PCIe to VRAM.
TEST(Vram, EveryCpuReadIsARoundTripThroughTheBar) {
  const json run = test::simulate_preset("x86-dgpu", vram_trace("cpu r fb load=streaming\n"));
  EXPECT_EQ(stat(run, "fabrics", "ring", "routed"), kLines);
  EXPECT_EQ(stat(run, "memories", "vram", "bytes_read"), kLines * 64);
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_read"), 0u);
  EXPECT_EQ(stat(run, "fabrics", "ring", "snooped_reads") + stat(run, "fabrics", "ring", "self_snoops"), 0u);  // nothing caches a BAR
  const double read_ns = cpu_elapsed_ns(vram_trace("cpu r fb load=streaming\n")) - cpu_elapsed_ns(vram_trace(""));
  const double floor_ns = kLines / 2.0 * kBarRoundTripNs;
  EXPECT_GE(read_ns, floor_ns);
  EXPECT_LE(read_ns, floor_ns * 1.05);
}

// Writes through the BAR are posted: the write-combining buffers drain at
// the link's rate, not one round trip per buffer (10 buffers x 64 B per
// 830 ns would be 0.77 GB/s; gdrcopy measures 9.6-9.8 GB/s).
TEST(Vram, CpuWritesThroughTheBarArePosted) {
  const json run = test::simulate_preset("x86-dgpu", vram_trace("cpu w fb\n"));
  EXPECT_EQ(stat(run, "memories", "vram", "bytes_written"), kLines * 64);
  const double write_ns = cpu_elapsed_ns(vram_trace("cpu w fb\n")) - cpu_elapsed_ns(vram_trace(""));
  const double round_trips_ns = kLines / 10.0 * kBarRoundTripNs;
  EXPECT_LT(write_ns, round_trips_ns / 4);
  EXPECT_GE(write_ns, (kLines - 1) * 64 / 24.0);  // the link's 24 GB/s (the last line is done once the link takes it)
}

// The GPU writes its VRAM without crossing PCIe: faster than the link
// could carry the frame, nothing reaches the ring or system memory.
TEST(Vram, TheGpuWritesItsVramWithoutCrossingPcie) {
  const std::string trace = "buffer fb 1920x1080 XRGB8888 exporter=amdgpu-vram\nimport fb gpu\ndma gpu w fb\n";
  const json run = test::simulate_preset("x86-dgpu", trace);
  const double bytes = 1920.0 * 1080 * 4;
  EXPECT_EQ(stat(run, "memories", "vram", "bytes_written"), static_cast<std::uint64_t>(bytes));
  EXPECT_EQ(stat(run, "memories", "dram", "bytes_written"), 0u);
  EXPECT_EQ(stat(run, "fabrics", "ring", "requests"), 0u);
  EXPECT_EQ(stat(run, "fabrics", "gpu_hub", "routed"), static_cast<std::uint64_t>(bytes / 64));
  EXPECT_LT(test::stat_ns(run, "agents", "gpu", "busy"), bytes / 24.0 / 2);
}

// What the kernel does not allow, or cohsim does not model, is an error at
// the trace's line or a refusal with the kernel's reason.
TEST(Vram, WhatAmdgpuWouldMigrateOrRefuseIsAnErrorOrARefusal) {
  test::ScratchDir dir;
  auto run = [&](const std::string& trace, const std::string& platform) {
    dir.write("t.trace", trace);
    dir.write("s.json", json{{"name", "t"}, {"platforms", {platform}}, {"policies", {"sync-full"}}, {"workload", {{"trace", "t.trace"}}}}.dump());
    return test::run_cli("run -q '" + dir.path() + "/s.json' -o '" + dir.path() + "/r.json'");
  };
  const auto camera = run(vram_trace("import fb camera\n"), "x86-dgpu");
  EXPECT_EQ(camera.status, 2);
  EXPECT_NE(camera.err.find("t.trace:4"), std::string::npos) << camera.err;
  EXPECT_NE(camera.err.find("amdgpu_dma_buf_map"), std::string::npos) << camera.err;
  const auto gtt_scanout = run("buffer fb 256x64 XRGB8888\nimport fb display\npresent display fb\n", "x86-dgpu");
  EXPECT_EQ(gtt_scanout.status, 2);
  EXPECT_NE(gtt_scanout.err.find("scans out of its GPU's VRAM only"), std::string::npos) << gtt_scanout.err;
  const auto vram_scanout = run(vram_trace("import fb display\ncpu w fb\npresent display fb\n"), "x86-dgpu");
  EXPECT_EQ(vram_scanout.status, 0) << vram_scanout.err;
  // Without VRAM every run is refused, the ideal one too (its buffers could not exist).
  const auto arm = run(vram_trace("cpu w fb\n"), "arm-soc");
  EXPECT_EQ(arm.status, 0) << arm.err;
  const json results = json::parse(test::read_text_file(dir.path() + "/r.json"));
  ASSERT_EQ(results.at("runs").size(), 2u);
  for (const json& r : results.at("runs")) EXPECT_NE(r.at("refused").get<std::string>().find("this platform has none"), std::string::npos) << r;
  EXPECT_EQ(results.at("runs").at(1).at("label"), "arm-soc/ideal");
  EXPECT_EQ(results.at("runs").at(1).at("policy"), "ideal");
}

// Every VRAM buffer takes addresses of its own, closed ones' included: a
// trace whose buffers do not fit the window is an error at the buffer that
// overflows it (1 GiB here: 4K buffers take 34 MiB each with their 2 MiB gap).
TEST(Vram, BuffersThatDoNotFitTheWindowAreAnError) {
  test::ScratchDir dir;
  std::string trace;
  for (int i = 0; i < 40; ++i) trace += "buffer b" + std::to_string(i) + " 3840x2160 XRGB8888 exporter=amdgpu-vram\nclose b" + std::to_string(i) + "\n";
  dir.write("t.trace", trace);
  const json platform = {{"preset", "x86-dgpu"}, {"override", {{"memories", {{"vram", {{"window", {{"size_gib", 1}}}}}}}}}};
  dir.write("s.json", json{{"name", "t"}, {"platforms", {platform}}, {"policies", {"none"}}, {"workload", {{"trace", "t.trace"}}}}.dump());
  const auto r = test::run_cli("run -q '" + dir.path() + "/s.json' -o '" + dir.path() + "/r.json'");
  EXPECT_EQ(r.status, 2);
  const std::uint64_t footprint = (3840ull * 2160 * 4 + (4ull << 20) - 1) / (2ull << 20) * (2ull << 20);
  const std::uint64_t fit = (1ull << 30) / footprint;  // buffers 0 .. fit-1 fit; buffer `fit` is on line 2 * fit + 1
  EXPECT_NE(r.err.find("t.trace:" + std::to_string(2 * fit + 1)), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("does not fit the 1 GiB of VRAM"), std::string::npos) << r.err;
}

// A coherent GPU request to system memory is snooped once, by the host's
// ring; the GPU's own fabric forwards it without looking anything up.
TEST(Vram, TheGpusSystemMemoryRequestsAreSnoopedOnceByTheHost) {
  const json run = test::simulate_preset("x86-dgpu", "buffer fb 256x64 XRGB8888\nimport fb gpu\ndma gpu r fb\n");
  EXPECT_EQ(stat(run, "fabrics", "ring", "snooped_reads"), kLines);
  EXPECT_EQ(stat(run, "fabrics", "gpu_hub", "snooped_reads"), 0u);
  EXPECT_EQ(stat(run, "fabrics", "gpu_hub", "routed"), 0u);
}

}  // namespace
}  // namespace cohsim
