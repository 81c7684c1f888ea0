// Each exporter's begin/end_cpu_access against the kernel's
// (docs/exporters.md cites each function): which devices its syncs maintain
// for, per direction, how its scatter-gather list splits the maintenance,
// what it maps, and what it refuses with the kernel's reason.
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::run_of;
using test::stat;

json readback(const std::string& generator, const json& platforms, const json& policies, const std::string& exporter) {
  return {{"name", "t"},
          {"platforms", platforms},
          {"policies", policies},
          {"exporter", {{"kind", exporter}}},
          {"workload", {{"generator", generator}, {"params", {{"width", 256}, {"height", 128}, {"frames", 4}, {"fps", 0}}}}}};
}

// udmabuf's begin/end_cpu_access sync the sg table against the udmabuf misc
// device itself (drivers/dma-buf/udmabuf.c begin_cpu_access_udmabuf:
// dma_sync_sg_for_cpu(ubuf->device, ...); end_cpu_access_udmabuf:
// dma_sync_sg_for_device), not against the importers: dma-direct maintains
// for that device on arm64 whatever the importers, and never on x86
// (kernel/dma/direct.h: every x86 device is dma-coherent).
TEST(Exporters, UdmabufSyncsAgainstItsOwnDeviceWhateverTheImporters) {
  const std::uint64_t lines = 256 * 128 * 4 / 64;
  for (const char* exporter : {"vgem", "udmabuf"}) {
    const json r = test::run_scenario_json(readback("gpu-to-cpu", {"arm-soc-ioc", "x86-nollc"}, {"sync-full"}, exporter));
    const bool udmabuf = exporter == std::string("udmabuf");
    // arm-soc-ioc: the GPU snoops, so vgem does nothing; udmabuf still
    // invalidates before each read and cleans after it (arm64 rules).
    EXPECT_EQ(stat(run_of(r, "arm-soc-ioc/sync-full"), "agents", "cpu0", "maintenance_lines"), udmabuf ? 4 * 2 * lines : 0u) << exporter;
    EXPECT_EQ(run_of(r, "arm-soc-ioc/sync-full").at("coherency").at("stale_reads").at("value"), 0) << exporter;
    // x86-nollc: the GPU does not snoop; vgem flushes, udmabuf's sync does
    // nothing on x86, so the CPU reads its own stale copies.
    EXPECT_EQ(stat(run_of(r, "x86-nollc/sync-full"), "agents", "cpu0", "maintenance_lines"), udmabuf ? 0u : 4 * lines) << exporter;
    const auto stale = run_of(r, "x86-nollc/sync-full").at("coherency").at("stale_reads").at("value").get<std::uint64_t>();
    if (udmabuf) {
      EXPECT_GT(stale, 0u);
    } else {
      EXPECT_EQ(stale, 0u);
    }
  }
}

TEST(Exporters, UdmabufRefusesWhatTheKernelCannotDo) {
  const json r = test::run_scenario_json(readback("gpu-to-cpu", {"arm-soc", "virt-vmwgfx"}, {"sync-full", "sync-range", "sync-rects", "wc-map"}, "udmabuf"));
  EXPECT_FALSE(run_of(r, "arm-soc/sync-full").contains("refused"));
  for (const char* policy : {"sync-range", "sync-rects"})
    EXPECT_NE(run_of(r, std::string("arm-soc/") + policy).at("refused").get<std::string>().find("no begin_cpu_access_partial"), std::string::npos);
  EXPECT_NE(run_of(r, "arm-soc/wc-map").at("refused").get<std::string>().find("mmap_udmabuf"), std::string::npos);
  EXPECT_NE(run_of(r, "virt-vmwgfx/sync-full").at("refused").get<std::string>().find("native platforms only"), std::string::npos);

  test::ScratchDir dir;
  // One sync per buffer: a per-attachment setting is an error, not ignored.
  json s = readback("gpu-to-cpu", {"arm-soc"}, {"sync-full"}, "udmabuf");
  s["exporter"]["maintenance_per_attachment"] = true;
  dir.write("s.json", s.dump());
  auto result = test::run_cli("run -q '" + dir.path() + "/s.json'");
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("/exporter/maintenance_per_attachment: only vgem's syncs are set per attachment"), std::string::npos) << result.err;
  // size_limit_mb: a 4K XRGB8888 buffer (31.6 MiB) fits, an 8K one (126.6 MiB) does not.
  s = readback("gpu-to-cpu", {"arm-soc"}, {"sync-full"}, "udmabuf");
  s["workload"]["params"].update({{"width", 7680}, {"height", 4320}, {"frames", 1}});
  dir.write("big.json", s.dump());
  result = test::run_cli("run -q '" + dir.path() + "/big.json'");
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("/exporter/kind: buffer"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("132710400 bytes; udmabuf refuses more than 64 MiB"), std::string::npos) << result.err;
  dir.write("t.trace", "buffer big 7680x4320 XRGB8888\nimport big gpu\nmmap big\n");
  json t = {{"name", "t"}, {"platforms", {"arm-soc"}}, {"policies", {"sync-full"}}, {"exporter", {{"kind", "udmabuf"}}}, {"workload", {{"trace", "t.trace"}}}};
  dir.write("t.json", t.dump());
  result = test::run_cli("run -q '" + dir.path() + "/t.json'");
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("t.trace:1: buffer \"big\" is 132710400 bytes"), std::string::npos) << result.err;
}

// The system heap (drivers/dma-buf/heaps/system_heap.c): pages allocated in
// 1 MiB, 64 KiB and 4 KiB chunks (orders[] = {8, 4, 0}), one sg entry each;
// system_heap_dma_buf_begin_cpu_access / _end_cpu_access sync every mapped
// attachment (dma_sync_sgtable_for_cpu/for_device on a->table), which
// dma-direct makes a no-op for a coherent device and on x86.
TEST(Exporters, TheSystemHeapSyncsEveryNonCoherentAttachmentEntryByChunk) {
  // 546x512 XRGB8888 = 1,118,208 bytes = one 1 MiB chunk, one 64 KiB chunk
  // and one page: three sg entries, so three DSBs per attachment synced.
  const std::string trace = "buffer fb 546x512 XRGB8888\nimport fb gpu\nimport fb display\nmmap fb\nsync fb start write\ncpu w fb\nsync fb end write\n";
  const std::uint64_t lines = 1118208 / 64;
  struct Case {
    const char* platform;
    const char* exporter;
    std::uint64_t lines, barriers;
  };
  const Case cases[] = {
      {"arm-soc", "system-heap", 2 * lines, 2 * 3},  // GPU and display: two non-coherent attachments
      {"arm-soc-ioc", "system-heap", lines, 3},      // the GPU snoops: the display's alone
      {"x86-nollc", "system-heap", 0, 0},            // dma_sync_* does nothing on x86
      {"arm-soc", "cma-heap", 2 * lines, 2 * 1},     // contiguous: one entry, one DSB per attachment
      {"arm-soc", "vgem", lines, 1118208 / 4096},    // vgem: once per buffer, a page per entry
  };
  for (const Case& c : cases) {
    json s = {
        {"name", "t"}, {"platforms", {c.platform}}, {"policies", {"sync-full"}}, {"exporter", {{"kind", c.exporter}}}, {"workload", {{"trace", "t.trace"}}}};
    const json run = run_of(test::run_scenario_json(s, {{"t.trace", trace}}), std::string(c.platform) + "/sync-full");
    EXPECT_EQ(stat(run, "agents", "cpu0", "maintenance_lines"), c.lines) << c.platform << " " << c.exporter;
    EXPECT_EQ(stat(run, "exporters", "dmabuf", "barriers"), c.barriers) << c.platform << " " << c.exporter;
  }
  const json r = test::run_scenario_json(readback("gpu-to-cpu", {"arm-soc"}, {"wc-map", "sync-range"}, "system-heap"));
  EXPECT_NE(run_of(r, "arm-soc/wc-map").at("refused").get<std::string>().find("system_heap_mmap"), std::string::npos);
  EXPECT_NE(run_of(r, "arm-soc/sync-range").at("refused").get<std::string>().find("begin_cpu_access_partial"), std::string::npos);
  // Its sg list follows its allocation: another entry size is an error.
  test::ScratchDir dir;
  json bad = readback("gpu-to-cpu", {"arm-soc"}, {"sync-full"}, "system-heap");
  bad["exporter"]["sg_entry_bytes"] = 65536;
  dir.write("s.json", bad.dump());
  const auto result = test::run_cli("run -q '" + dir.path() + "/s.json'");
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("/exporter/sg_entry_bytes: this heap's scatter-gather list follows its allocation"), std::string::npos) << result.err;
}

// A 256x128 XRGB8888 buffer (2048 lines, 128 KiB: two 64 KiB heap chunks or
// 32 pages) that the CPU writes 16 full rows of (256 lines, 4 pages) and a
// display scans out (the CPU waits for the scan-out); and one the GPU renders that the CPU reads 16 rows of.
constexpr std::uint64_t kWholeLines = 2048, kRectLines = 256;
const std::string kCpuWritesDisplayReads =
    "buffer fb 256x128 XRGB8888\nimport fb gpu\nimport fb display\nmmap fb\n"
    "sync fb start write 0,0,256,16\ncpu w fb 0,0,256,16\nsync fb end write 0,0,256,16\npresent display fb\n"
    "fence signal display 1\nfence wait cpu 1\n";
const std::string kGpuWritesCpuReads =
    "buffer rt 256x128 XRGB8888\nimport rt gpu\nmmap rt\ndma gpu w rt\nfence signal gpu 1\nfence wait cpu 1\n"
    "sync rt start read 0,0,256,16\ncpu r rt 0,0,256,16\nsync rt end read 0,0,256,16\n";

json run_trace(const std::string& exporter, const json& platforms, const json& policies, const std::string& trace) {
  const json s = {{"name", "t"},    {"platforms", platforms},           {"policies", policies},
                  {"ideal", false}, {"exporter", {{"kind", exporter}}}, {"workload", {{"trace", "t.trace"}}}};
  return test::run_scenario_json(s, {{"t.trace", trace}});
}

std::uint64_t maintained(const json& results, const std::string& label) { return stat(run_of(results, label), "agents", "cpu0", "maintenance_lines"); }
std::uint64_t barriers(const json& results, const std::string& label) { return stat(run_of(results, label), "exporters", "dmabuf", "barriers"); }
std::uint64_t stale(const json& results, const std::string& label) {
  return run_of(results, label).at("coherency").at("stale_reads").at("value").get<std::uint64_t>();
}
std::string refusal(const json& results, const std::string& label) { return run_of(results, label).value("refused", std::string()); }

// cma_heap_allocate: cma_alloc from the CMA area, -ENOMEM when the buffers
// alive at once do not fit (32 MiB in the upstream arm64 defconfig).
TEST(Exporters, CmaHeapBuffersMustFitTheCmaAreaTogether) {
  test::ScratchDir dir;
  json s = readback("swrast-to-display", {"arm-soc"}, {"sync-full"}, "cma-heap");
  s["workload"]["params"].update({{"width", 3840}, {"height", 2160}, {"frames", 1}});  // two 33,177,600-byte buffers
  dir.write("s.json", s.dump());
  auto result = test::run_cli("run -q '" + dir.path() + "/s.json' -o '" + dir.path() + "/r.json'");
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("/exporter/kind: buffer \"fb1\" (33177600 bytes) brings the cma-heap buffers alive at once to 66355200 bytes, more than "
                            "the CMA area of 33554432 bytes"),
            std::string::npos)
      << result.err;
  s["exporter"]["cma_area_bytes"] = "128MiB";
  dir.write("s.json", s.dump());
  EXPECT_EQ(test::run_cli("run -q '" + dir.path() + "/s.json' -o '" + dir.path() + "/r.json'").status, 0);
  // A closed buffer gives its memory back: one 4K buffer at a time fits.
  dir.write("t.trace", "buffer a 3840x2160 XRGB8888\nclose a\nbuffer b 3840x2160 XRGB8888\nbuffer c 256x256 XRGB8888\n");
  json t = {{"name", "t"}, {"platforms", {"arm-soc"}}, {"policies", {"sync-full"}}, {"exporter", {{"kind", "cma-heap"}}}, {"workload", {{"trace", "t.trace"}}}};
  dir.write("t.json", t.dump());
  EXPECT_EQ(test::run_cli("run -q '" + dir.path() + "/t.json' -o '" + dir.path() + "/r.json'").status, 0);
  dir.write("t.trace", "buffer a 3840x2160 XRGB8888\nbuffer b 1920x1080 XRGB8888\n");
  result = test::run_cli("run -q '" + dir.path() + "/t.json' -o '" + dir.path() + "/r.json'");
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("t.trace:2: buffer \"b\" (8294400 bytes) brings the cma-heap buffers alive at once to 41472000 bytes"), std::string::npos)
      << result.err;
}

// The system-uncached heap (Android common kernel system_heap.c with
// buffer->uncached): system_heap_mmap maps write-combined, and begin/end
// skip every attachment's dma_sync (`if (!buffer->uncached)`).
TEST(Exporters, TheSystemUncachedHeapMapsWriteCombinedAndNeverMaintains) {
  for (const std::string* trace : {&kCpuWritesDisplayReads, &kGpuWritesCpuReads}) {
    const json heap = run_trace("system-uncached-heap", {"arm-soc", "x86-nollc"}, {"sync-full", "sync-range"}, *trace);
    const json wc = run_trace("vgem", {"arm-soc", "x86-nollc"}, {"wc-map"}, *trace);
    for (const std::string platform : {"arm-soc", "x86-nollc"}) {
      EXPECT_EQ(maintained(heap, platform + "/sync-full"), 0u) << platform;
      EXPECT_EQ(stale(heap, platform + "/sync-full"), 0u) << platform;
      // Every CPU access goes through the WC mapping, as under vgem's wc-map.
      const std::uint64_t uncached = stat(run_of(heap, platform + "/sync-full"), "agents", "cpu0", "uncached_accesses");
      EXPECT_GT(uncached, 0u);
      EXPECT_EQ(uncached, stat(run_of(wc, platform + "/wc-map"), "agents", "cpu0", "uncached_accesses")) << platform;
      EXPECT_NE(refusal(heap, platform + "/sync-range").find("system-uncached heap"), std::string::npos) << platform;
    }
  }
}

// A vendor system heap with Android's begin/end_cpu_access_partial (the
// Rockchip system heap: system_heap_dma_buf_begin_cpu_access_partial syncs
// [offset, offset + len) with dma_sync_single_range_for_cpu/_for_device on
// the heap's own device, not the attachments); its whole-buffer sync is the
// system heap's.
TEST(Exporters, AndroidPartialSyncsOneRangeAgainstTheHeapDevice) {
  const json r = run_trace("android-partial", {"arm-soc", "arm-soc-ioc", "x86-nollc"}, {"sync-range", "sync-full", "sync-rects"}, kCpuWritesDisplayReads);
  for (const std::string platform : {"arm-soc", "arm-soc-ioc"}) {
    // The 16 rows' range, cleaned once whatever the importers; it lies in
    // the first 64 KiB chunk: one DSB.
    EXPECT_EQ(maintained(r, platform + "/sync-range"), kRectLines) << platform;
    EXPECT_EQ(barriers(r, platform + "/sync-range"), 1u) << platform;
    EXPECT_EQ(stale(r, platform + "/sync-range"), 0u) << platform;
    EXPECT_NE(refusal(r, platform + "/sync-rects").find("one offset and one length"), std::string::npos);
  }
  // The whole-buffer sync: each non-coherent attachment (GPU and display on
  // arm-soc, the display alone on arm-soc-ioc), two chunks each.
  EXPECT_EQ(maintained(r, "arm-soc/sync-full"), 2 * kWholeLines);
  EXPECT_EQ(barriers(r, "arm-soc/sync-full"), 2u * 2);
  EXPECT_EQ(maintained(r, "arm-soc-ioc/sync-full"), kWholeLines);
  // x86: dma_sync_* does nothing, and the display reads the rows the CPU
  // left in its caches.
  EXPECT_EQ(maintained(r, "x86-nollc/sync-range"), 0u);
  EXPECT_EQ(stale(r, "x86-nollc/sync-range"), kRectLines);
}

// panfrost's native BOs (panfrost_gem.c, the 2025 PANFROST_SYNC_BO series):
// panfrost_gem_sync cleans [offset, offset + size) with
// dma_sync_single_for_device on the panfrost device, and for
// FLUSH_AND_INVALIDATE invalidates it with dma_sync_single_for_cpu after;
// the dma-buf's begin/end (panfrost_gem_prime_begin_cpu_access) sync every
// mapped attachment.
TEST(Exporters, PanfrostSyncBoMaintainsForItsGpuOnly) {
  const json w = run_trace("panfrost", {"arm-soc", "arm-soc-ioc"}, {"sync-range", "sync-rects", "sync-full"}, kCpuWritesDisplayReads);
  // A non-coherent Mali: the rows are cleaned, a DSB per page.
  EXPECT_EQ(maintained(w, "arm-soc/sync-range"), kRectLines);
  EXPECT_EQ(barriers(w, "arm-soc/sync-range"), 4u);
  EXPECT_EQ(maintained(w, "arm-soc/sync-rects"), kRectLines);
  EXPECT_EQ(stale(w, "arm-soc/sync-range"), 0u);
  // An IO-coherent Mali: SYNC_BO's dma_sync against the GPU does nothing,
  // so a display that does not snoop reads every row the CPU wrote stale;
  // DMA_BUF_IOCTL_SYNC cleans for the display's attachment.
  EXPECT_EQ(maintained(w, "arm-soc-ioc/sync-range"), 0u);
  EXPECT_EQ(stale(w, "arm-soc-ioc/sync-range"), kRectLines);
  EXPECT_EQ(maintained(w, "arm-soc-ioc/sync-full"), kWholeLines);
  EXPECT_EQ(stale(w, "arm-soc-ioc/sync-full"), 0u);
  // Before a read user space asks FLUSH_AND_INVALIDATE (a clean, then an
  // invalidate), after it nothing; the dma-buf sync invalidates at the
  // start and, on arm64, cleans at the end.
  const json rd = run_trace("panfrost", {"arm-soc"}, {"sync-range", "sync-full"}, kGpuWritesCpuReads);
  EXPECT_EQ(maintained(rd, "arm-soc/sync-range"), 2 * kRectLines);
  EXPECT_EQ(maintained(rd, "arm-soc/sync-full"), 2 * kWholeLines);
  EXPECT_EQ(stale(rd, "arm-soc/sync-range"), 0u);
  // should_map_wc: write-back on an IO-coherent Mali; panfrost is arm64's.
  const json refused = run_trace("panfrost", {"arm-soc", "arm-soc-ioc", "x86-llc"}, {"wc-map"}, kCpuWritesDisplayReads);
  EXPECT_EQ(refusal(refused, "arm-soc/wc-map"), "");
  EXPECT_NE(refusal(refused, "arm-soc-ioc/wc-map").find("should_map_wc"), std::string::npos);
  EXPECT_NE(refusal(refused, "x86-llc/wc-map").find("Arm Mali"), std::string::npos);
}

// A system-heap buffer imported into panfrost: panfrost_gem_sync returns
// -EINVAL for an imported BO, so no region sync; DMA_BUF_IOCTL_SYNC on its
// dma-buf is the system heap's, figure for figure.
TEST(Exporters, PanfrostRefusesRegionSyncsOfAnImport) {
  const json import = run_trace("panfrost-import", {"arm-soc"}, {"sync-range", "sync-rects", "sync-full"}, kCpuWritesDisplayReads);
  for (const char* policy : {"arm-soc/sync-range", "arm-soc/sync-rects"})
    EXPECT_NE(refusal(import, policy).find("-EINVAL for an imported BO"), std::string::npos) << policy;
  const json heap = run_trace("system-heap", {"arm-soc"}, {"sync-full"}, kCpuWritesDisplayReads);
  EXPECT_EQ(run_of(import, "arm-soc/sync-full").at("agents"), run_of(heap, "arm-soc/sync-full").at("agents"));
  EXPECT_EQ(run_of(import, "arm-soc/sync-full").at("coherency"), run_of(heap, "arm-soc/sync-full").at("coherency"));
  EXPECT_EQ(maintained(import, "arm-soc/sync-full"), 2 * kWholeLines);
}

// i915 (gem/i915_gem_dmabuf.c, i915_gem_domain.c): begin moves the object
// to the CPU domain (a clflush of the whole object in every direction,
// skipped where the GPU shares the LLC), end to the GTT domain (a clflush
// after CPU writes, the same skip); a scanout object the CPU wrote is
// clflushed whole when pinned for display (I915_CLFLUSH_FORCE), LLC or not.
TEST(Exporters, I915FlushesWhereItsGpuDoesNotShareTheLlcAndAtFlip) {
  const json w = run_trace("i915", {"x86-llc", "x86-nollc"}, {"sync-full", "none"}, kCpuWritesDisplayReads);
  EXPECT_EQ(maintained(w, "x86-llc/sync-full"), kWholeLines);  // at the flip only
  EXPECT_EQ(stale(w, "x86-llc/sync-full"), 0u);
  EXPECT_EQ(maintained(w, "x86-nollc/sync-full"), 2 * kWholeLines);  // at the write's start and end; the flip finds it clean
  EXPECT_EQ(stale(w, "x86-nollc/sync-full"), 0u);
  // Without the ioctl the kernel never learns of the writes: no flush at flip.
  EXPECT_EQ(maintained(w, "x86-llc/none"), 0u);
  EXPECT_EQ(stale(w, "x86-llc/none"), kRectLines);
  const json rd = run_trace("i915", {"x86-llc", "x86-nollc"}, {"sync-full"}, kGpuWritesCpuReads);
  EXPECT_EQ(maintained(rd, "x86-llc/sync-full"), 0u);
  EXPECT_EQ(maintained(rd, "x86-nollc/sync-full"), kWholeLines);  // the read's start; its end wrote nothing
  EXPECT_EQ(stale(rd, "x86-nollc/sync-full"), 0u);
  const json refused = run_trace("i915", {"arm-soc", "x86-llc"}, {"sync-full", "wc-map", "sync-range"}, kCpuWritesDisplayReads);
  EXPECT_NE(refusal(refused, "arm-soc/sync-full").find("Intel GPUs"), std::string::npos);
  EXPECT_NE(refusal(refused, "x86-llc/wc-map").find("i915_gem_dmabuf_mmap"), std::string::npos);
  EXPECT_NE(refusal(refused, "x86-llc/sync-range").find("set_to_cpu_domain"), std::string::npos);
}

}  // namespace
}  // namespace cohsim

namespace cohsim {
namespace {

using test::json;
using test::run_of;
using test::stat;

json trace_scenario(const json& platforms, const json& policies, const std::string& exporter) {
  return {{"name", "t"}, {"platforms", platforms}, {"policies", policies}, {"exporter", {{"kind", exporter}}}, {"workload", {{"trace", "t.trace"}}}};
}

// A trace's buffer line may name its exporter (`exporter=KIND`, as a camera
// frame from a CMA heap beside a vgem framebuffer); each buffer is then
// synced as its own exporter syncs, whichever the scenario names.
TEST(Exporters, EachBufferIsSyncedAsItsOwnExporterSyncs) {
  // Two 546x512 buffers (three system-heap chunks, 273 pages each): the
  // system-heap one is attached by the GPU and the display, the vgem one
  // by the display alone.
  auto trace = [](const char* cam, const char* fb) {
    return "buffer cam 546x512 XRGB8888" + std::string(cam) + "\nimport cam gpu\nimport cam display\nbuffer fb 546x512 XRGB8888" + fb +
           "\nimport fb display\nmmap cam\nmmap fb\nsync cam start write\ncpu w cam\nsync cam end write\nsync fb start write\ncpu w fb\nsync fb "
           "end write\n";
  };
  const std::uint64_t lines = 1118208 / 64;
  // As in TheSystemHeapSyncsEveryNonCoherentAttachmentEntryByChunk: the
  // system heap cleans once per non-coherent attachment with a DSB per
  // chunk, vgem once with a DSB per page.
  const std::uint64_t expected_lines = 2 * lines + lines, expected_barriers = 2 * 3 + 1118208 / 4096;
  for (const auto& [scenario_kind, cam, fb] : {std::tuple{"vgem", " exporter=system-heap", ""}, std::tuple{"system-heap", "", " exporter=vgem"}}) {
    const json run =
        run_of(test::run_scenario_json(trace_scenario({"arm-soc"}, {"sync-full"}, scenario_kind), {{"t.trace", trace(cam, fb)}}), "arm-soc/sync-full");
    EXPECT_EQ(stat(run, "agents", "cpu0", "maintenance_lines"), expected_lines) << scenario_kind;
    EXPECT_EQ(stat(run, "exporters", "dmabuf", "barriers"), expected_barriers) << scenario_kind;
    EXPECT_EQ(run.at("coherency").at("stale_reads").at("value"), 0) << scenario_kind;
  }
}

// A policy that one of the trace's exporters cannot carry out is refused,
// naming the buffer and its exporter; the others' runs go ahead.
TEST(Exporters, ABuffersExporterRefusesWhatItsKernelCannotDo) {
  const std::string trace = "buffer fb 64x64 XRGB8888\nbuffer cam 64x64 XRGB8888 exporter=udmabuf\nimport cam gpu\nmmap cam\n";
  json r = test::run_scenario_json(trace_scenario({"arm-soc"}, {"sync-full", "sync-range"}, "vgem"), {{"t.trace", trace}});
  EXPECT_FALSE(run_of(r, "arm-soc/sync-full").contains("refused"));
  EXPECT_EQ(run_of(r, "arm-soc/sync-range").at("refused").get<std::string>().rfind("buffer \"cam\" (exporter=udmabuf): udmabuf syncs the whole sg table", 0),
            0u)
      << run_of(r, "arm-soc/sync-range").dump();
  // The scenario's exporter still decides for the buffers that name none.
  r = test::run_scenario_json(trace_scenario({"arm-soc"}, {"sync-range"}, "udmabuf"),
                              {{"t.trace", "buffer fb 64x64 XRGB8888 exporter=vgem\nbuffer cam 64x64 XRGB8888\n"}});
  EXPECT_NE(run_of(r, "arm-soc/sync-range").at("refused").get<std::string>().find("udmabuf syncs the whole sg table"), std::string::npos);
  r = test::run_scenario_json(trace_scenario({"arm-soc"}, {"sync-range"}, "udmabuf"), {{"t.trace", "buffer fb 64x64 XRGB8888 exporter=vgem\n"}});
  EXPECT_FALSE(run_of(r, "arm-soc/sync-range").contains("refused"));
  // A driver on the wrong architecture.
  r = test::run_scenario_json(trace_scenario({"x86-llc"}, {"sync-full"}, "vgem"), {{"t.trace", "buffer bo 64x64 XRGB8888 exporter=panfrost\n"}});
  EXPECT_EQ(run_of(r, "x86-llc/sync-full").at("refused"), "buffer \"bo\" (exporter=panfrost): panfrost drives Arm Mali GPUs, which sit in arm64 SoCs");
}

// The allocation limits follow each buffer's exporter: only cma-heap
// buffers fill the CMA area, only a udmabuf has udmabuf's size limit.
TEST(Exporters, ABuffersExporterLimitsItsAllocation) {
  test::ScratchDir dir;
  dir.write("t.json", trace_scenario({"arm-soc"}, {"sync-full"}, "vgem").dump());
  auto run = [&](const std::string& trace) {
    dir.write("t.trace", trace);
    return test::run_cli("run -q '" + dir.path() + "/t.json' -o '" + dir.path() + "/r.json'");
  };
  EXPECT_EQ(run("buffer a 3840x2160 XRGB8888 exporter=cma-heap\nbuffer v 3840x2160 XRGB8888\n").status, 0);
  auto result = run("buffer a 3840x2160 XRGB8888 exporter=cma-heap\nbuffer v 3840x2160 XRGB8888\nbuffer b 1920x1080 XRGB8888 exporter=cma-heap\n");
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("t.trace:3: buffer \"b\" (8294400 bytes) brings the cma-heap buffers alive at once to 41472000 bytes"), std::string::npos)
      << result.err;
  EXPECT_EQ(run("buffer big 7680x4320 XRGB8888\n").status, 0);
  result = run("buffer big 7680x4320 XRGB8888 exporter=udmabuf\n");
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("t.trace:1: buffer \"big\" is 132710400 bytes; udmabuf refuses more than 64 MiB"), std::string::npos) << result.err;
  // A bare trace knows the exporter its line names.
  result = test::run_cli("validate '" + dir.path() + "/t.trace'");
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("udmabuf refuses more than 64 MiB"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace cohsim
