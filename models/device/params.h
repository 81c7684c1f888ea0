#pragma once
// The settings of a device that moves data by DMA (a GPU, a display engine,
// a camera, a DMA engine), as a platform's `devices.NAME` section names them
// (the key in JSON is the name here; sim/config adds the link to the fabric
// and supplies the field options): the one place of their defaults.
// DmaParams (dma_agent.h) adds what elaboration derives.
#include <cstdint>

namespace cohsim {

enum class DeviceRole { gpu, display, camera, video_decoder, dma };

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

struct DmaDeviceConfig {
  DeviceRole role = DeviceRole::dma;
  double clock_ghz = 1.0;
  unsigned mlp = 32;
  bool coherent = false;
  bool writes_allocate = false;
  double refresh_hz = 0;
  DeviceCacheConfig cache;

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
  }
};

}  // namespace cohsim
