// camera-to-cpu: a camera (or video decoder) writes frames into a ring of
// buffers; the CPU reads each one (a filter, an encoder in software). Per
// frame: the camera waits until the CPU released the buffer, writes it and
// signals; the CPU waits, syncs start (read), reads every pixel, computes,
// syncs end (read) and releases the buffer.
#include "sim/workloads/common.h"
#include "sim/workloads/generated_trace.h"
#include "sim/workloads/workloads.h"

namespace cohsim::workloads {
namespace {

struct CameraParams : FrameParams {
  std::uint32_t buffers = 3;
  double cycles_per_pixel = 2;
  std::string camera = "camera";

  CameraParams() {
    format = "YUYV";
    fps = 30;
  }
  template <class V>
  void describe(V& v) {
    FrameParams::describe(v);
    v("buffers", buffers, {.doc = "buffers in the capture ring", .min = 1, .max = 16});
    v("cycles_per_pixel", cycles_per_pixel, {.doc = "core cycles the CPU computes per pixel it reads", .unit = "cycles", .min = 0, .max = 1e6});
    v("camera", camera, {.doc = "the device that writes the frames", .min = 1});
  }
  void check(const config::Checker& c) const { check_frame(c); }
};

class CameraToCpu final : public GeneratedTrace {
 public:
  explicit CameraToCpu(const CameraParams& p) : GeneratedTrace("camera-to-cpu"), p_(p) { set_total_steps(p.frames + 1); }

 private:
  // Fences: 2f the camera wrote frame f; 2f+1 the CPU released it.
  bool produce(std::uint64_t step) override {
    if (step == 0) {
      camera_ = device(p_.camera);
      for (std::uint32_t i = 0; i < p_.buffers; ++i) {
        bufs_.push_back(buffer("cam" + std::to_string(i), p_.width, p_.height, p_.pixel_format(), p_.buffer_layout()));
        import(bufs_.back(), camera_);
        mmap(bufs_.back());
      }
      return p_.frames > 0;
    }
    const std::uint64_t f = step - 1;
    const std::uint32_t b = bufs_[f % p_.buffers];
    if (f >= p_.buffers) wait(camera_, 2 * (f - p_.buffers) + 1);
    dma(camera_, Access::write, b);
    signal(camera_, 2 * f);
    wait(kCpuAgent, 2 * f);
    sync(b, true, Access::read);
    cpu(Access::read, b);
    compute(static_cast<std::uint64_t>(p_.cycles_per_pixel * p_.width * p_.height));
    sync(b, false, Access::read);
    signal(kCpuAgent, 2 * f + 1);
    frame(p_.start_ns(f + 1));
    return f + 1 < p_.frames;
  }

  CameraParams p_;
  std::uint32_t camera_ = 0;
  std::vector<std::uint32_t> bufs_;
};

}  // namespace

const GeneratorEntry& camera_to_cpu() {
  static const GeneratorEntry entry = make_entry<CameraParams, CameraToCpu>("camera-to-cpu");
  return entry;
}

}  // namespace cohsim::workloads
