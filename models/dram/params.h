#pragma once
// A memory's settings as a platform's `memories.NAME` names them (the key in
// JSON is the name here; sim/config reads and documents them through
// describe(), whose field options it supplies): the one place of their
// defaults. DramParams (dram.h) adds what elaboration derives.

#include <cstdint>
#include <optional>

namespace cohsim {

// Where a memory other than the system's sits in the physical address map
// (a discrete GPU's VRAM behind its BAR): fabrics reach it by a route, and
// buffers placed there take their addresses from it.
struct MemoryWindowConfig {
  unsigned base_gib = 0;
  unsigned size_gib = 0;

  template <class V>
  void describe(V& v) {
    v("base_gib", base_gib, {.doc = "first address of the window", .unit = "GiB", .min = 64, .max = 1u << 20, .required = true});
    v("size_gib", size_gib, {.doc = "its size", .unit = "GiB", .min = 1, .max = 1u << 16, .required = true});
  }
  std::uint64_t base() const { return std::uint64_t{base_gib} << 30; }
  std::uint64_t end() const { return base() + (std::uint64_t{size_gib} << 30); }
};

struct MemoryConfig {
  double latency_ns = 80;
  double bandwidth_gbps = 25.6;
  unsigned burst_bytes = 64;
  std::optional<MemoryWindowConfig> window;

  template <class V>
  void describe(V& v) {
    v("latency_ns", latency_ns,
      {.doc = "unloaded access latency at the memory (the CPU's load-to-use adds the cache and link latencies)",
       .unit = "ns",
       .min = 0,
       .max = 1e6,
       .required = true});
    v("bandwidth_gbps", bandwidth_gbps, {.doc = "peak bandwidth shared by every agent", .unit = "GB/s", .min = 0.001, .max = 1e5, .required = true});
    v("burst_bytes", burst_bytes,
      {.doc = "the smallest transfer: a shorter access (a UC store, a plain WC load) occupies a whole burst (DDR4: BL8 on a 64-bit channel = 64 B, JESD79-4; "
              "DDR5: BL16 on a 32-bit subchannel = 64 B, JESD79-5; LPDDR4/4X: BL16 on a 16-bit channel = 32 B, JESD209-4)",
       .unit = "bytes",
       .min = 1,
       .max = 4096});
    v("window", window,
      {.doc = "makes this a memory apart from the system's (a discrete GPU's VRAM): the physical addresses it holds, which fabrics reach through a "
              "`routes` link; without one, the memory holds every address outside the windows (at most one such memory per platform)"});
  }
};

}  // namespace cohsim
