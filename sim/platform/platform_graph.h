#pragma once
// The platform as a graph (Boost.Graph): agents, caches, fabrics and memories
// are vertices; "downstream" links (latency, bandwidth) are edges, plus the
// core's uncached path to its fabric and a fabric's snoop of the LLC. Built
// and checked when a platform is loaded: every link names a component of the
// right kind, cache levels count up from 1 below the core, every agent reaches
// a memory, nothing is left unconnected. The elaborator instantiates SystemC
// modules from it and `cohsim graph` draws it.
#include <boost/graph/adjacency_list.hpp>
#include <map>
#include <string>
#include <vector>

#include "sim/config/fields.h"
#include "sim/config/platform_config.h"

namespace cohsim {

enum class NodeKind { cpu, cache, fabric, memory, device };
// route: a fabric's link to a memory with an address window (a dGPU's VRAM).
enum class EdgeKind { downstream, uncached, snoop, route };

struct PlatformNode {
  std::string name;
  NodeKind kind = NodeKind::cpu;
};

struct PlatformEdge {
  EdgeKind kind = EdgeKind::downstream;
  double latency_ns = 0;
  double bandwidth_gbps = 0;
};

using PlatformGraphType = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, PlatformNode, PlatformEdge>;
using Vertex = PlatformGraphType::vertex_descriptor;

struct PlatformGraph {
  PlatformGraphType graph;
  std::map<std::string, Vertex> vertex_of;
  // The core's chain: cpu, its caches from L1 down, the fabrics, the memory.
  std::vector<Vertex> cpu_path;
  // The fabric right below the core's caches, which its uncached accesses reach.
  Vertex cpu_fabric = 0;

  const PlatformNode& node(Vertex v) const { return graph[v]; }
  // The vertex a component sends its requests to (its downstream edge).
  Vertex downstream_of(Vertex v) const;
};

// Builds and checks; errors name the offending field through `blame`.
PlatformGraph build_platform_graph(const config::PlatformConfig& platform, const config::Blame& blame);

// Graphviz DOT text of the platform.
std::string platform_to_dot(const config::PlatformConfig& platform);

}  // namespace cohsim
