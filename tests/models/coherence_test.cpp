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
