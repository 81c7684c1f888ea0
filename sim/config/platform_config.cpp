#include "sim/config/platform_config.h"

#include <algorithm>
#include <cctype>
#include <set>

namespace cohsim::config {

namespace {
// A cache's tags live in the simulator's memory, one entry per line: a cache
// of more than 2^24 lines (1 GiB of 64-byte lines, beyond any last-level
// cache built) is refused rather than allocated.
constexpr std::uint64_t kMaxCacheLines = 1ull << 24;
void check_cache_lines(const Checker& at, std::uint64_t size, unsigned line_bytes) {
  if (size / line_bytes > kMaxCacheLines) {
    at.fail("size", format_byte_size(size) + " is " + std::to_string(size / line_bytes) + " lines; cohsim models caches of at most 2^24 lines (" +
                        format_byte_size(kMaxCacheLines * line_bytes) + " of " + std::to_string(line_bytes) + "-byte lines)");
  }
}
}  // namespace

void PlatformConfig::check(const Checker& c) const {
  if ((line_bytes & (line_bytes - 1)) != 0) c.fail("line_bytes", "expected a power of two, got " + std::to_string(line_bytes));
  if (cpus.size() != 1) {
    c.fail("cpus", "expected exactly one core, got " + std::to_string(cpus.size()) +
                       " (cohsim models one core per platform; several cores sharing a cluster are not modelled yet)");
  }
  if (memories.empty()) c.fail("memories", "expected at least one memory");
  if (fabrics.empty()) c.fail("fabrics", "expected at least one fabric");

  // Component names are graph vertices: one namespace across sections.
  std::set<std::string> names;
  auto claim = [&](const char* section, const std::string& component) {
    const bool well_formed = !component.empty() && component.size() <= 64 && std::all_of(component.begin(), component.end(), [](char ch) {
      return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-';
    });
    if (!well_formed) c.child(section).fail(component, "component names use letters, digits, '_' and '-' (at most 64), got \"" + component + "\"");
    if (!names.insert(component).second)
      c.child(section).fail(component, "the name \"" + component + "\" is used by two components; names must be unique across sections");
  };
  for (const auto& entry : cpus) claim("cpus", entry.first);
  for (const auto& entry : caches) claim("caches", entry.first);
  for (const auto& entry : fabrics) claim("fabrics", entry.first);
  for (const auto& entry : memories) claim("memories", entry.first);
  for (const auto& entry : devices) claim("devices", entry.first);

  for (const auto& [cpu_name, cpu] : cpus) {
    if (cpu.downstream.latency_ns != 0 || cpu.downstream.bandwidth_gbps != 0) {
      c.child("cpus")
          .child(cpu_name)
          .child("downstream")
          .fail(cpu.downstream.latency_ns != 0 ? "latency_ns" : "bandwidth_gbps",
                "the core-to-L1 link has no latency or bandwidth of its own; put the L1 lookup cost in the L1's latency_cycles");
    }
  }
  if (!host.empty() && !hypervisor) c.fail("host", "only a virtual platform (one with a \"hypervisor\" section) runs on a host preset");
  if (hypervisor && devices.count(kHostCopyDevice) != 0)
    c.child("devices").fail(kHostCopyDevice, "the name \"host_copy\" is the virtual platform's copy engine; name the device otherwise");
  for (const auto& [device_name, device] : devices) {
    // A virtual platform's devices are the host's: a guest's bounce buffers
    // (swiotlb for a restricted virtio device) are not modelled.
    if (hypervisor && device.dma_address_bits < 64)
      c.child("devices")
          .child(device_name)
          .fail("dma_address_bits", "a virtual platform's devices are the host's; a guest's swiotlb is not modelled: leave it at 64");
    if (device.iommu.present() && device.dma_address_bits < 64)
      c.child("devices")
          .child(device_name)
          .fail_among({"dma_address_bits", "iommu"},
                      "a device behind an IOMMU reaches every buffer through it (dma-iommu maps the pages at addresses its mask reaches, and never bounces): "
                      "give it one or the other");
    const std::uint64_t page = device.iommu.page_bytes;
    if ((page & (page - 1)) != 0)
      c.child("devices").child(device_name).child("iommu").fail("page_bytes", "expected a power of two, got " + std::to_string(page));
  }
  for (const auto& [device_name, device] : devices) {
    if (device.cache.size == 0) continue;
    // Fully coherent, its cache would hold lines the CPU must snoop to read
    // them: the CPU snooping a device's cache is not modelled.
    if (device.coherence == DeviceCoherence::full) {
      c.child("devices")
          .child(device_name)
          .fail_among({"coherence", "cache"},
                      "a fully coherent device with a cache of its own would need the CPU to snoop that cache, which "
                      "cohsim does not model; give it io coherence (the CPU sees its writes at the end of each job) or "
                      "no cache");
    }
    const Checker at = c.child("devices").child(device_name).child("cache");
    const std::uint64_t way_bytes = std::uint64_t{device.cache.ways} * line_bytes;
    if (device.cache.size % way_bytes != 0) {
      at.fail_among({"ways", "size"}, std::to_string(device.cache.ways) + " ways of " + std::to_string(line_bytes) + "-byte lines do not divide the size of " +
                                          std::to_string(device.cache.size) + " bytes");
    }
    check_cache_lines(at, device.cache.size, line_bytes);
  }
  for (const auto& [cache_name, cache] : caches) {
    const Checker at = c.child("caches").child(cache_name);
    const std::uint64_t way_bytes = std::uint64_t{cache.ways} * line_bytes;
    if (cache.size % way_bytes != 0) {
      at.fail_among({"ways", "size"}, std::to_string(cache.ways) + " ways of " + std::to_string(line_bytes) + "-byte lines (" + std::to_string(way_bytes) +
                                          " bytes per set) do not divide the size of " + std::to_string(cache.size) + " bytes (" +
                                          format_byte_size(cache.size) + ")");
    }
    check_cache_lines(at, cache.size, line_bytes);
    if (cache.prefetch.kind != PrefetchKind::none && cache.inclusion == Inclusion::exclusive)
      at.child("prefetch")
          .fail("kind", "an exclusive cache is filled by the victims of the level above, not by fetches from below: it cannot have a prefetcher");
  }
}

std::optional<DeviceMemory> device_memory(const PlatformConfig& p) {
  for (const auto& [name, device] : p.devices) {
    if (device.local_memory.empty()) continue;
    const auto it = p.memories.find(device.local_memory);
    if (it != p.memories.end() && it->second.window) return DeviceMemory{it->first, *it->second.window};
  }
  return std::nullopt;
}

void make_last_level_snooped(PlatformConfig& p) {
  for (auto& [fabric_name, fabric] : p.fabrics) {
    if (!fabric.snoop_cache.empty()) continue;
    for (const auto& [cache_name, cache] : p.caches)
      if (cache.downstream.to == fabric_name) fabric.snoop_cache = cache_name;  // the level right above it
  }
}

void add_host_copy_engine(PlatformConfig& p) {
  if (!p.hypervisor) return;
  // The host copies with a CPU thread, coherent with the guest's caches as
  // the host's cores are with each other: a coherent port on the fabric
  // below the CPU's last cache, which snoops that cache.
  make_last_level_snooped(p);
  std::string fabric;
  for (const auto& [cache_name, cache] : p.caches)
    if (p.fabrics.count(cache.downstream.to) != 0) fabric = cache.downstream.to;
  const HostCopyConfig& hc = p.hypervisor->host_copy;
  DeviceConfig engine;
  engine.role = DeviceRole::dma;
  engine.clock_ghz = hc.clock_ghz;
  engine.mlp = hc.mlp;
  engine.coherence = DeviceCoherence::io;
  engine.downstream = LinkConfig{fabric, 0, 2 * hc.bandwidth_gbps};  // each byte copied crosses it twice: read, then write
  p.devices[kHostCopyDevice] = engine;
}

PlatformConfig read_resolved_platform(const json& resolved, const Blame& blame) {
  json document = resolved;
  const bool virtual_platform = document.contains("hypervisor") && !document.at("hypervisor").is_null();
  if (virtual_platform && document.contains("devices")) document["devices"].erase(kHostCopyDevice);
  PlatformConfig config = read_document<PlatformConfig>(document, blame);
  add_host_copy_engine(config);
  return config;
}

}  // namespace cohsim::config
