// A device behind an IOMMU (devices.NAME.iommu): its IOTLB, a fully
// associative LRU of page translations, against analytic counts; the CPU's
// map and unmap time at import and close.
#include <gtest/gtest.h>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::stat;
using test::stat_ns;

json iommu(unsigned entries, double walk_ns, double map_ns = 0, double unmap_ns = 0) {
  return {{"iotlb_entries", entries}, {"walk_ns", walk_ns}, {"map_ns_per_page", map_ns}, {"unmap_ns_per_page", unmap_ns}};
}
json on_device(const char* device, const json& section) { return {{"devices", {{device, {{"iommu", section}}}}}}; }

// Two sequential sweeps of a buffer: one of 64 pages fits a 64-entry IOTLB
// and misses only on the first sweep; one of 65 pages evicts, under LRU,
// each translation just before it is needed again, and misses every page of
// both sweeps. Each miss waits exactly one walk.
TEST(Iommu, ASweepOverMorePagesThanTheIotlbHoldsMissesEveryPage) {
  struct Case {
    unsigned rows;  // of 256 bytes: 16 rows per 4 KiB page
    std::uint64_t misses;
  };
  for (const Case c : {Case{64 * 16, 64}, Case{65 * 16, 2 * 65}}) {
    const std::string trace = "buffer fb 64x" + std::to_string(c.rows) + " XRGB8888\nimport fb camera\ndma camera r fb\ndma camera r fb\n";
    const json run = test::simulate_preset("arm-soc", trace, on_device("camera", iommu(64, 250)));
    EXPECT_EQ(stat(run, "agents", "camera", "iotlb_misses"), c.misses) << c.rows;
    EXPECT_DOUBLE_EQ(stat_ns(run, "agents", "camera", "iotlb_walk_time"), 250.0 * static_cast<double>(c.misses)) << c.rows;
  }
  // Through a device's own cache, the IOTLB sees its misses only: the GPU's
  // second sweep hits its 1 MiB L2 and translates nothing.
  const json gpu =
      test::simulate_preset("arm-soc", "buffer fb 64x1024 XRGB8888\nimport fb gpu\ndma gpu r fb\ndma gpu r fb\n", on_device("gpu", iommu(64, 250)));
  EXPECT_EQ(stat(gpu, "agents", "gpu", "iotlb_misses"), 64u);
}

// The walks sit on the device's path: a sweep that misses every page takes
// longer than one that hits, by at most a walk per page.
TEST(Iommu, WalksDelayTheDevice) {
  const std::string trace = "buffer fb 64x1040 XRGB8888\nimport fb camera\ndma camera r fb\ndma camera r fb\n";
  const json none = test::simulate_preset("arm-soc", trace);
  const json walks = test::simulate_preset("arm-soc", trace, on_device("camera", iommu(64, 250)));
  const json free_walks = test::simulate_preset("arm-soc", trace, on_device("camera", iommu(64, 0)));
  const double busy = stat_ns(none, "agents", "camera", "busy");
  EXPECT_DOUBLE_EQ(stat_ns(free_walks, "agents", "camera", "busy"), busy);  // a walk of no time changes nothing
  const double slower = stat_ns(walks, "agents", "camera", "busy") - busy;
  EXPECT_GT(slower, 0.0);
  EXPECT_LE(slower, 250.0 * 2 * 65 + 1);
  EXPECT_FALSE(none.at("agents").at("camera").contains("iotlb_misses"));  // no IOMMU, no statistics of one
}

// dma_buf_map_attachment maps every page for an importer behind an IOMMU
// and the close unmaps them: CPU time of pages x cost, on the core's path.
TEST(Iommu, MappingAndUnmappingCostCpuTimePerPage) {
  const std::string trace = "buffer fb 64x1024 XRGB8888\nimport fb camera\nimport fb display\nclose fb\n";
  const json none = test::simulate_preset("arm-soc", trace);
  const json run = test::simulate_preset("arm-soc", trace, on_device("camera", iommu(64, 0, 1000, 1300)));
  EXPECT_EQ(stat(run, "agents", "camera", "iommu_pages_mapped"), 64u);
  EXPECT_EQ(stat(run, "agents", "camera", "iommu_pages_unmapped"), 64u);
  EXPECT_DOUBLE_EQ(stat_ns(run, "agents", "camera", "iommu_map_time"), 64 * 2300.0);
  const double added = run.at("simulated_time").at("value").get<double>() - none.at("simulated_time").at("value").get<double>();
  EXPECT_DOUBLE_EQ(added, 64 * 2300.0);  // the display has no IOMMU: nothing for it
  // Huge IOMMU pages: one 2 MiB page holds the whole 256 KiB buffer.
  json huge = iommu(64, 0, 1000, 1300);
  huge["page_bytes"] = "2MiB";
  EXPECT_EQ(stat(test::simulate_preset("arm-soc", trace, on_device("camera", huge)), "agents", "camera", "iommu_pages_mapped"), 1u);
}

TEST(Iommu, ABadIommuSectionIsExitTwoNamingThePlace) {
  test::ScratchDir dir;
  json s = {{"name", "t"},
            {"platforms", {{{"preset", "arm-soc"}, {"override", on_device("camera", {{"iotlb_entries", 64}, {"page_bytes", 12288}})}}}},
            {"workload", {{"trace", "t.trace"}}}};
  dir.write("t.trace", "buffer fb 64x64 XRGB8888\n");
  dir.write("s.json", s.dump());
  auto result = test::run_cli("run -q '" + dir.path() + "/s.json'");
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("/platforms/0/override/devices/camera/iommu/page_bytes: expected a power of two, got 12288"), std::string::npos) << result.err;
  s["platforms"][0]["override"] = on_device("camera", {{"iotlb_entry", 64}});
  dir.write("s.json", s.dump());
  result = test::run_cli("run -q '" + dir.path() + "/s.json'");
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("iommu/iotlb_entry"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace cohsim
