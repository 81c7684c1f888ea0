#include "sim/platform/platform_graph.h"

#include <gtest/gtest.h>

#include <cstdlib>

#include "sim/load/scenario_loader.h"
#include "support/test_support.h"

namespace cohsim {
namespace {

TEST(PlatformGraph, CorePathRunsFromCoreToMemory) {
  const auto p = config::load_platform("x86-llc");
  const PlatformGraph g = build_platform_graph(p.config, config::blame_file("x"));
  std::vector<std::string> names;
  for (Vertex v : g.cpu_path) names.push_back(g.node(v).name);
  EXPECT_EQ(names, (std::vector<std::string>{"cpu0", "l1d", "l2", "llc", "ring", "dram"}));
  // 8 downstream links (core, 3 caches, fabric, 3 devices), the core's
  // uncached path and the fabric's snoop.
  EXPECT_EQ(boost::num_edges(g.graph), 10u);
}

TEST(PlatformGraph, DotNamesEveryComponentAndLink) {
  const auto p = config::load_platform("arm-soc");
  const std::string dot = platform_to_dot(p.config);
  for (const char* needle : {"digraph", "cpu0->l1d", "l1d->l2", "l2->l3", "l3->noc", "noc->dram", "gpu->noc", "display->noc", "camera->noc", "WC/UC"})
    EXPECT_NE(dot.find(needle), std::string::npos) << needle;
  EXPECT_EQ(dot.find("snoop\""), std::string::npos);  // arm-soc's fabric snoops nothing
}

TEST(PlatformGraph, DotIsAcceptedByGraphviz) {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) GTEST_SKIP() << "graphviz (dot) is not installed";
  test::ScratchDir dir;
  const std::string file = dir.write("g.dot", platform_to_dot(config::load_platform("x86-llc").config));
  EXPECT_EQ(std::system(("dot -Tsvg '" + file + "' -o '" + dir.path() + "/g.svg'").c_str()), 0);
}

// x86-dgpu: the GPU and its display sit on the GPU's own fabric, which
// reaches VRAM by a route and system memory downstream, through the host's
// ring; the ring reaches VRAM by a route of its own (the BAR).
TEST(PlatformGraph, ADiscreteGpuReachesItsVramByRouteAndSystemMemoryThroughTheHost) {
  const auto p = config::load_platform("x86-dgpu");
  const PlatformGraph g = build_platform_graph(p.config, config::blame_file("x"));
  EXPECT_EQ(g.node(g.cpu_fabric).name, "ring");
  EXPECT_EQ(g.node(g.downstream_of(g.vertex_of.at("gpu_hub"))).name, "ring");
  std::vector<std::string> routes;
  for (auto [it, end] = boost::edges(g.graph); it != end; ++it)
    if (g.graph[*it].kind == EdgeKind::route) routes.push_back(g.node(boost::source(*it, g.graph)).name + "->" + g.node(boost::target(*it, g.graph)).name);
  EXPECT_EQ(routes, (std::vector<std::string>{"gpu_hub->vram", "ring->vram"}));
  const std::string dot = platform_to_dot(p.config);
  for (const char* needle : {"gpu_hub->vram", "ring->vram", "gpu_hub->ring", "by address: 530 ns, 24 GB/s", "at 256 GiB, 24 GiB"})
    EXPECT_NE(dot.find(needle), std::string::npos) << needle;
}

// A copy of x86-dgpu's VRAM, `offset_gib` above it, routed from `fabric`.
void add_second_vram(config::PlatformConfig& c, unsigned offset_gib, const std::string& fabric) {
  c.memories["vram2"] = c.memories.at("vram");
  c.memories["vram2"].window->base_gib += offset_gib;
  c.fabrics.at(fabric).routes.push_back({.to = "vram2", .latency_ns = 0, .bandwidth_gbps = 0});
}

// Each rule of routes and windows, broken once on x86-dgpu, is an error
// naming the field.
TEST(PlatformGraph, RoutesAndWindowsAreChecked) {
  struct Case {
    const char* what;
    void (*mutate)(config::PlatformConfig&);
    const char* message;
  };
  const Case cases[] = {
      {"a route to the system memory", [](config::PlatformConfig& c) { c.fabrics.at("ring").routes[0].to = "dram"; },
       "x:/fabrics/ring/routes/0/to: \"dram\" is not a memory with a window"},
      {"two memories without a window", [](config::PlatformConfig& c) { c.memories.at("vram").window.reset(); },
       "x:/memories/vram/window: \"dram\" already holds every address outside the windows"},
      {"overlapping windows", [](config::PlatformConfig& c) { add_second_vram(c, 8, "ring"); }, "/window/base_gib: the window overlaps memory"},
      {"a windowed memory downstream", [](config::PlatformConfig& c) { c.fabrics.at("gpu_hub").downstream.to = "vram"; },
       "x:/fabrics/gpu_hub/downstream/to: \"vram\" has a window"},
      {"fabrics in a loop",
       [](config::PlatformConfig& c) {
         c.fabrics["hub2"] = c.fabrics.at("gpu_hub");
         c.fabrics.at("gpu_hub").downstream.to = "hub2";
         c.fabrics.at("hub2").downstream.to = "gpu_hub";
       },
       "fabrics send requests downstream in a loop"},
      {"a device beside the VRAM on the core's fabric", [](config::PlatformConfig& c) { c.devices.at("camera").local_memory = "vram"; },
       "x:/devices/camera/local_memory: \"camera\" sits on the core's fabric \"ring\""},
      {"a VRAM the core cannot reach", [](config::PlatformConfig& c) { c.fabrics.at("ring").routes.clear(); },
       "x:/fabrics/ring/routes: the core reaches \"vram\" through its fabric (a BAR)"},
      {"two device memories",
       [](config::PlatformConfig& c) {
         add_second_vram(c, 64, "gpu_hub");
         c.devices.at("gpu").local_memory = "vram2";
       },
       "cohsim models one device memory per platform"},
      {"a local memory its fabric does not route to",
       [](config::PlatformConfig& c) {
         c.devices.at("gpu").local_memory = "dram";
         c.devices.at("display").local_memory = "dram";
       },
       "x:/devices/display/local_memory: \"dram\" must be a memory that this device's fabric \"gpu_hub\" routes to"},
  };
  for (const Case& k : cases) {
    auto p = config::load_platform("x86-dgpu").config;
    k.mutate(p);
    try {
      build_platform_graph(p, config::blame_file("x"));
      ADD_FAILURE() << k.what << ": accepted";
    } catch (const std::exception& e) {
      EXPECT_NE(std::string(e.what()).find(k.message), std::string::npos) << k.what << ": " << e.what();
    }
  }
}

}  // namespace
}  // namespace cohsim
