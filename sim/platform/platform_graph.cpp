#include "sim/platform/platform_graph.h"

#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <sstream>

#include "sim/util/units.h"

namespace cohsim {
namespace {

using config::Checker;

const char* section_of(NodeKind k) {
  switch (k) {
    case NodeKind::cpu:
      return "cpus";
    case NodeKind::cache:
      return "caches";
    case NodeKind::fabric:
      return "fabrics";
    case NodeKind::memory:
      return "memories";
    case NodeKind::device:
      return "devices";
  }
  return "";
}

const char* kind_name(NodeKind k) {
  switch (k) {
    case NodeKind::cpu:
      return "a core";
    case NodeKind::cache:
      return "a cache";
    case NodeKind::fabric:
      return "a fabric";
    case NodeKind::memory:
      return "a memory";
    case NodeKind::device:
      return "a device";
  }
  return "";
}

// Every vertex reachable from `start` along edges of graph `g`.
template <class Graph>
std::vector<bool> reachable_from(const Graph& g, typename boost::graph_traits<Graph>::vertex_descriptor start) {
  std::vector<boost::default_color_type> colors(boost::num_vertices(g), boost::white_color);
  boost::breadth_first_search(g, start, boost::color_map(boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, g))));
  std::vector<bool> out(colors.size());
  for (size_t i = 0; i < colors.size(); ++i) out[i] = colors[i] != boost::white_color;
  return out;
}

}  // namespace

Vertex PlatformGraph::downstream_of(Vertex v) const {
  for (auto [it, end] = boost::out_edges(v, graph); it != end; ++it)
    if (graph[*it].kind == EdgeKind::downstream) return boost::target(*it, graph);
  return boost::graph_traits<PlatformGraphType>::null_vertex();
}

namespace {

// One vertex per component, and each component's downstream link, to a
// component of an allowed kind.
void add_components_and_links(PlatformGraph& out, const config::PlatformConfig& p, const Checker& root) {
  auto& g = out.graph;
  auto add = [&](const std::string& name, NodeKind kind) { out.vertex_of[name] = boost::add_vertex(PlatformNode{name, kind}, g); };
  for (const auto& [name, c] : p.cpus) add(name, NodeKind::cpu);
  for (const auto& [name, c] : p.caches) add(name, NodeKind::cache);
  for (const auto& [name, c] : p.fabrics) add(name, NodeKind::fabric);
  for (const auto& [name, c] : p.memories) add(name, NodeKind::memory);
  for (const auto& [name, c] : p.devices) add(name, NodeKind::device);

  auto link = [&](NodeKind from_kind, const std::string& from, const config::LinkConfig& l, std::initializer_list<NodeKind> allowed) {
    const Checker at = root.child(section_of(from_kind)).child(from).child("downstream");
    auto it = out.vertex_of.find(l.to);
    if (it == out.vertex_of.end()) {
      std::string names;
      for (const auto& [n, v] : out.vertex_of) names += (names.empty() ? "" : ", ") + n;
      at.fail("to", "no component is named \"" + l.to + "\"; components: " + names);
    }
    const NodeKind to_kind = g[it->second].kind;
    bool ok = false;
    std::string expected;
    for (NodeKind k : allowed) {
      ok = ok || k == to_kind;
      expected += (expected.empty() ? "" : " or ") + std::string(kind_name(k));
    }
    if (!ok) at.fail("to", "\"" + l.to + "\" is " + kind_name(to_kind) + "; " + from + " must send its requests to " + expected);
    boost::add_edge(out.vertex_of.at(from), it->second, PlatformEdge{EdgeKind::downstream, l.latency_ns, l.bandwidth_gbps}, g);
  };
  for (const auto& [name, c] : p.cpus) link(NodeKind::cpu, name, c.downstream, {NodeKind::cache});
  for (const auto& [name, c] : p.caches) link(NodeKind::cache, name, c.downstream, {NodeKind::cache, NodeKind::fabric});
  for (const auto& [name, c] : p.fabrics) link(NodeKind::fabric, name, c.downstream, {NodeKind::memory});
  for (const auto& [name, c] : p.devices) link(NodeKind::device, name, c.downstream, {NodeKind::fabric});
}

// The core's chain: levels count up from 1, ending at a fabric, which the
// core's uncached accesses reach directly.
void trace_cpu_chain(PlatformGraph& out, const config::PlatformConfig& p, const Checker& root) {
  auto& g = out.graph;
  const auto& [cpu_name, cpu] = *p.cpus.begin();
  Vertex v = out.vertex_of.at(cpu_name);
  out.cpu_path.push_back(v);
  unsigned expected_level = 1;
  std::string above = cpu_name;
  while (g[v].kind != NodeKind::memory) {
    v = out.downstream_of(v);
    out.cpu_path.push_back(v);
    if (g[v].kind != NodeKind::cache) continue;
    const auto& cache = p.caches.at(g[v].name);
    if (cache.level != expected_level) {
      root.child("caches").child(g[v].name).fail("level", "\"" + g[v].name + "\" sits below " + above + ", so its level must be " +
                                                              std::to_string(expected_level) + ", not " + std::to_string(cache.level));
    }
    ++expected_level;
    above = g[v].name;
  }
  const Vertex cpu_fabric = out.cpu_path[out.cpu_path.size() - 2];
  boost::add_edge(out.vertex_of.at(cpu_name), cpu_fabric, PlatformEdge{EdgeKind::uncached, 0, 0}, g);
  // Self-snoop goes through the fabric's snoop cache: without one it would
  // silently not happen.
  if (cpu.uncached.snoops_caches && p.fabrics.at(g[cpu_fabric].name).snoop_cache.empty()) {
    root.child("cpus")
        .child(cpu_name)
        .child("uncached")
        .fail("snoops_caches", "the core's uncached accesses snoop its caches through its fabric's snoop_cache, and fabric \"" + g[cpu_fabric].name +
                                   "\" has none (give it the last-level cache)");
  }
}

// Snoops: the fabric looks up the cache right above it on the core's chain;
// a coherent device needs such a fabric.
void add_snoops(PlatformGraph& out, const config::PlatformConfig& p, const Checker& root) {
  auto& g = out.graph;
  for (const auto& [name, fabric] : p.fabrics) {
    if (fabric.snoop_cache.empty()) continue;
    const Checker at = root.child("fabrics").child(name);
    auto it = out.vertex_of.find(fabric.snoop_cache);
    const bool is_llc_of_this_fabric =
        it != out.vertex_of.end() && g[it->second].kind == NodeKind::cache && out.downstream_of(it->second) == out.vertex_of.at(name);
    if (!is_llc_of_this_fabric) {
      at.fail("snoop_cache", "\"" + fabric.snoop_cache + "\" must be the cache whose downstream is this fabric (the last-level cache)");
    }
    boost::add_edge(out.vertex_of.at(name), it->second, PlatformEdge{EdgeKind::snoop, fabric.snoop_latency_ns, 0}, g);
  }
  for (const auto& [name, device] : p.devices) {
    if (!snoops_reads(device.coherence)) continue;
    const std::string& fabric = device.downstream.to;
    if (p.fabrics.at(fabric).snoop_cache.empty()) {
      root.child("devices").child(name).fail("coherence", "\"" + name + "\" snoops (coherence " + std::string(config::enum_name(device.coherence)) +
                                                              ") but its fabric \"" + fabric + "\" has no snoop_cache to look up");
    }
  }
}

// Every agent reaches a memory; every component serves some agent.
void check_every_component_serves(const PlatformGraph& out, const Checker& root) {
  const auto& g = out.graph;
  std::vector<bool> used(boost::num_vertices(g), false);
  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    const NodeKind k = g[*it].kind;
    if (k != NodeKind::cpu && k != NodeKind::device) continue;
    const auto reached = reachable_from(g, *it);
    bool memory = false;
    for (size_t i = 0; i < reached.size(); ++i) {
      if (!reached[i]) continue;
      used[i] = true;
      memory = memory || g[i].kind == NodeKind::memory;
    }
    if (!memory) root.child(section_of(k)).fail(g[*it].name, "\"" + g[*it].name + "\" does not reach a memory");
  }
  for (auto [it, end] = boost::vertices(g); it != end; ++it) {
    if (!used[*it]) {
      root.child(section_of(g[*it].kind)).fail(g[*it].name, "\"" + g[*it].name + "\" is not on the path of any core or device; remove it or link to it");
    }
  }
}

}  // namespace

PlatformGraph build_platform_graph(const config::PlatformConfig& p, const config::Blame& blame) {
  const Checker root(blame, "");
  PlatformGraph out;
  add_components_and_links(out, p, root);
  trace_cpu_chain(out, p, root);
  add_snoops(out, p, root);
  check_every_component_serves(out, root);
  return out;
}

namespace {

struct DotNode {
  std::string label;
  const char* shape = "box";
};

// A component's box in the figure: its name and what sets its cost.
DotNode dot_node(const config::PlatformConfig& p, const PlatformNode& n) {
  std::ostringstream label;
  label << n.name;
  switch (n.kind) {
    case NodeKind::cpu: {
      const auto& c = p.cpus.at(n.name);
      label << "\\ncore " << c.clock_ghz << " GHz, " << c.mlp << " misses in flight";
      return {label.str(), "box3d"};
    }
    case NodeKind::cache: {
      const auto& c = p.caches.at(n.name);
      label << "\\nL" << c.level << " " << format_byte_size(c.size) << ", " << c.ways << "-way\\n+" << c.latency_cycles << " cycles, "
            << config::enum_name(c.inclusion);
      return {label.str(), "box"};
    }
    case NodeKind::fabric: {
      const auto& f = p.fabrics.at(n.name);
      label << "\\nfabric" << (f.snoop_cache.empty() ? ", no snooping" : ", snoops " + f.snoop_cache);
      return {label.str(), "hexagon"};
    }
    case NodeKind::memory: {
      const auto& m = p.memories.at(n.name);
      label << "\\n" << m.latency_ns << " ns, " << m.bandwidth_gbps << " GB/s";
      return {label.str(), "cylinder"};
    }
    case NodeKind::device: {
      const auto& d = p.devices.at(n.name);
      label << "\\n"
            << config::enum_name(d.role) << ", "
            << "coherence " << config::enum_name(d.coherence);
      return {label.str(), "component"};
    }
  }
  return {label.str(), "box"};
}

// A link's Graphviz attributes: latency and bandwidth, or how it is drawn.
std::string dot_edge_attributes(const PlatformEdge& edge) {
  switch (edge.kind) {
    case EdgeKind::downstream: {
      std::ostringstream label;
      if (edge.latency_ns > 0) label << edge.latency_ns << " ns";
      if (edge.bandwidth_gbps > 0) label << (label.tellp() > 0 ? ", " : "") << edge.bandwidth_gbps << " GB/s";
      return "[label=\"" + label.str() + "\"]";
    }
    case EdgeKind::uncached:
      return "[label=\"WC/UC\", style=dotted]";
    case EdgeKind::snoop:
      return "[label=\"snoop\", style=dashed, constraint=false]";
  }
  return "";
}

}  // namespace

std::string platform_to_dot(const config::PlatformConfig& p) {
  const std::string file = "<platform " + p.name + ">";
  const config::Blame blame = config::blame_file(file);
  const PlatformGraph pg = build_platform_graph(p, blame);
  const auto& g = pg.graph;
  auto vertex_writer = [&](std::ostream& out, Vertex v) {
    const DotNode node = dot_node(p, g[v]);
    out << "[label=\"" << node.label << "\", shape=" << node.shape << "]";
  };
  auto edge_writer = [&](std::ostream& out, PlatformGraphType::edge_descriptor e) { out << dot_edge_attributes(g[e]); };
  auto graph_writer = [&](std::ostream& out) {
    out << "label=\"" << p.name << (p.description.empty() ? "" : ": " + p.description) << "\";\nrankdir=TB;\nnode [fontname=\"Helvetica\"];\n";
  };
  std::ostringstream dot;
  boost::write_graphviz(dot, g, vertex_writer, edge_writer, graph_writer,
                        boost::make_transform_value_property_map([&](Vertex v) { return g[v].name; }, boost::get(boost::vertex_index, g)));
  return dot.str();
}

}  // namespace cohsim
