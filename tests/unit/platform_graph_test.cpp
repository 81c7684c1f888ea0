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

}  // namespace
}  // namespace cohsim
