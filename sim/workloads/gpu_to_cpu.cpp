// gpu-to-cpu: the GPU renders into a linear buffer and the CPU reads it back
// (glReadPixels, screenshots, a software encoder). Per frame: the GPU waits
// until the CPU released the buffer, renders every pixel and signals; the CPU
// waits, syncs start (read), reads every pixel, syncs end (read), releases.
#include "sim/workloads/common.h"
#include "sim/workloads/generated_trace.h"
#include "sim/workloads/workloads.h"

namespace cohsim::workloads {
namespace {

struct ReadbackParams : FrameParams {
  std::uint32_t buffers = 2;
  double cycles_per_pixel = 1;
  std::string gpu = "gpu";

  ReadbackParams() { fps = 0; }
  template <class V>
  void describe(V& v) {
    FrameParams::describe(v);
    v("buffers", buffers, {.doc = "render targets the GPU cycles through", .min = 1, .max = 16});
    v("cycles_per_pixel", cycles_per_pixel, {.doc = "core cycles the CPU computes per pixel read back", .unit = "cycles", .min = 0, .max = 1e6});
    v("gpu", gpu, {.doc = "the device that renders", .min = 1});
  }
  void check(const config::Checker& c) const { check_frame(c); }
};

class GpuToCpu final : public GeneratedTrace {
 public:
  explicit GpuToCpu(const ReadbackParams& p) : GeneratedTrace("gpu-to-cpu"), p_(p) { set_total_steps(p.frames + 1); }

 private:
  // Fences: 2f the GPU rendered frame f; 2f+1 the CPU released it.
  bool produce(std::uint64_t step) override {
    if (step == 0) {
      gpu_ = device(p_.gpu);
      for (std::uint32_t i = 0; i < p_.buffers; ++i) {
        bufs_.push_back(buffer("rt" + std::to_string(i), p_.width, p_.height, p_.pixel_format(), p_.buffer_layout()));
        import(bufs_.back(), gpu_);
        mmap(bufs_.back());
      }
      return p_.frames > 0;
    }
    const std::uint64_t f = step - 1;
    const std::uint32_t b = bufs_[f % p_.buffers];
    if (f >= p_.buffers) wait(gpu_, 2 * (f - p_.buffers) + 1);
    dma(gpu_, Access::write, b);
    signal(gpu_, 2 * f);
    wait(kCpuAgent, 2 * f);
    sync(b, true, Access::read);
    cpu(Access::read, b);
    compute(static_cast<std::uint64_t>(p_.cycles_per_pixel * p_.width * p_.height));
    sync(b, false, Access::read);
    signal(kCpuAgent, 2 * f + 1);
    frame(p_.start_ns(f + 1));
    return f + 1 < p_.frames;
  }

  ReadbackParams p_;
  std::uint32_t gpu_ = 0;
  std::vector<std::uint32_t> bufs_;
};

}  // namespace

const GeneratorEntry& gpu_to_cpu() {
  static const GeneratorEntry entry = make_entry<ReadbackParams, GpuToCpu>("gpu-to-cpu");
  return entry;
}

}  // namespace cohsim::workloads
