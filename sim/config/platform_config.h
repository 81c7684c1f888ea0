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

#include "models/cache/params.h"
#include "models/cpu/params.h"
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

struct CacheConfig {
  unsigned level = 1;
  std::uint64_t size = 0;
  unsigned ways = 0;
  unsigned latency_cycles = 0;
  Inclusion inclusion = Inclusion::non_inclusive;
  FullLineWrite full_line_write_miss = FullLineWrite::fetch;
  PrefetchConfig prefetch;
  unsigned mshrs = 0;
  LinkConfig downstream;

  template <class V>
  void describe(V& v) {
    v("level", level, {.doc = "1 for L1; each cache below another is one level further", .min = 1, .max = 8, .required = true});
    v("size", size, {.doc = "capacity", .unit = "bytes", .min = 1, .max = 1ull << 40, .required = true});
    v("ways", ways, {.doc = "associativity; ways x line size must divide the size", .min = 1, .max = 1024, .required = true});
    v("latency_cycles", latency_cycles,
      {.doc = "core cycles a lookup adds on top of the levels above (load-to-use latency of a hit here = sum down to this level)",
       .unit = "cycles",
       .max = 1e6,
       .required = true});
    v("inclusion", inclusion, {.doc = "relation to the caches above: inclusive (evictions back-invalidate), non-inclusive, exclusive (victim cache)"});
    v("full_line_write_miss", full_line_write_miss,
      {.doc = "a store miss covering a whole line: fetch (read for ownership), allocate (no fetch; DineroIV, x86 fast strings) or stream (pass it to the level "
              "below without allocating; Cortex-A76 write streaming)"});
    v("prefetch", prefetch, {.doc = "the hardware prefetcher that fills this cache (docs/models.md, \"Hardware prefetch\"); not on an exclusive cache"});
    v("mshrs", mshrs,
      {.doc = "fetches from the level below in flight at once, demand misses and prefetches alike (miss status holding registers: Intel's "
              "superqueue behind the L2); a demand miss waits for one, a prefetch is dropped; 0: no limit (the L1's are the core's `mlp`)",
       .max = 4096});
    v("downstream", downstream, {.doc = "the next cache level or the fabric", .required = true});
  }
};

struct FabricConfig {
  std::string snoop_cache;
  double snoop_latency_ns = 0;
  LinkConfig downstream;

  template <class V>
  void describe(V& v) {
    v("snoop_cache", snoop_cache,
      {.doc = "cache that coherent devices snoop (the LLC; the caches above it are looked up through it); empty: no device is coherent"});
    v("snoop_latency_ns", snoop_latency_ns, {.doc = "time a snoop lookup adds", .unit = "ns", .min = 0, .max = 1e6});

    v("downstream", downstream, {.doc = "the memory", .required = true});
  }
};

struct DeviceCacheConfig {
  std::uint64_t size = 0;
  unsigned ways = 16;
  unsigned latency_cycles = 20;

  template <class V>
  void describe(V& v) {
    v("size", size, {.doc = "capacity; 0: the device has no cache of its own", .unit = "bytes", .max = 1ull << 36});
    v("ways", ways, {.doc = "associativity; ways x line size must divide the size", .min = 1, .max = 1024});
    v("latency_cycles", latency_cycles, {.doc = "device cycles a lookup takes", .unit = "cycles", .max = 1e6});
  }
};

enum class DeviceRole { gpu, display, camera, video_decoder, dma };

struct DeviceConfig {
  DeviceRole role = DeviceRole::dma;
  double clock_ghz = 1.0;
  unsigned mlp = 32;
  bool coherent = false;
  bool writes_allocate = false;
  double refresh_hz = 0;
  DeviceCacheConfig cache;
  LinkConfig downstream;

  template <class V>
  void describe(V& v) {
    v("role", role, {.doc = "what the device is (labels and defaults in workloads)"});
    v("clock_ghz", clock_ghz, {.doc = "device clock; it issues one line per cycle", .unit = "GHz", .min = 0.001, .max = 100});
    v("mlp", mlp, {.doc = "line requests the device keeps in flight", .min = 1, .max = 65536});
    v("coherent", coherent, {.doc = "accesses snoop the CPU caches through the fabric's snoop cache (IO-coherent port)"});
    v("writes_allocate", writes_allocate,
      {.doc = "a coherent device's whole-line writes allocate in the fabric's snoop cache (dirty) instead of going to memory, so the CPU's next read hits "
              "there: an Intel integrated GPU shares the LLC with the cores; false: they go to memory and drop the cached copies (an IO-coherent port)"});
    v("cache", cache,
      {.doc = "a cache of the device's own (a GPU's L2): write-back, written back when the device signals a fence (job end) and emptied when it waits on one "
              "(job start)"});
    v("refresh_hz", refresh_hz,
      {.doc = "a display engine's refresh rate: it scans out its front buffer at every vsync (trace `present` flips it); 0: a present scans out once",
       .unit = "Hz",
       .min = 0,
       .max = 1000});
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
struct EnumNames<DeviceRole> {
  static constexpr std::array<std::pair<DeviceRole, std::string_view>, 5> values{{{DeviceRole::gpu, "gpu"},
                                                                                  {DeviceRole::display, "display"},
                                                                                  {DeviceRole::camera, "camera"},
                                                                                  {DeviceRole::video_decoder, "video-decoder"},
                                                                                  {DeviceRole::dma, "dma"}}};
};
}  // namespace cohsim::config
