// Virtual platforms (virt-vmwgfx, virt-virtio-gpu): what crosses to the host,
// counted from the trace's own geometry. A 1024x1024 XRGB8888 buffer has rows
// of exactly one 4 KiB page, so pages and rows are the same count.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::run_of;
using test::stat;

constexpr std::uint64_t kRow = 1024 * 4;  // bytes per row = one page
constexpr std::uint64_t kSize = 1024 * kRow;

const char* kHeader = "buffer fb 1024x1024 XRGB8888\nimport fb display\nmmap fb\n";

json run_virt(const std::string& body, const json& policies, const json& platforms = json::array({"virt-vmwgfx", "virt-virtio-gpu"})) {
  const json s = {{"name", "virt"}, {"platforms", platforms}, {"policies", policies}, {"ideal", false}, {"workload", {{"trace", "t.trace"}}}};
  return test::run_scenario_json(s, {{"t.trace", kHeader + body}});
}

std::uint64_t hv(const json& run, const char* name) { return stat(run, "hypervisor", "guest", name); }

// One frame: the CPU writes `rect` between syncs, then the display reads.
std::string frame(const std::string& rect) {
  return "sync fb start write " + rect + "\ncpu w fb " + rect + "\nsync fb end write " + rect + "\ndma display r fb\nframe\n";
}

TEST(Virtual, FaultsPerFrameAreThePagesFirstWrittenSinceTheLastScan) {
  // 1024 pages: mkwrite. Frame 1 writes rows 0-9 twice (10 faults), frame 2
  // rows 5-7 (3 faults: the scan protected them again).
  const std::string body = "cpu w fb 0,0,1024,10\n" + frame("0,0,1024,10") + frame("0,5,1024,8");
  const json r = run_virt(body, {"fault-tracking"});
  for (const char* p : {"virt-vmwgfx", "virt-virtio-gpu"}) {
    const json& run = run_of(r, std::string(p) + "/fault-tracking");
    EXPECT_EQ(hv(run, "write_faults"), 13u) << p;
    EXPECT_EQ(hv(run, "scans"), 2u) << p;
    EXPECT_EQ(hv(run, "mode_switches"), 0u) << p;
    // One box per frame: whole rows 0-9, then 5-7.
    EXPECT_EQ(hv(run, "bytes_to_host"), 13 * kRow) << p;
    EXPECT_EQ(stat(run, "agents", "display", "stale_reads"), 0u) << p;
  }
  const json& vmw = run_of(r, "virt-vmwgfx/fault-tracking");
  EXPECT_EQ(hv(vmw, "commands"), 2u);  // one update per dirty box
  EXPECT_EQ(hv(vmw, "exits"), 2u);
}

TEST(Virtual, ModeSwitchesHappenExactlyAtTheThresholds) {
  // 113 of 1024 pages is over 10% (integer percent 11), 112 is not (10).
  auto frames = [](int n, int rows) {
    std::string s;
    for (int i = 0; i < n; ++i) s += frame("0,0,1024," + std::to_string(rows));
    return s;
  };
  const json platforms = json::array({"virt-vmwgfx"});
  EXPECT_EQ(hv(run_of(run_virt(frames(4, 112), {"fault-tracking"}, platforms), "virt-vmwgfx/fault-tracking"), "mode_switches"), 0u);
  EXPECT_EQ(hv(run_of(run_virt(frames(2, 113), {"fault-tracking"}, platforms), "virt-vmwgfx/fault-tracking"), "mode_switches"), 0u);
  const json dense = run_of(run_virt(frames(3, 113), {"fault-tracking"}, platforms), "virt-vmwgfx/fault-tracking");
  EXPECT_EQ(hv(dense, "mode_switches"), 1u);
  // Then in page-table mode: writes stop faulting once each page was written
  // again, and three scans that find nothing switch back.
  const std::string quiet = "dma display r fb\nframe\n";
  const json back = run_of(run_virt(frames(5, 113) + quiet + quiet, {"fault-tracking"}, platforms), "virt-vmwgfx/fault-tracking");
  EXPECT_EQ(hv(back, "mode_switches"), 1u);
  EXPECT_EQ(hv(back, "write_faults"), 4 * 113u);  // frames 1-3, and frame 4 (protected at the switch); none in frame 5
  const json twice = run_of(run_virt(frames(5, 113) + quiet + quiet + quiet, {"fault-tracking"}, platforms), "virt-vmwgfx/fault-tracking");
  EXPECT_EQ(hv(twice, "mode_switches"), 2u);
}

TEST(Virtual, BytesCopiedEqualTheBoxesBytes) {
  // sync-rects: one update per rectangle, each the rectangle's bytes.
  const std::string rects = "10,20,110,70 500,600,540,700";
  const std::string body = "sync fb start write " + rects + "\ncpu w fb " + rects + "\nsync fb end write " + rects + "\ndma display r fb\nframe\n";
  const std::uint64_t bytes = (100 * 50 + 40 * 100) * 4;
  const json r = run_virt(body, {"sync-rects"});
  const json& vmw = run_of(r, "virt-vmwgfx/sync-rects");
  EXPECT_EQ(hv(vmw, "bytes_to_host"), bytes);
  EXPECT_EQ(hv(vmw, "commands"), 2u);
  EXPECT_EQ(hv(vmw, "exits"), 1u);  // both commands in one command buffer, one doorbell
  EXPECT_EQ(hv(vmw, "copy_submissions"), 2u);
  EXPECT_EQ(stat(vmw, "agents", "display", "stale_reads"), 0u);
  // A rectangle across rows under fault tracking becomes whole rows.
  const json ft = run_of(run_virt(frame("10,20,30,60"), {"fault-tracking"}), "virt-vmwgfx/fault-tracking");
  EXPECT_EQ(hv(ft, "bytes_to_host"), 40 * kRow);
}

TEST(Virtual, VirtioGpuCopiesOnceOnTheHostFromTheGuestPages) {
  // A dumb buffer's shmem pages are the resource's backing: the host reads
  // them, the guest copies nothing. Its core does what it does on vmwgfx.
  const std::string rect = "100,100,300,200";
  const std::uint64_t bytes = 200 * 100 * 4;
  const json r = run_virt(frame(rect) + frame(rect), {"sync-rects"});
  const json& run = run_of(r, "virt-virtio-gpu/sync-rects");
  const json& vmw = run_of(r, "virt-vmwgfx/sync-rects");
  EXPECT_EQ(hv(run, "bytes_to_host"), 2 * bytes);
  EXPECT_EQ(hv(run, "commands"), 2 * 2u);  // TRANSFER_TO_HOST_2D and RESOURCE_FLUSH
  EXPECT_EQ(hv(run, "exits"), 2u);         // one notify per submission
  EXPECT_FALSE(run.at("hypervisor").at("guest").contains("guest_copy_bytes"));
  EXPECT_EQ(stat(run, "exporters", "dmabuf", "copied_bytes"), 0u);
  for (const char* counter : {"stores", "loads", "store_bytes", "load_bytes"})
    EXPECT_EQ(stat(run, "agents", "cpu0", counter), stat(vmw, "agents", "cpu0", counter)) << counter;
  EXPECT_EQ(stat(run, "agents", "display", "stale_reads"), 0u);
}

TEST(Virtual, SyncFullCopiesTheWholeSurfaceEveryFrame) {
  const int frames = 3;
  std::string body;
  for (int i = 0; i < frames; ++i) body += frame("0,0,8,8");
  const json r = run_virt(body, {"sync-full"});
  for (const char* p : {"virt-vmwgfx", "virt-virtio-gpu"}) {
    const json& run = run_of(r, std::string(p) + "/sync-full");
    EXPECT_EQ(hv(run, "bytes_to_host"), frames * kSize) << p;
    EXPECT_EQ(stat(run, "agents", "display", "stale_reads"), 0u) << p;
    // The host copy engine read and wrote every line of it.
    EXPECT_EQ(stat(run, "agents", "host_copy", "lines_read"), frames * kSize / 64) << p;
  }
}

TEST(Virtual, WithoutUpdatesTheHostShowsStaleData) {
  const json r = run_virt(frame("0,0,1024,4"), {"none"});
  for (const char* p : {"virt-vmwgfx", "virt-virtio-gpu"}) {
    const json& run = run_of(r, std::string(p) + "/none");
    EXPECT_EQ(stat(run, "agents", "display", "stale_reads"), 4 * kRow / 64) << p;
    EXPECT_EQ(hv(run, "bytes_to_host"), 0u) << p;
  }
}

TEST(Virtual, HostRenderingIsStaleInTheGuestUntilFetched) {
  const std::string body = "import fb gpu\ndma gpu w fb\nfence signal gpu 1\nfence wait cpu 1\nsync fb start read\ncpu r fb 0,0,1024,8\nsync fb end read\n";
  const json platforms = json::array({"virt-vmwgfx"});
  const json none = run_of(run_virt(body, {"none"}, platforms), "virt-vmwgfx/none");
  EXPECT_EQ(stat(none, "agents", "cpu0", "stale_reads"), 8 * kRow / 64);
  const json full = run_of(run_virt(body, {"sync-full"}, platforms), "virt-vmwgfx/sync-full");
  EXPECT_EQ(stat(full, "agents", "cpu0", "stale_reads"), 0u);
  EXPECT_EQ(hv(full, "bytes_from_host"), kSize);
  const json ft = run_of(run_virt(body, {"fault-tracking"}, platforms), "virt-vmwgfx/fault-tracking");
  EXPECT_EQ(stat(ft, "agents", "cpu0", "stale_reads"), 0u);
}

TEST(Virtual, PoliciesThatCannotRunAreRefusedNotSimulated) {
  const json r = run_virt(frame("0,0,8,8"), {"wc-map", "fault-tracking"}, json::array({"virt-vmwgfx", "x86-llc"}));
  const json& wc = run_of(r, "virt-vmwgfx/wc-map");
  EXPECT_NE(wc.at("refused").get<std::string>().find("vmwgfx"), std::string::npos);
  EXPECT_FALSE(wc.contains("coherency"));
  EXPECT_TRUE(run_of(r, "x86-llc/fault-tracking").contains("refused"));
  EXPECT_FALSE(run_of(r, "virt-vmwgfx/fault-tracking").contains("refused"));
  EXPECT_FALSE(run_of(r, "x86-llc/wc-map").contains("refused"));
  // A virtual GPU that shares the guest's pages lets wc-map run: no copies.
  const json shared = {{"preset", "virt-vmwgfx"}, {"label", "shared"}, {"override", {{"hypervisor", {{"guest_mmap", true}}}}}};
  json platforms = json::array();
  platforms.push_back(shared);
  const json r2 = run_virt(frame("0,0,8,8"), {"wc-map"}, platforms);
  const json& run = run_of(r2, "shared/wc-map");
  EXPECT_EQ(hv(run, "bytes_to_host"), 0u);
  EXPECT_EQ(stat(run, "agents", "display", "stale_reads"), 0u);
}

TEST(Virtual, AFlipQueuedBehindAHostCopyStillHappensWhenTheTraceEnds) {
  // The trace ends while the display still waits for the host's copy: the
  // flip must happen (it once deadlocked the replay instead).
  const std::string body = "sync fb start write\ncpu w fb\nsync fb end write\npresent display fb\n";
  // A slow host copy (4 MiB at 0.1 GB/s: 42 ms) outlasts the next vsync.
  const json slow = {{"preset", "virt-vmwgfx"}, {"label", "slow"}, {"override", {{"hypervisor", {{"host_copy", {{"bandwidth_gbps", 0.1}}}}}}}};
  json platforms = json::array();
  platforms.push_back(slow);
  const json run = run_of(run_virt(body, {"sync-full"}, platforms), "slow/sync-full");
  EXPECT_EQ(stat(run, "agents", "display", "flips"), 1u);
  EXPECT_EQ(stat(run, "agents", "display", "stale_reads"), 0u);
}

TEST(Virtual, ATiledBufferOnAVirtualGpuIsAnErrorNamingTheLine) {
  test::ScratchDir dir;
  dir.write("t.trace", "buffer fb 256x256 XRGB8888 modifier=I915_FORMAT_MOD_X_TILED\n");
  const json s = {{"name", "virt"}, {"platforms", {"virt-vmwgfx"}}, {"policies", {"sync-full"}}, {"workload", {{"trace", "t.trace"}}}};
  dir.write("s.json", s.dump());
  const auto result = test::run_cli("run -q '" + dir.path() + "/s.json' -o '" + dir.path() + "/out.json'");
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find(
                "t.trace:1: buffer \"fb\" is I915_FORMAT_MOD_X_TILED; the virtual GPU of platform virt-vmwgfx/sync-full shares linear guest surfaces only"),
            std::string::npos)
      << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/out.json"));  // nothing half-written
}

TEST(Virtual, TheHostIsAParameter) {
  const json arm_host = {{"preset", "virt-vmwgfx"}, {"label", "on-arm"}, {"override", {{"host", "arm-soc"}}}};
  const json r = run_virt(frame("0,0,1024,10"), {"fault-tracking", "none"}, json::array({arm_host, "virt-vmwgfx"}));
  const json& arm = run_of(r, "on-arm/fault-tracking");
  EXPECT_DOUBLE_EQ(arm.at("agents").at("cpu0").at("elapsed").at("clock_ghz").get<double>(), 2.8);  // arm-soc's core
  EXPECT_EQ(hv(arm, "write_faults"), 10u);
  EXPECT_EQ(stat(arm, "agents", "display", "stale_reads"), 0u);  // the host copy snoops the guest's caches
  EXPECT_EQ(stat(run_of(r, "on-arm/none"), "agents", "display", "stale_reads"), 10 * kRow / 64);
}

}  // namespace
}  // namespace cohsim
