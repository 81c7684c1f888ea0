#pragma once
// The buffer-sharing side of a replay: turns the trace's buffer operations
// (allocate, import, mmap, DMA_BUF_IOCTL_SYNC, CPU and device access to
// rectangles, damage, fences, frames) into work for the exporter, the core and
// the devices, under one coherency policy. Stale lines are attributed to
// buffers, frames and pixels by its StaleAttribution.
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "models/cpu/core_driver.h"
#include "models/exporter/dmabuf_exporter.h"
#include "sim/platform/elaborate.h"
#include "sim/sharing/stale_attribution.h"
#include "sim/trace/trace_op.h"

namespace cohsim {

struct SessionParams {
  ExporterConfig exporter;  // the scenario's `exporter` section
  // The oracle's speculative-fill mode: before a device that does not snoop
  // writes a line of a buffer the CPU maps cacheable, the core may have
  // filled that line (simulation.speculative_fills).
  bool speculative_fills = false;
  ApertureConfig aperture;
  SwiotlbConfig swiotlb;                  // the platform's, for devices that cannot reach the buffers
  std::uint64_t device_memory_base = 0;   // a discrete GPU's VRAM: its first address (0: the platform has none) ...
  std::uint64_t device_memory_bytes = 0;  // ... and its size
  std::size_t max_stale_records = 10000;
};

class SharingSession {
 public:
  SharingSession(ElaboratedPlatform& platform, CoreDriver& core, const CoherencyPolicy& policy, TraceSource& source, const SessionParams& params);

  // Handles one buffer-sharing operation (or a device operation by address).
  void apply(const TraceOp& op);
  // Waits for every device to finish its queue; returns the latest device time.
  Tick drain_devices();

  // frames, dirtied bytes, damage, buffers, stale records.
  nlohmann::json report() const;
  std::uint64_t frames() const { return frames_; }

 private:
  DmaAgent& device(std::uint32_t index);
  std::uint32_t buffer(std::uint32_t trace_index) const;
  void allocate(const trace::BufferAlloc& a);
  void import(const trace::Import& i);
  void close(const trace::Close& c);
  void iommu_work(Tick t, const std::string& what);
  void sync(const trace::Sync& s, const std::vector<Rect>& rects);
  void cpu_access(const trace::CpuAccess& a, const std::vector<Rect>& rects);
  void dma_access(const trace::DmaAccess& a, const std::vector<Rect>& rects);
  void present(const trace::Present& p);
  void count_damage(const trace::Damage& d, const std::vector<Rect>& rects);
  void fence(const trace::Fence& f);  // a dma-fence signal or wait, by the core or a device
  void frame(const trace::Frame& f);
  void device_job(const trace::DeviceJob& j);
  // The bytes a device reads of a buffer: on a virtual platform, the host's
  // surface, after the guest had its chance to send updates.
  ByteRanges device_reads(std::uint32_t buffer, const std::vector<PixelRect>& rects, DmaAgent& device);
  // simulation.speculative_fills: the core fills the lines a non-snooping
  // device is about to write, from memory, wherever it maps them cacheable.
  void fill_speculatively(const SharedBuffer& b, const ByteRanges& ranges);

  ElaboratedPlatform& platform_;
  CoreDriver& core_;
  TraceSource& source_;
  SessionParams params_;
  std::unique_ptr<HostTransport> host_;  // a virtual platform's way to the host (null: native)
  std::unique_ptr<Swiotlb> swiotlb_;     // bounce buffers (null: every device's DMA mask is 64 bits)
  DmaBufExporter exporter_;
  std::vector<DmaAgent*> devices_;                 // by the source's device index
  std::vector<std::uint32_t> buffers_;             // the source's buffer index -> exporter's
  std::vector<std::vector<DmaAgent*>> importers_;  // the source's buffer index -> the devices that mapped it
  std::uint64_t frames_ = 0;
  Tick frame_start_ = 0;  // where the current frame began, for the timeline
  std::uint64_t dirtied_lines_ = 0;
  std::uint64_t speculative_fills_ = 0;
  std::uint64_t damage_rects_ = 0, damaged_pixels_ = 0;

  StaleAttribution stale_;  // after exporter_ and frames_, which it reads
};

}  // namespace cohsim
