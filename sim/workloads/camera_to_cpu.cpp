// camera-to-cpu: a camera (or video decoder) writes frames into a ring of
// buffers and the CPU reads each one (a filter, a software encoder):
// DeviceToCpu with the camera as the writer, YUYV at 30 fps by default.
#include "sim/workloads/device_to_cpu.h"
#include "sim/workloads/workloads.h"

namespace cohsim::workloads {
namespace {

struct CameraParams : FrameParams, CpuReadParams {
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
    CpuReadParams::describe(v);
    v("buffers", buffers, {.doc = "buffers in the capture ring", .min = 1, .max = 16});
    v("cycles_per_pixel", cycles_per_pixel, {.doc = "core cycles the CPU computes per pixel it reads", .unit = "cycles", .min = 0, .max = 1e6});
    v("camera", camera, {.doc = "the device that writes the frames", .min = 1});
  }
  void check(const config::Checker& c) const {
    check_frame(c);
    check_read(c);
  }
};

class CameraToCpu final : public DeviceToCpu {
 public:
  explicit CameraToCpu(const CameraParams& p)
      : DeviceToCpu("camera-to-cpu", {&p_, p.buffers, p.cycles_per_pixel, p.camera, "cam", p.read_shape()}),
        p_(p) {}

 private:
  CameraParams p_;
};

const GeneratorRegistration kRegistered{2,
                                        make_entry<CameraParams, CameraToCpu>("camera-to-cpu", "a camera or video decoder writes frames that the CPU reads")};
}  // namespace

}  // namespace cohsim::workloads
