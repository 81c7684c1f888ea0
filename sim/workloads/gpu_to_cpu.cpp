// gpu-to-cpu: the GPU renders into a buffer and the CPU reads it back
// (glReadPixels, screenshots, a software encoder): DeviceToCpu with the GPU
// as the writer, back to back by default.
#include "sim/workloads/device_to_cpu.h"
#include "sim/workloads/workloads.h"

namespace cohsim::workloads {
namespace {

struct ReadbackParams : FrameParams, CpuReadParams {
  std::uint32_t buffers = 2;
  double cycles_per_pixel = 1;
  std::string gpu = "gpu";

  ReadbackParams() { fps = 0; }
  template <class V>
  void describe(V& v) {
    FrameParams::describe(v);
    CpuReadParams::describe(v);
    v("buffers", buffers, {.doc = "render targets the GPU cycles through", .min = 1, .max = 16});
    v("cycles_per_pixel", cycles_per_pixel, {.doc = "core cycles the CPU computes per pixel read back", .unit = "cycles", .min = 0, .max = 1e6});
    v("gpu", gpu, {.doc = "the device that renders", .min = 1});
  }
  void check(const config::Checker& c) const {
    check_frame(c);
    check_read(c);
  }
};

class GpuToCpu final : public DeviceToCpu {
 public:
  explicit GpuToCpu(const ReadbackParams& p)
      : DeviceToCpu("gpu-to-cpu", {&p_, p.buffers, p.cycles_per_pixel, p.gpu, "rt", p.read_shape()}),
        p_(p) {}

 private:
  ReadbackParams p_;
};

const GeneratorRegistration kRegistered{3, make_entry<ReadbackParams, GpuToCpu>("gpu-to-cpu", "a GPU renders (tiled) frames that the CPU reads back")};
}  // namespace

}  // namespace cohsim::workloads
