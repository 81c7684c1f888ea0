#include "sim/platform/platform_graph.h"

#include <algorithm>
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
  for (const auto& [name, c] : p.fabrics) link(NodeKind::fabric, name, c.downstream, {NodeKind::memory, NodeKind::fabric});
  for (const auto& [name, c] : p.devices) link(NodeKind::device, name, c.downstream, {NodeKind::fabric});
}

// Memories apart from the system's (a window of addresses each), the routes
// that reach them, and fabric chains that end at a memory.
void add_routes_and_windows(PlatformGraph& out, const config::PlatformConfig& p, const Checker& root) {
  auto& g = out.graph;
  std::string system_memory;
  for (const auto& [name, m] : p.memories) {
    const Checker at = root.child("memories").child(name);
    if (!m.window) {
      if (!system_memory.empty()) at.fail("window", "\"" + system_memory + "\" already holds every address outside the windows; give this memory a window");
      system_memory = name;
      continue;
    }
    for (const auto& [other, o] : p.memories) {
      if (other == name || !o.window) continue;
      if (m.window->base() < o.window->end() && o.window->base() < m.window->end())
        at.child("window").fail("base_gib", "the window overlaps memory \"" + other + "\"'s");
    }
  }
  for (const auto& [name, f] : p.fabrics) {
    const Checker at = root.child("fabrics").child(name);
    if (const auto it = p.memories.find(f.downstream.to); it != p.memories.end() && it->second.window)
      at.child("downstream").fail("to", "\"" + f.downstream.to + "\" has a window: a fabric reaches it through `routes`, not downstream");
    for (std::size_t i = 0; i < f.routes.size(); ++i) {
      const config::LinkConfig& r = f.routes[i];
      const auto it = p.memories.find(r.to);
      if (it == p.memories.end() || !it->second.window)
        at.child("routes").child(std::to_string(i)).fail("to", "\"" + r.to + "\" is not a memory with a window; a route leads to one");
      boost::add_edge(out.vertex_of.at(name), out.vertex_of.at(r.to), PlatformEdge{EdgeKind::route, r.latency_ns, r.bandwidth_gbps}, g);
    }
    // Downstream from fabric to fabric ends at a memory.
    std::vector<std::string> chain{name};
    for (std::string next = f.downstream.to; p.fabrics.count(next); next = p.fabrics.at(next).downstream.to) {
      if (std::ranges::find(chain, next) != chain.end())
        at.child("downstream").fail("to", "fabrics send requests downstream in a loop through \"" + next + "\"");
      chain.push_back(next);
    }
  }
  if (system_memory.empty()) root.fail("memories", "every memory has a window; one must hold the system's addresses");
}

bool routes_to(const config::FabricConfig& f, const std::string& memory) {
  return std::ranges::any_of(f.routes, [&](const config::LinkConfig& r) { return r.to == memory; });
}

// Devices beside a memory of their own (a dGPU's VRAM): one such memory per
// platform, which their own fabric routes to, and the core's fabric too (the
// BAR), so that every agent reaches a VRAM line where it lives.
void check_local_memories(const PlatformGraph& out, const config::PlatformConfig& p, const Checker& root) {
  const std::string& cpu_fabric = out.node(out.cpu_fabric).name;
  std::string local;
  for (const auto& [name, d] : p.devices) {
    if (d.local_memory.empty()) continue;
    const Checker at = root.child("devices").child(name);
    if (!local.empty() && d.local_memory != local)
      at.fail("local_memory", "devices are beside \"" + local + "\" already; cohsim models one device memory per platform");
    local = d.local_memory;
    if (!routes_to(p.fabrics.at(d.downstream.to), d.local_memory))
      at.fail("local_memory", "\"" + d.local_memory + "\" must be a memory that this device's fabric \"" + d.downstream.to + "\" routes to");
    if (d.downstream.to == cpu_fabric)
      at.fail("local_memory", "\"" + name + "\" sits on the core's fabric \"" + cpu_fabric + "\"; a device beside \"" + d.local_memory +
                                  "\" sits on a fabric of its own (a discrete GPU's), which routes to it");
  }
  if (!local.empty() && !routes_to(p.fabrics.at(cpu_fabric), local))
    root.child("fabrics")
        .child(cpu_fabric)
        .fail("routes", "the core reaches \"" + local + "\" through its fabric (a BAR): give \"" + cpu_fabric + "\" a route to it");
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
  const Vertex cpu_fabric = *std::ranges::find_if(out.cpu_path, [&](Vertex u) { return g[u].kind == NodeKind::fabric; });
  out.cpu_fabric = cpu_fabric;
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
    // Its own fabric, or one it forwards to, looks up the CPU caches.
    const std::string& fabric = device.downstream.to;
    bool snooped = false;
    for (std::string f = fabric; p.fabrics.count(f) && !snooped; f = p.fabrics.at(f).downstream.to) snooped = !p.fabrics.at(f).snoop_cache.empty();
    if (!snooped) {
      root.child("devices").child(name).fail("coherence", "\"" + name + "\" snoops (coherence " + std::string(config::enum_name(device.coherence)) +
                                                              ") but neither its fabric \"" + fabric + "\" nor one below it has a snoop_cache to look up");
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
  add_routes_and_windows(out, p, root);
  trace_cpu_chain(out, p, root);
  check_local_memories(out, p, root);
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
      if (m.window) label << "\\nat " << m.window->base_gib << " GiB, " << m.window->size_gib << " GiB";
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
    case EdgeKind::downstream:
    case EdgeKind::route: {
      std::ostringstream figures;
      if (edge.latency_ns > 0) figures << edge.latency_ns << " ns";
      if (edge.bandwidth_gbps > 0) figures << (edge.latency_ns > 0 ? ", " : "") << edge.bandwidth_gbps << " GB/s";
      if (edge.kind == EdgeKind::downstream) return "[label=\"" + figures.str() + "\"]";
      return "[label=\"by address" + (figures.tellp() > 0 ? ": " + figures.str() : std::string()) + "\", style=bold]";
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
