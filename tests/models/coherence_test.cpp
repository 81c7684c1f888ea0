// The stale-read oracle on the two presets: what a missing cache maintenance
// does on a coherent x86 and on a non-coherent Arm SoC.
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::stat;

// 256 KiB (4096 lines): fits in both presets' L2.
const std::string kTexture = "0x20000000 262144";

TEST(Coherence, GpuWriteThenCpuReadWithoutSync) {
  // The CPU caches the texture, the GPU renders into it, the CPU reads again.
  const std::string trace = "r " + kTexture + "\ndev gpu w " + kTexture + "\nr " + kTexture + "\n";
  // x86: the GPU's writes snoop the LLC and drop the CPU's copies.
  const json x86 = test::simulate_preset("x86-llc", trace);
  EXPECT_EQ(stat(x86, "agents", "cpu0", "stale_reads"), 0u);
  EXPECT_EQ(stat(x86, "fabrics", "ring", "snooped_writes"), 4096u);
  // Arm: nothing tells the CPU caches; every line they still hold is stale.
  const json arm = test::simulate_preset("arm-soc", trace);
  EXPECT_EQ(stat(arm, "agents", "cpu0", "stale_reads"), 4096u);
}

TEST(Coherence, InvalidateBeforeReadFixesTheArmReadback) {
  const std::string trace = "r " + kTexture + "\ndev gpu w " + kTexture + "\ninval " + kTexture + "\nbarrier\nr " + kTexture + "\n";
  const json arm = test::simulate_preset("arm-soc", trace);
  EXPECT_EQ(stat(arm, "agents", "cpu0", "stale_reads"), 0u);
  EXPECT_EQ(stat(arm, "agents", "cpu0", "maintenance_lines"), 4096u);
}

TEST(Coherence, DisplayScanningOutUncleanedCpuWritesIsStaleOnBoth) {
  // The display engine does not snoop on x86 either.
  const std::string trace = "w " + kTexture + "\ndev display r " + kTexture + "\n";
  for (const char* preset : {"x86-llc", "arm-soc"}) {
    const json run = test::simulate_preset(preset, trace);
    // Every line the display read was still dirty in a CPU cache.
    EXPECT_EQ(stat(run, "agents", "display", "stale_reads"), 4096u) << preset;
  }
}

TEST(Coherence, CleanBeforeScanoutFixesItOnBoth) {
  const std::string trace = "w " + kTexture + "\nclean " + kTexture + "\nbarrier\ndev display r " + kTexture + "\n";
  for (const char* preset : {"x86-llc", "arm-soc"}) {
    const json run = test::simulate_preset(preset, trace);
    EXPECT_EQ(stat(run, "agents", "display", "stale_reads"), 0u) << preset;
  }
}

TEST(Coherence, CoherentGpuReadsTheCpusDirtyLines) {
  const std::string trace = "w " + kTexture + "\ndev gpu r " + kTexture + "\n";
  const json x86 = test::simulate_preset("x86-llc", trace);
  EXPECT_EQ(stat(x86, "agents", "gpu", "stale_reads"), 0u);
  EXPECT_EQ(stat(x86, "fabrics", "ring", "snoop_hits"), 4096u);
  const json arm = test::simulate_preset("arm-soc", trace);
  EXPECT_EQ(stat(arm, "agents", "gpu", "stale_reads"), 4096u);
}

TEST(Coherence, CoherentFabricChargesNoMaintenance) {
  // The same hand-off, correct on x86 without any maintenance operation.
  const json x86 = test::simulate_preset("x86-llc", "w " + kTexture + "\ndev gpu r " + kTexture + "\ndev gpu w " + kTexture + "\nr " + kTexture + "\n");
  EXPECT_EQ(stat(x86, "agents", "cpu0", "maintenance_lines"), 0u);
  EXPECT_EQ(stat(x86, "agents", "cpu0", "maintenance_issue"), 0u);
  EXPECT_EQ(stat(x86, "agents", "cpu0", "stale_reads") + stat(x86, "agents", "gpu", "stale_reads"), 0u);
}

// Each coherence kind of a device port (models/device/params.h), on the
// camera of arm-soc-ioc (no cache of its own; its fabric snoops the L3):
// which of the CPU's dirty lines its reads see, whether its writes drop the
// CPU's copies, and whether the kernel maintains for it.
TEST(Coherence, EachCoherenceKindSnoopsWhatItSays) {
  const std::string cpu_writes_device_reads = "w " + kTexture + "\ndev camera r " + kTexture + "\n";
  const std::string device_writes_cpu_rereads = "r " + kTexture + "\ndev camera w " + kTexture + "\nr " + kTexture + "\n";
  struct Case {
    const char* kind;
    std::uint64_t device_stale, cpu_stale;
  };
  // none: reads memory, writes leave the CPU's copies; io-reads: reads
  // snoop, writes still leave them; io and full: both snoop.
  for (const Case& c : {Case{"none", 4096, 4096}, Case{"io-reads", 0, 4096}, Case{"io", 0, 0}, Case{"full", 0, 0}}) {
    const json patch = {{"devices", {{"camera", {{"coherence", c.kind}}}}}};
    EXPECT_EQ(stat(test::simulate_preset("arm-soc-ioc", cpu_writes_device_reads, patch), "agents", "camera", "stale_reads"), c.device_stale) << c.kind;
    EXPECT_EQ(stat(test::simulate_preset("arm-soc-ioc", device_writes_cpu_rereads, patch), "agents", "cpu0", "stale_reads"), c.cpu_stale) << c.kind;
  }
  // full: the camera's writes allocate in the L3, dirty; io: they go to memory.
  const json full = test::simulate_preset("arm-soc-ioc", device_writes_cpu_rereads, {{"devices", {{"camera", {{"coherence", "full"}}}}}});
  EXPECT_EQ(stat(full, "fabrics", "noc", "allocated_writes"), 4096u);
  const json io = test::simulate_preset("arm-soc-ioc", device_writes_cpu_rereads, {{"devices", {{"camera", {{"coherence", "io"}}}}}});
  EXPECT_EQ(stat(io, "fabrics", "noc", "allocated_writes"), 0u);
}

// The kernel's dev_is_dma_coherent is true for io and full only: a sync
// maintains for an io-reads importer, whose writes the CPU must invalidate.
TEST(Coherence, TheKernelMaintainsForAnIoReadsDevice) {
  const std::string trace =
      "buffer b 256x64 XRGB8888\nimport b camera\nmmap b\ncpu r b\ndma camera w b\nfence signal camera 1\nfence wait cpu 1\n"
      "sync b start read\ncpu r b\nsync b end read\n";
  const std::uint64_t lines = 256 * 64 * 4 / 64;
  for (const char* kind : {"io-reads", "io"}) {
    json s = {{"name", "t"},
              {"platforms", {{{"preset", "arm-soc-ioc"}, {"override", {{"devices", {{"camera", {{"coherence", kind}}}}}}}}}},
              {"policies", {"sync-full", "none"}},
              {"ideal", false},
              {"workload", {{"trace", "t.trace"}}}};
    const json r = test::run_scenario_json(s, {{"t.trace", trace}});
    const bool io_reads = kind == std::string("io-reads");
    // sync-full: an invalidate at the start and, on arm64, a clean at the end.
    EXPECT_EQ(stat(test::run_of(r, "arm-soc-ioc/sync-full"), "agents", "cpu0", "maintenance_lines"), io_reads ? 2 * lines : 0u) << kind;
    EXPECT_EQ(stat(test::run_of(r, "arm-soc-ioc/sync-full"), "agents", "cpu0", "stale_reads"), 0u) << kind;
    EXPECT_EQ(stat(test::run_of(r, "arm-soc-ioc/none"), "agents", "cpu0", "stale_reads"), io_reads ? lines : 0u) << kind;
  }
}

TEST(Coherence, PartialStoreIntoAStaleLineIsReported) {
  // The CPU caches a line, a device rewrites it, the CPU stores 8 bytes into
  // its stale copy: the line it will write back mixes old and new data.
  const json arm = test::simulate_preset("arm-soc", "r 0x1000 64\ndev gpu w 0x1000 64\nw 0x1000 8\n");
  EXPECT_EQ(stat(arm, "agents", "cpu0", "stale_merges"), 1u);
  const json x86 = test::simulate_preset("x86-llc", "r 0x1000 64\ndev gpu w 0x1000 64\nw 0x1000 8\n");
  EXPECT_EQ(stat(x86, "agents", "cpu0", "stale_merges"), 0u);
}

}  // namespace
}  // namespace cohsim
