#pragma once
// Turns a checked platform (config + graph) into SystemC modules bound by TLM
// sockets. One elaboration per process: SystemC cannot rebuild a module tree
// after sc_start, which is why `cohsim run` simulates each platform in a child
// process.
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "models/cache/cache.h"
#include "models/common/fences.h"
#include "models/common/line_versions.h"
#include "models/common/stats.h"
#include "models/cpu/cpu_agent.h"
#include "models/device/dma_agent.h"
#include "models/dram/dram.h"
#include "models/fabric/fabric.h"
#include "models/virt/host_transport.h"
#include "sim/config/platform_config.h"
#include "sim/platform/platform_graph.h"

namespace cohsim {

struct ElaboratedPlatform {
  StatRegistry stats;
  LineVersionMap oracle;  // the newest version of every line ever written
  FenceTable fences;
  std::deque<ClockDomain> clocks;
  std::unique_ptr<CpuAgent> cpu;
  std::map<std::string, std::unique_ptr<Cache>> caches;
  std::map<std::string, std::unique_ptr<Fabric>> fabrics;
  std::map<std::string, std::unique_ptr<Dram>> memories;
  std::map<std::string, std::unique_ptr<DmaAgent>> devices;
  // A virtual platform: its hypervisor (the copy engine is devices["host_copy"]).
  std::optional<HypervisorParams> hypervisor;

  const ClockDomain& cpu_clock() const { return clocks.front(); }
  // Line operations of every agent so far, for simulation-speed figures.
  std::uint64_t line_operations() const;
};

// `quantum`: how far the device threads may run ahead of SystemC time.
// Opt-in statistics that cost simulation time.
struct ElaborateOptions {
  bool classify_misses = false;  // every cache keeps the 3C split of its misses
};
std::unique_ptr<ElaboratedPlatform> elaborate(const config::PlatformConfig& platform, const PlatformGraph& graph, Tick quantum,
                                              const ElaborateOptions& options = {});

}  // namespace cohsim
