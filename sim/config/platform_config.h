#pragma once
// A platform as JSON: named components in five sections, each component
// naming the one it sends its requests to ("downstream", a link with latency
// and bandwidth). Presets live in scenarios/platforms/; a scenario may
// override any field (JSON merge patch). Every key here is documented once, in
// describe(), which also drives the JSON Schema and docs/config-reference.md.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/cache/params.h"
#include "models/cpu/params.h"
#include "models/device/params.h"
#include "models/dram/params.h"
#include "models/exporter/params.h"
#include "models/virt/params.h"
#include "sim/config/fields.h"

namespace cohsim::config {

struct LinkConfig {
  std::string to;
  double latency_ns = 0;
  double bandwidth_gbps = 0;

  template <class V>
  void describe(V& v) {
    v("to", to, {.doc = "name of the component requests go to", .min = 1, .required = true});
    v("latency_ns", latency_ns, {.doc = "latency added when crossing this link", .unit = "ns", .min = 0, .max = 1e6});
    v("bandwidth_gbps", bandwidth_gbps, {.doc = "link bandwidth; 0 means unlimited", .unit = "GB/s", .min = 0, .max = 1e5});
  }
};

struct CpuConfig : CpuCoreConfig {
  LinkConfig downstream;

  template <class V>
  void describe(V& v) {
    CpuCoreConfig::describe(v);
    v("downstream", downstream, {.doc = "the first-level data cache", .required = true});
  }
};

// A cache level in the platform: its settings (models/cache/params.h) and
// the link to the level below.
struct CacheConfig : CacheLevelConfig {
  LinkConfig downstream;

  template <class V>
  void describe(V& v) {
    CacheLevelConfig::describe(v);
    v("downstream", downstream, {.doc = "the next cache level or the fabric", .required = true});
  }
};

struct FabricConfig {
  std::string snoop_cache;
  double snoop_latency_ns = 0;
  LinkConfig downstream;
  std::vector<LinkConfig> routes;

  template <class V>
  void describe(V& v) {
    v("snoop_cache", snoop_cache,
      {.doc = "cache that coherent devices, and the core's own WC/UC accesses where it self-snoops (uncached.snoops_caches), look up (the LLC; the caches "
              "above it are looked up through it); empty: no device is coherent and the core does not self-snoop"});
    v("snoop_latency_ns", snoop_latency_ns, {.doc = "time a snoop lookup adds", .unit = "ns", .min = 0, .max = 1e6});

    v("downstream", downstream,
      {.doc = "where requests go unless a route claims their address: the memory, or a fabric nearer to it (a discrete GPU's own fabric sends "
              "system-memory requests over PCIe to the host's)",
       .required = true});
    v("routes", routes,
      {.doc = "links to memories with a `window` (a discrete GPU's VRAM): a request to an address in a route's window crosses that link to that "
              "memory instead of going downstream, and no cache is snooped for it (nothing caches a BAR: the CPU maps it write-combined)"});
  }
};

// A device in the platform: its settings (models/device/params.h) and the
// link to the fabric.
struct DeviceConfig : DmaDeviceConfig {
  LinkConfig downstream;

  template <class V>
  void describe(V& v) {
    DmaDeviceConfig::describe(v);
    v("downstream", downstream, {.doc = "the fabric", .required = true});
  }
};

inline constexpr const char* kHostCopyDevice = "host_copy";

struct PlatformConfig {
  std::string name;
  std::string description;
  unsigned line_bytes = 64;
  std::map<std::string, CpuConfig> cpus;
  std::map<std::string, CacheConfig> caches;
  std::map<std::string, FabricConfig> fabrics;
  std::map<std::string, MemoryConfig> memories;
  std::map<std::string, DeviceConfig> devices;
  ApertureConfig aperture;
  SwiotlbConfig swiotlb;
  std::string extends;
  std::string host;
  std::optional<HypervisorConfig> hypervisor;
  std::map<std::string, std::string> sources;

  template <class V>
  void describe(V& v) {
    v("name", name, {.doc = "preset name", .min = 1, .required = true});
    v("description", description, {.doc = "one line for `cohsim platforms`"});
    v("line_bytes", line_bytes, {.doc = "cache line size of every cache (a power of two)", .unit = "bytes", .min = 16, .max = 4096});
    v("cpus", cpus, {.doc = "the core (one per platform for now)", .required = true});
    v("caches", caches, {.doc = "CPU caches by name", .required = true});
    v("fabrics", fabrics, {.doc = "interconnects by name", .required = true});
    v("memories", memories, {.doc = "memories by name", .required = true});
    v("devices", devices, {.doc = "DMA-mastering devices by name (GPU, display, camera, ...)"});
    v("aperture", aperture, {.doc = "a detiling aperture through which the CPU sees X- and Y-tiled buffers as linear"});
    v("swiotlb", swiotlb,
      {.doc = "the kernel's bounce-buffer pool, for devices whose dma_address_bits do not reach the buffers (docs/platforms.md, \"swiotlb bounce buffers\")"});
    v("extends", extends,
      {.doc = "a native preset this one is a variant of (x86-dgpu: x86-llc's core with a discrete GPU): that preset is the base, its sources included, "
              "and this document patches it (a null removes a component)"});
    v("host", host,
      {.doc = "a virtual platform: the preset its guest runs on; that preset is the base and this document patches it (a scenario's override may name another "
              "host)"});
    v("hypervisor", hypervisor,
      {.doc = "makes the platform virtual: the guest's buffers reach the host's surfaces through exits and copies. The elaborated platform gets a coherent "
              "`host_copy` device on the CPU's fabric"});
    v("sources", sources,
      {.doc = "where each value comes from, by JSON pointer (\"/cpus/cpu0/clock_ghz\": a datasheet, a review, a commit, or `cohsim calibrate` and how it "
              "measured it)"});
  }
  void check(const Checker& c) const;
};

// The memory devices are local to (a discrete GPU's VRAM, at most one per
// platform: the graph checks it) and its window; nothing when none is.
struct DeviceMemory {
  std::string name;
  MemoryWindowConfig window;
};
std::optional<DeviceMemory> device_memory(const PlatformConfig& p);

// Every fabric without a snoop cache snoops the CPU cache level right above it.
void make_last_level_snooped(PlatformConfig& p);
// A virtual platform's host copy engine becomes the device `host_copy`.
void add_host_copy_engine(PlatformConfig& p);

// Reads back a platform as a results file holds it (resolved, with the host
// copy engine already added): for reports.
PlatformConfig read_resolved_platform(const json& resolved, const Blame& blame);

}  // namespace cohsim::config

namespace cohsim::config {
template <>
struct EnumNames<Inclusion> {
  static constexpr std::array<std::pair<Inclusion, std::string_view>, 3> values{
      {{Inclusion::inclusive, "inclusive"}, {Inclusion::non_inclusive, "non-inclusive"}, {Inclusion::exclusive, "exclusive"}}};
};
template <>
struct EnumNames<PrefetchKind> {
  static constexpr std::array<std::pair<PrefetchKind, std::string_view>, 3> values{
      {{PrefetchKind::none, "none"}, {PrefetchKind::next_line, "next-line"}, {PrefetchKind::stream, "stream"}}};
};
template <>
struct EnumNames<FullLineWrite> {
  static constexpr std::array<std::pair<FullLineWrite, std::string_view>, 3> values{
      {{FullLineWrite::fetch, "fetch"}, {FullLineWrite::allocate, "allocate"}, {FullLineWrite::stream, "stream"}}};
};
template <>
struct EnumNames<MaintenanceRules> {
  static constexpr std::array<std::pair<MaintenanceRules, std::string_view>, 2> values{{{MaintenanceRules::arm64, "arm64"}, {MaintenanceRules::x86, "x86"}}};
};
template <>
struct EnumNames<Mapping> {
  static constexpr std::array<std::pair<Mapping, std::string_view>, 3> values{{{Mapping::wb, "wb"}, {Mapping::wc, "wc"}, {Mapping::uc, "uc"}}};
};
template <>
struct EnumNames<VirtualGpu> {
  static constexpr std::array<std::pair<VirtualGpu, std::string_view>, 2> values{{{VirtualGpu::vmwgfx, "vmwgfx"}, {VirtualGpu::virtio_gpu, "virtio-gpu"}}};
};
template <>
struct EnumNames<DeviceCoherence> {
  static constexpr std::array<std::pair<DeviceCoherence, std::string_view>, 4> values{
      {{DeviceCoherence::none, "none"}, {DeviceCoherence::io_reads, "io-reads"}, {DeviceCoherence::io, "io"}, {DeviceCoherence::full, "full"}}};
};

template <>
struct EnumNames<DeviceRole> {
  static constexpr std::array<std::pair<DeviceRole, std::string_view>, 5> values{{{DeviceRole::gpu, "gpu"},
                                                                                  {DeviceRole::display, "display"},
                                                                                  {DeviceRole::camera, "camera"},
                                                                                  {DeviceRole::video_decoder, "video-decoder"},
                                                                                  {DeviceRole::dma, "dma"}}};
};
}  // namespace cohsim::config
