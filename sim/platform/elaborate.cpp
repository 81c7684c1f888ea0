#include "sim/platform/elaborate.h"

namespace cohsim {

std::uint64_t ElaboratedPlatform::line_operations() const {
  std::uint64_t n = cpu ? cpu->line_operations() : 0;
  for (const auto& [name, device] : devices) n += device->line_operations();
  return n;
}

namespace {
// A component's link to the one below, as the model takes it.
LinkParams link_params(const config::LinkConfig& link) { return LinkParams{.latency_ns = link.latency_ns, .bandwidth_gbps = link.bandwidth_gbps}; }

// The core's path to memory without the memory: every cache's lookup and
// every link's latency down to it, as an unloaded miss pays them.
Tick poc_round_trip(const config::PlatformConfig& p, const PlatformGraph& graph, const Clock& cpu_clock) {
  Tick t = 0;
  for (const Vertex v : graph.cpu_path) {
    const PlatformNode& node = graph.node(v);
    if (node.kind == NodeKind::cache) {
      const auto& c = p.caches.at(node.name);
      t += cpu_clock.cycles(c.latency_cycles) + ns_to_ticks(c.downstream.latency_ns);
    } else if (node.kind == NodeKind::fabric) {
      t += ns_to_ticks(p.fabrics.at(node.name).downstream.latency_ns);
    }
  }
  return t;
}
// Memories and fabrics first, so that everything above can bind to them.
void add_memories_and_fabrics(const config::PlatformConfig& p, ElaboratedPlatform& out) {
  for (const auto& [name, m] : p.memories) {
    DramParams params;
    static_cast<MemoryConfig&>(params) = m;  // the settings as read
    params.line_bytes = p.line_bytes;
    out.memories[name] = std::make_unique<Dram>(name.c_str(), params, out.stats);
  }
  for (const auto& [name, f] : p.fabrics) {
    FabricParams params{.downstream_link = link_params(f.downstream), .routes = {}, .snoop_latency_ns = f.snoop_latency_ns, .line_bytes = p.line_bytes};
    for (const config::LinkConfig& r : f.routes) {
      const MemoryWindowConfig& w = *p.memories.at(r.to).window;
      params.routes.push_back(FabricRoute{.first_line = w.base() / p.line_bytes, .end_line = w.end() / p.line_bytes, .link = link_params(r)});
    }
    out.fabrics[name] = std::make_unique<Fabric>(name.c_str(), params, out.stats);
  }
  // Bound once all exist: a fabric may send its requests on to another.
  for (const auto& [name, f] : p.fabrics) {
    Fabric& fabric = *out.fabrics.at(name);
    if (auto below = out.fabrics.find(f.downstream.to); below != out.fabrics.end()) {
      fabric.downstream.bind(below->second->upstream);
    } else {
      fabric.downstream.bind(out.memories.at(f.downstream.to)->port);
    }
    for (std::size_t i = 0; i < f.routes.size(); ++i) fabric.route_ports[i].bind(out.memories.at(f.routes[i].to)->port);
  }
}

// The core's chain of caches from L1 down (created top-down, so statistics
// read top-down), then bound to each other, to the fabric and to the snoop.
void add_caches(const config::PlatformConfig& p, const PlatformGraph& graph, const Clock& cpu_clock, const ElaborateOptions& options, ElaboratedPlatform& out) {
  for (const Vertex v : graph.cpu_path) {
    const PlatformNode& node = graph.node(v);
    if (node.kind != NodeKind::cache) continue;
    const auto& c = p.caches.at(node.name);
    CacheParams params;
    static_cast<CacheLevelConfig&>(params) = c;  // the settings as read
    params.line_bytes = p.line_bytes;
    params.lookup_latency = cpu_clock.cycles(c.latency_cycles);
    params.classify_misses = options.classify_misses;
    out.caches[node.name] = std::make_unique<Cache>(node.name.c_str(), params, link_params(c.downstream), out.stats);
  }
  for (auto& [name, cache] : out.caches) {
    const std::string& below_name = p.caches.at(name).downstream.to;
    if (auto below = out.caches.find(below_name); below != out.caches.end()) {
      cache->downstream.bind(below->second->upstream);
      cache->connect_below(&below->second->behaviour());
      below->second->behaviour().add_above(&cache->behaviour());
    } else {
      cache->downstream.bind(out.fabrics.at(below_name)->upstream);
      cache->connect_below(nullptr);
    }
  }
  for (const auto& [name, f] : p.fabrics) {
    if (!f.snoop_cache.empty()) out.fabrics.at(name)->set_snoop_cache(&out.caches.at(f.snoop_cache)->behaviour());
  }
}

// The core: cached accesses to its L1, uncached ones to the fabric below its caches.
void add_core(const config::PlatformConfig& p, const PlatformGraph& graph, const ClockDomain& cpu_clock, ElaboratedPlatform& out) {
  const auto& [cpu_name, cpu_cfg] = *p.cpus.begin();
  CpuParams cpu;
  static_cast<CpuCoreConfig&>(cpu) = cpu_cfg;  // the settings as read
  cpu.clock = &cpu_clock;
  cpu.line_bytes = p.line_bytes;
  cpu.poc_round_trip = poc_round_trip(p, graph, cpu_clock.clock);
  out.cpu = std::make_unique<CpuAgent>(cpu_name.c_str(), cpu, out.oracle, out.stats);
  out.cpu->cached_port.bind(out.caches.at(cpu_cfg.downstream.to)->upstream);
  const std::string& cpu_fabric = graph.node(graph.cpu_fabric).name;
  out.cpu->uncached_port.bind(out.fabrics.at(cpu_fabric)->upstream);
}

void add_devices(const config::PlatformConfig& p, Tick quantum, ElaboratedPlatform& out) {
  for (const auto& [name, d] : p.devices) {
    const ClockDomain& clock = out.clocks.emplace_back(ClockDomain{name, Clock::from_ghz(d.clock_ghz)});
    DmaParams params;
    static_cast<DmaDeviceConfig&>(params) = d;  // the settings as read
    params.clock = &clock;
    params.line_bytes = p.line_bytes;
    params.downstream_link = link_params(d.downstream);
    params.quantum = quantum;
    auto device = std::make_unique<DmaAgent>(name.c_str(), params, out.oracle, out.fences, out.stats);
    device->port.bind(out.fabrics.at(d.downstream.to)->upstream);
    out.devices[name] = std::move(device);
  }
}

}  // namespace

std::unique_ptr<ElaboratedPlatform> elaborate(const config::PlatformConfig& p, const PlatformGraph& graph, Tick quantum, const ElaborateOptions& options) {
  auto out = std::make_unique<ElaboratedPlatform>();
  const auto& [cpu_name, cpu_cfg] = *p.cpus.begin();
  const ClockDomain& cpu_clock = out->clocks.emplace_back(ClockDomain{cpu_name, Clock::from_ghz(cpu_cfg.clock_ghz)});
  add_memories_and_fabrics(p, *out);
  add_caches(p, graph, cpu_clock.clock, options, *out);
  add_core(p, graph, cpu_clock, *out);
  add_devices(p, quantum, *out);
  if (p.hypervisor) {
    HypervisorParams hp;
    static_cast<HypervisorConfig&>(hp) = *p.hypervisor;  // the settings as read
    hp.copy_submission = ns_to_ticks(p.hypervisor->host_copy.submission_us * 1000.0);
    hp.line_bytes = p.line_bytes;
    out->hypervisor = hp;
  }
  return out;
}

}  // namespace cohsim
