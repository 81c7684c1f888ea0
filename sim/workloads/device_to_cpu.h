#pragma once
// The shape camera-to-cpu and gpu-to-cpu share: a device writes every pixel
// of a ring of buffers and the CPU reads each back. Per frame: the device
// waits until the CPU released the buffer, writes it and signals; the CPU
// waits, syncs start (read), reads every pixel, computes, syncs end (read)
// and releases the buffer.
#include <string>
#include <vector>

#include "sim/workloads/common.h"
#include "sim/workloads/generated_trace.h"

namespace cohsim::workloads {

struct DeviceToCpuShape {
  const FrameParams* frames = nullptr;
  std::uint32_t buffers = 1;
  double cycles_per_pixel = 0;
  std::string device;         // the writer
  std::string buffer_prefix;  // buffer names: prefix + index
  LoadShape load;             // the CPU's loads when it reads a frame
};

class DeviceToCpu : public GeneratedTrace {
 public:
  // `shape.frames` may point into the derived object, not yet built: it is
  // read only from the first step on.
  DeviceToCpu(std::string name, const DeviceToCpuShape& shape)
      : GeneratedTrace(std::move(name)),
        s_(shape) {}

 private:
  // Fences: 2f the device wrote frame f; 2f+1 the CPU released it.
  bool produce(std::uint64_t step) override {
    const FrameParams& p = *s_.frames;
    if (step == 0) {
      set_total_steps(p.frames + 1);
      device_ = device(s_.device);
      for (std::uint32_t i = 0; i < s_.buffers; ++i) {
        bufs_.push_back(buffer(s_.buffer_prefix + std::to_string(i), p.width, p.height, p.pixel_format(), p.buffer_layout()));
        import(bufs_.back(), device_);
        mmap(bufs_.back());
      }
      return p.frames > 0;
    }
    const std::uint64_t f = step - 1;
    const std::uint32_t b = bufs_[f % s_.buffers];
    if (f >= s_.buffers) wait(device_, 2 * (f - s_.buffers) + 1);
    dma(device_, Access::write, b);
    signal(device_, 2 * f);
    wait(kCpuAgent, 2 * f);
    sync(b, true, Access::read);
    cpu(Access::read, b, {}, s_.load);
    compute(static_cast<std::uint64_t>(s_.cycles_per_pixel * p.width * p.height));
    sync(b, false, Access::read);
    signal(kCpuAgent, 2 * f + 1);
    frame(p.start_ns(f + 1));
    return f + 1 < p.frames;
  }

  DeviceToCpuShape s_;
  std::uint32_t device_ = 0;
  std::vector<std::uint32_t> bufs_;
};

}  // namespace cohsim::workloads
