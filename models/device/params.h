#pragma once
// The settings of a device that moves data by DMA (a GPU, a display engine,
// a camera, a DMA engine), as a platform's `devices.NAME` section names them
// (the key in JSON is the name here; sim/config adds the link to the fabric
// and supplies the field options): the one place of their defaults.
// DmaParams (dma_agent.h) adds what elaboration derives.
#include <cstdint>
#include <string>

namespace cohsim {

enum class DeviceRole { gpu, display, camera, video_decoder, dma };

// How a device's port takes part in the CPU caches' coherence
// (docs/platforms.md, "Coherence kinds"):
//  - none: its reads and writes go to memory; the kernel maintains the CPU
//    caches for it (no dma-coherent in the device tree);
//  - io_reads: its reads snoop the CPU caches, its writes go to memory and
//    leave the CPU's copies in place (so the CPU must still invalidate: the
//    kernel treats it as not coherent);
//  - io: its reads snoop, its whole-line writes go to memory and drop the
//    CPU's copies (a one-way IO-coherent port, ACE-Lite: dma-coherent);
//  - full: as io, but its writes allocate in the cache it shares with the
//    cores (an Intel integrated GPU and the LLC).
enum class DeviceCoherence : std::uint8_t { none, io_reads, io, full };
inline bool snoops_reads(DeviceCoherence c) { return c != DeviceCoherence::none; }
inline bool snoops_writes(DeviceCoherence c) { return c == DeviceCoherence::io || c == DeviceCoherence::full; }
// What the kernel's dev_is_dma_coherent() says: no maintenance for it.
inline bool dma_coherent(DeviceCoherence c) { return snoops_writes(c); }

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

// An IOMMU in front of the device (an Arm SMMU's TBU, Intel VT-d): the
// device's requests carry I/O virtual addresses that a translation cache
// (the IOTLB) or a page-table walk turns into physical ones, and the kernel
// maps a dma-buf's pages into the device's address space when an importer
// maps its attachment (dma_buf_map_attachment -> dma_map_sgtable ->
// iommu_dma_map_sg) and unmaps them when it lets go.
struct DeviceIommuConfig {
  unsigned iotlb_entries = 0;
  std::uint64_t page_bytes = 4096;
  double walk_ns = 0;
  double map_ns_per_page = 0;
  double unmap_ns_per_page = 0;

  bool present() const { return iotlb_entries > 0; }

  template <class V>
  void describe(V& v) {
    v("iotlb_entries", iotlb_entries,
      {.doc = "translations the IOTLB holds (fully associative, least recently used out); 0: the device has no IOMMU", .max = 1u << 20});
    v("page_bytes", page_bytes,
      {.doc = "the IOMMU page each translation covers (4 KiB pages; 2 MiB where the kernel maps huge pages)", .unit = "bytes", .min = 4096, .max = 1ull << 30});
    v("walk_ns", walk_ns, {.doc = "what a request to a page the IOTLB lacks waits for its page-table walk", .unit = "ns", .max = 1e6});
    v("map_ns_per_page", map_ns_per_page,
      {.doc = "CPU time to map one page for the device when it maps a dma-buf's attachment (trace `import`)", .unit = "ns", .max = 1e6});
    v("unmap_ns_per_page", unmap_ns_per_page,
      {.doc = "CPU time to unmap one page, with its IOTLB invalidation, when the buffer is closed", .unit = "ns", .max = 1e6});
  }
};

struct DmaDeviceConfig {
  DeviceRole role = DeviceRole::dma;
  double clock_ghz = 1.0;
  unsigned mlp = 32;
  DeviceCoherence coherence = DeviceCoherence::none;
  double refresh_hz = 0;
  unsigned dma_address_bits = 64;
  std::string local_memory;
  DeviceCacheConfig cache;
  DeviceIommuConfig iommu;

  template <class V>
  void describe(V& v) {
    v("role", role, {.doc = "what the device is (labels and defaults in workloads)"});
    v("clock_ghz", clock_ghz, {.doc = "device clock; it issues one line per cycle", .unit = "GHz", .min = 0.001, .max = 100});
    v("mlp", mlp, {.doc = "line requests the device keeps in flight", .min = 1, .max = 65536});
    v("coherence", coherence,
      {.doc = "how its port takes part in the CPU caches' coherence: none (reads and writes go to memory; the kernel maintains the caches for it), "
              "io-reads (reads snoop the CPU caches, writes go to memory and leave the CPU's copies stale: the kernel still maintains), io (reads "
              "snoop, whole-line writes drop the CPU's copies: a one-way IO-coherent port, dma-coherent), full (as io, but writes allocate, dirty, "
              "in the cache shared with the cores: an Intel integrated GPU and the LLC)"});
    v("cache", cache,
      {.doc = "a cache of the device's own (a GPU's L2): write-back, written back when the device signals a fence (job end) and emptied when it waits on one "
              "(job start)"});
    v("iommu", iommu,
      {.doc = "an IOMMU between the device and the fabric (docs/platforms.md, \"IOMMUs\"): an IOTLB whose misses wait for a page walk, and the CPU's "
              "cost to map and unmap a buffer's pages for the device"});
    v("dma_address_bits", dma_address_bits,
      {.doc = "the device's DMA mask: the physical addresses it reaches (30 on a Raspberry Pi 4's devices, which see the first GiB). cohsim places "
              "shared buffers above 4 GiB, so a device with 32 bits or fewer has every buffer it imports bounced through the platform's swiotlb "
              "pool (docs/platforms.md)",
       .unit = "bits",
       .min = 30,
       .max = 64});
    v("local_memory", local_memory,
      {.doc = "a memory the device sits beside (a discrete GPU's VRAM, a memory with a `window`): its fabric reaches it by a route of its own; buffers "
              "there (exporter amdgpu-vram) may be imported only by devices local to it, and a display local to it scans out of it only "
              "(docs/platforms.md, \"x86-dgpu's VRAM\")"});
    v("refresh_hz", refresh_hz,
      {.doc = "a display engine's refresh rate: it scans out its front buffer at every vsync (trace `present` flips it); 0: a present scans out once",
       .unit = "Hz",
       .min = 0,
       .max = 1000});
  }
};

}  // namespace cohsim
