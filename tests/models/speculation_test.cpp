// What the stale-read oracle can see beyond the trace's own accesses:
// speculative fills (simulation.speculative_fills), which make an invalidate
// placed before a device's write useless, and stale merges, whose bytes are
// stale for every later reader however new the line's version is.
#include <gtest/gtest.h>

#include <string>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::run_of;
using test::stat;

// A 64x64 XRGB8888 buffer: 256 lines, 16 KiB, which the L1 of both presets holds.
constexpr std::uint64_t kLines = 64 * 64 * 4 / 64;
const std::string kHead = "buffer fb 64x64 XRGB8888\nimport fb camera\nmmap fb\ncpu r fb\n";

// The camera writes the buffer; the CPU reads it under sync-full, with the
// invalidate (SYNC_START|READ) before the camera's write or after it.
const std::string kInvalidateTooEarly = kHead + "sync fb start read\ndma camera w fb\nfence signal camera 1\nfence wait cpu 1\ncpu r fb\nsync fb end read\n";
const std::string kInvalidateAfter = kHead + "dma camera w fb\nfence signal camera 1\nfence wait cpu 1\nsync fb start read\ncpu r fb\nsync fb end read\n";

json run(const std::string& platform, const std::string& trace, bool speculative) {
  json s = {{"name", "spec"},
            {"platforms", {platform}},
            {"policies", {"sync-full"}},
            {"ideal", false},
            {"workload", {{"trace", "t.trace"}}},
            {"simulation", {{"speculative_fills", speculative}}}};
  return run_of(test::run_scenario_json(s, {{"t.trace", trace}}), platform + "/sync-full");
}

std::uint64_t cpu_stale(const json& r) { return stat(r, "agents", "cpu0", "stale_reads"); }

TEST(Speculation, AnInvalidateBeforeTheDeviceWritesIsCaughtOnlyWhenTheCoreMaySpeculate) {
  // Without speculation the early invalidate leaves the caches empty, the
  // CPU's reads miss, and memory has the camera's data: nothing to see.
  EXPECT_EQ(cpu_stale(run("arm-soc", kInvalidateTooEarly, false)), 0u);
  // A core may refill every line between the invalidate and the camera's
  // write: each read then hits a copy older than the camera's data.
  const json early = run("arm-soc", kInvalidateTooEarly, true);
  EXPECT_EQ(cpu_stale(early), kLines);
  EXPECT_EQ(early.at("sharing").at("speculative_fills").at("value"), kLines);
  // The kernel's order, invalidating after the device's write, is fresh
  // whatever the core filled before it.
  const json after = run("arm-soc", kInvalidateAfter, true);
  EXPECT_EQ(cpu_stale(after), 0u);
  // The lines were still cached from the first read: no fill was needed.
  EXPECT_EQ(after.at("sharing").at("speculative_fills").at("value"), 0u);
}

TEST(Speculation, ASnoopingDeviceNeedsNoInvalidateAndGetsNoSpeculativeFills) {
  // x86-llc's camera snoops: its writes drop the CPU's copies.
  const json r = run("x86-llc", kInvalidateTooEarly, true);
  EXPECT_EQ(cpu_stale(r), 0u);
  EXPECT_EQ(r.at("sharing").at("speculative_fills").at("value"), 0u);
  // Without the mode, results carry no speculative-fill figure at all.
  EXPECT_FALSE(run("x86-llc", kInvalidateTooEarly, false).at("sharing").contains("speculative_fills"));
}

TEST(Speculation, ALineMixedByAStaleMergeIsStaleForTheDeviceThatReadsIt) {
  // The CPU caches the buffer, the GPU rewrites it behind the CPU's back (no
  // invalidate), then the CPU stores 32 bytes into line 0: the store merges
  // into the stale copy (a stale merge), and the clean at the end of the
  // write access sends the mixed line to memory, where the display reads it.
  // Its version is the newest, its bytes are half old.
  const std::string trace =
      "buffer fb 64x64 XRGB8888\nimport fb gpu\nimport fb display\nmmap fb\ncpu r fb\n"
      "dma gpu w fb\nfence signal gpu 1\nfence wait cpu 1\n"
      "sync fb start write 0,0,8,1\ncpu w fb 0,0,8,1\nsync fb end write 0,0,8,1\ndma display r fb\n";
  const json r = run("arm-soc", trace, false);
  EXPECT_EQ(stat(r, "agents", "cpu0", "stale_merges"), 1u);
  EXPECT_EQ(stat(r, "agents", "display", "stale_reads"), 1u);
  // A whole-line store replaces every byte: nothing mixed, nothing stale.
  const std::string whole =
      "buffer fb 64x64 XRGB8888\nimport fb gpu\nimport fb display\nmmap fb\ncpu r fb\n"
      "dma gpu w fb\nfence signal gpu 1\nfence wait cpu 1\n"
      "sync fb start write 0,0,16,1\ncpu w fb 0,0,16,1\nsync fb end write 0,0,16,1\ndma display r fb\n";
  const json clean = run("arm-soc", whole, false);
  EXPECT_EQ(stat(clean, "agents", "cpu0", "stale_merges"), 0u);
  EXPECT_EQ(stat(clean, "agents", "display", "stale_reads"), 0u);
}

}  // namespace
}  // namespace cohsim
