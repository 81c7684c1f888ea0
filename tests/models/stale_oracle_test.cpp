// The promise every coherency policy makes, checked on every layout and
// native platform: with any policy but `none` the reader sees the newest
// data (zero stale lines), and without a sync (`none`) a non-coherent reader
// does see stale data. Two directions: a CPU renderer whose frames the
// display scans out (a cursor blinking in a 1080p buffer, the case where
// shadow-copy and wc-map once left retiled lines in the caches), and a GPU
// whose frames the CPU reads back.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/tiling/layout_model.h"
#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::run_of;

// Every registered layout (gtest evaluates this when it registers the tests, after static initialisation).
std::vector<std::string> every_layout() {
  std::vector<std::string> names;
  for (const LayoutModel* m : layout_models()) names.emplace_back(m->modifier());
  return names;
}
const char* const kPlatforms[] = {"x86-llc", "arm-soc"};
const char* const kSyncingPolicies[] = {"sync-full", "sync-range", "sync-rects", "wc-map", "shadow-copy"};

json scenario_for(const std::string& generator, const json& params) {
  json policies = json::array();
  for (const char* p : kSyncingPolicies) policies.push_back(p);
  policies.push_back("none");
  return {{"name", "oracle"},
          {"platforms", {"x86-llc", "arm-soc"}},
          {"policies", policies},
          {"ideal", false},
          {"workload", {{"generator", generator}, {"params", params}}}};
}

std::uint64_t stale(const json& results, const std::string& label) {
  return run_of(results, label).at("coherency").at("stale_reads").at("value").get<std::uint64_t>();
}

// On x86-llc the CPU reaches X- and Y-tiled buffers through the GTT-style
// aperture, a WC mapping: even without a sync its writes never sit in a cache.
bool x86_writes_through_aperture(const std::string& layout) { return layout == "I915_FORMAT_MOD_X_TILED" || layout == "I915_FORMAT_MOD_Y_TILED"; }

class StaleOracle : public ::testing::TestWithParam<std::string> {};

TEST_P(StaleOracle, CpuRendererToDisplay) {
  const std::string layout = GetParam();
  const json r = test::run_scenario_json(
      scenario_for("swrast-to-display", {{"width", 1920}, {"height", 1080}, {"damage", "cursor-blink"}, {"frames", 8}, {"fps", 60}, {"layout", layout}}));
  for (const char* platform : kPlatforms) {
    for (const char* policy : kSyncingPolicies) EXPECT_EQ(stale(r, std::string(platform) + "/" + policy), 0u) << platform << " " << policy << " " << layout;
  }
  // Neither platform's display snoops: a missing sync shows, except where
  // the CPU's writes went around the caches anyway.
  EXPECT_GT(stale(r, "arm-soc/none"), 0u) << layout;
  if (x86_writes_through_aperture(layout)) {
    EXPECT_EQ(stale(r, "x86-llc/none"), 0u) << layout;
  } else {
    EXPECT_GT(stale(r, "x86-llc/none"), 0u) << layout;
  }
}

TEST_P(StaleOracle, GpuToCpuReadback) {
  const std::string layout = GetParam();
  // 320x240: the buffer and a tiled layout's staging copy (600 KiB together)
  // fit arm-soc's caches, so lines cached in one frame are still there when
  // the GPU has rewritten them; a larger buffer evicts them before they are read.
  const json r = test::run_scenario_json(scenario_for("gpu-to-cpu", {{"width", 320}, {"height", 240}, {"frames", 4}, {"fps", 0}, {"layout", layout}}));
  for (const char* platform : kPlatforms) {
    for (const char* policy : kSyncingPolicies) EXPECT_EQ(stale(r, std::string(platform) + "/" + policy), 0u) << platform << " " << policy << " " << layout;
  }
  // arm-soc's GPU does not snoop: the CPU reads lines it cached before the
  // GPU wrote them. x86-llc's GPU snoops the LLC: no sync needed.
  EXPECT_GT(stale(r, "arm-soc/none"), 0u) << layout;
  EXPECT_EQ(stale(r, "x86-llc/none"), 0u) << layout;
}

INSTANTIATE_TEST_SUITE_P(EveryLayout, StaleOracle, ::testing::ValuesIn(every_layout()), [](const auto& param_info) {
  std::string name = param_info.param;
  for (char& c : name)
    if (c == '_' || c == '-') c = 'x';
  return name;
});

}  // namespace
}  // namespace cohsim
