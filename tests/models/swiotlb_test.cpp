// swiotlb bounce buffers (kernel/dma/swiotlb.c, dma-direct): a device whose
// DMA mask cannot reach a buffer works on slots the core copies to and
// from. Checked analytically: the bytes copied follow from the syncs that
// reach the attachment, the stale lines from the ones that do not.
#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::run_of;
using test::stat;

constexpr std::uint64_t kBufferBytes = 256 * 128 * 4;  // 128 KiB: 64 slots of 2 KiB
constexpr std::uint64_t kLines = kBufferBytes / 64;

// arm-soc with the named device limited to the first GiB (a Raspberry Pi 4's
// 30-bit DMA), labelled "pi".
json limited(const std::string& device) {
  return {{"preset", "arm-soc"}, {"label", "pi"}, {"override", {{"devices", {{device, {{"dma_address_bits", 30}}}}}}}};
}

json scenario(const json& platforms, const json& policies, const std::string& exporter, const std::string& trace_file) {
  return {{"name", "t"}, {"platforms", platforms}, {"policies", policies}, {"exporter", {{"kind", exporter}}}, {"workload", {{"trace", trace_file}}}};
}

// The CPU writes a frame and hands it to the display, `frames` times, then
// closes the buffer.
std::string cpu_to_display(int frames) {
  std::string t = "buffer fb 256x128 XRGB8888\nimport fb display\nmmap fb\n";
  for (int f = 0; f < frames; ++f)
    t += "sync fb start write\ncpu w fb\nsync fb end write\ndma display r fb\nfence signal display " + std::to_string(f + 1) + "\nfence wait cpu " +
         std::to_string(f + 1) + "\nframe\n";
  return t + "close fb\n";
}

json run(const json& platforms, const json& policies, const std::string& exporter, const std::string& trace) {
  return test::run_scenario_json(scenario(platforms, policies, exporter, "t.trace"), {{"t.trace", trace}});
}

std::uint64_t stale(const json& run) { return run.at("coherency").at("stale_reads").at("value").get<std::uint64_t>(); }

// A sync that reaches the attachment copies the buffer to its slots after
// each write (dma_sync_sgtable_for_device, DMA_TO_DEVICE); the map copies it
// once and the unmap copies it back once: (frames + 2) buffers in all, and
// the display reads what the CPU wrote.
TEST(Swiotlb, ASyncThatReachesTheAttachmentCopiesTheBufferToItsSlots) {
  constexpr int kFrames = 3;
  const json r = run(json::array({limited("display")}), {"sync-full", "none"}, "system-heap", cpu_to_display(kFrames));
  const json& synced = run_of(r, "pi/sync-full");
  EXPECT_EQ(stat(synced, "exporters", "swiotlb", "bounced_mappings"), 1u);
  EXPECT_EQ(stat(synced, "exporters", "swiotlb", "bounce_copies"), kFrames + 2u);
  EXPECT_EQ(stat(synced, "exporters", "swiotlb", "bounced_bytes"), (kFrames + 2u) * kBufferBytes);
  EXPECT_EQ(stat(synced, "exporters", "swiotlb", "peak_pool_bytes"), kBufferBytes);
  EXPECT_EQ(stale(synced), 0u);
  // The display does not snoop: every copy into the slots is cleaned from
  // the core's caches (map and frames), every copy out invalidated (unmap).
  // The buffer's own pages are never maintained: only the core touches them.
  EXPECT_EQ(stat(synced, "agents", "cpu0", "maintenance_lines"), (kFrames + 2u) * kLines);
  // Without a sync the slots keep the map's copy: the display reads every
  // line of every frame stale.
  const json& unsynced = run_of(r, "pi/none");
  EXPECT_EQ(stat(unsynced, "exporters", "swiotlb", "bounce_copies"), 2u);
  EXPECT_EQ(stale(unsynced), kFrames * kLines);
}

// The reason raspberrypi/linux#5727's frames came out green: udmabuf syncs
// against its own device, so its syncs never reach the importer's slots,
// whatever the policy; vgem's reach the non-coherent importers'.
TEST(Swiotlb, AnExporterWhoseSyncsMissTheAttachmentLeavesTheSlotsStale) {
  constexpr int kFrames = 2;
  for (const char* exporter : {"udmabuf", "vgem", "system-uncached-heap"}) {
    const json r = run(json::array({limited("display"), "arm-soc"}), exporter == std::string("system-uncached-heap") ? json{"wc-map"} : json{"sync-full"},
                       exporter, cpu_to_display(kFrames));
    const std::string policy = exporter == std::string("system-uncached-heap") ? "/wc-map" : "/sync-full";
    const bool reaches = exporter == std::string("vgem");
    EXPECT_EQ(stale(run_of(r, "pi" + policy)), reaches ? 0u : kFrames * kLines) << exporter;
    EXPECT_EQ(stat(run_of(r, "pi" + policy), "exporters", "swiotlb", "bounce_copies"), reaches ? kFrames + 2u : 2u) << exporter;
    // The same exporter on a device that reaches the buffer: no slot, no stale line.
    EXPECT_EQ(stale(run_of(r, "arm-soc" + policy)), 0u) << exporter;
    EXPECT_FALSE(run_of(r, "arm-soc" + policy).at("exporters").contains("swiotlb")) << exporter;
  }
}

// A device that writes: its data reaches the buffer only through a sync for
// the CPU (DMA_FROM_DEVICE copies the slots back); without one the core
// reads what the buffer held before.
TEST(Swiotlb, ADeviceWritesReachTheCpuOnlyThroughASyncForTheCpu) {
  std::string t = "buffer cam 256x128 XRGB8888\nimport cam camera\nmmap cam\n";
  for (int f = 1; f <= 2; ++f)
    t += "dma camera w cam\nfence signal camera " + std::to_string(f) + "\nfence wait cpu " + std::to_string(f) +
         "\nsync cam start read\ncpu r cam\nsync cam end read\nframe\n";
  const json r = run(json::array({limited("camera")}), {"sync-full", "none"}, "system-heap", t);
  const json& synced = run_of(r, "pi/sync-full");
  EXPECT_EQ(stale(synced), 0u);
  // The map, and a copy back per frame; a read's end copies nothing to the slots.
  EXPECT_EQ(stat(synced, "exporters", "swiotlb", "bounce_copies"), 3u);
  EXPECT_EQ(stat(synced, "exporters", "swiotlb", "bounced_bytes"), 3 * kBufferBytes);
  EXPECT_EQ(stale(run_of(r, "pi/none")), 2 * kLines);
}

// Two devices that cannot reach the buffer each have slots of their own: a
// sync copies every one, and slots that held the same bytes as the buffer
// leave nothing stale (whatever order the attachments are copied in).
TEST(Swiotlb, EveryBouncedAttachmentHasSlotsOfItsOwn) {
  constexpr int kFrames = 2;
  std::string t = "buffer fb 256x128 XRGB8888\nimport fb display\nimport fb camera\nmmap fb\n";
  for (int f = 1; f <= kFrames; ++f)
    t += "sync fb start rw\ncpu r fb\ncpu w fb\nsync fb end rw\ndma display r fb\ndma camera r fb\nfence signal camera " + std::to_string(f) +
         "\nfence wait cpu " + std::to_string(f) + "\nframe\n";
  json both = limited("display");
  both["override"]["devices"]["camera"] = {{"dma_address_bits", 30}};
  const json r = run(json::array({both}), {"sync-full"}, "system-heap", t + "close fb\n");
  const json& run = run_of(r, "pi/sync-full");
  EXPECT_EQ(stale(run), 0u);
  EXPECT_EQ(stat(run, "exporters", "swiotlb", "bounced_mappings"), 2u);
  EXPECT_EQ(stat(run, "exporters", "swiotlb", "peak_pool_bytes"), 2 * kBufferBytes);
  // Per attachment: the map, a copy out at each start and a copy in at each
  // end (rw), and the unmap.
  EXPECT_EQ(stat(run, "exporters", "swiotlb", "bounce_copies"), 2 * (2 + 2 * kFrames));
}

// The pool holds 2 KiB slots; an attachment that finds no room fails as
// dma_map_sgtable does, an error at the import's line.
TEST(Swiotlb, AMappingThatDoesNotFitThePoolIsAnErrorAtItsImport) {
  test::ScratchDir dir;
  dir.write("t.trace", "buffer a 256x128 XRGB8888\nimport a display\nbuffer b 256x128 XRGB8888\nimport b display\n");
  json pi = limited("display");
  pi["override"]["swiotlb"] = {{"pool_bytes", 192 * 1024}};  // room for one 128 KiB buffer
  dir.write("t.json", scenario(json::array({pi}), {"none"}, "system-heap", "t.trace").dump());
  const auto result = test::run_cli("run -q '" + dir.path() + "/t.json' -o '" + dir.path() + "/r.json'");
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("t.trace:4: swiotlb buffer is full: display cannot reach buffer \"b\""), std::string::npos) << result.err;
  EXPECT_FALSE(std::filesystem::exists(dir.path() + "/r.json"));
  // A virtual platform's devices are the host's: a narrow mask there is an
  // error, not a setting silently ignored.
  json virt = {{"preset", "virt-vmwgfx"}, {"override", {{"devices", {{"display", {{"dma_address_bits", 30}}}}}}}};
  dir.write("v.json", scenario(json::array({virt}), {"none"}, "vgem", "t.trace").dump());
  const auto refused = test::run_cli("run -q '" + dir.path() + "/v.json'");
  EXPECT_EQ(refused.status, 2);
  EXPECT_NE(refused.err.find("/platforms/0/override/devices/display/dma_address_bits: a virtual platform's devices are the host's"), std::string::npos)
      << refused.err;
  // Behind an IOMMU a device reaches every buffer (dma-iommu never bounces).
  json iommu = limited("display");
  iommu["override"]["devices"]["display"]["iommu"] = {{"iotlb_entries", 64}};
  dir.write("i.json", scenario(json::array({iommu}), {"none"}, "vgem", "t.trace").dump());
  const auto both = test::run_cli("run -q '" + dir.path() + "/i.json'");
  EXPECT_EQ(both.status, 2);
  EXPECT_NE(both.err.find("a device behind an IOMMU reaches every buffer through it"), std::string::npos) << both.err;
}

}  // namespace
}  // namespace cohsim
