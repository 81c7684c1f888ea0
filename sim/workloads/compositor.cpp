// compositor: several client buffers (rendered by the GPU, or by the clients'
// CPU renderers) composed by the CPU (pixman, a software compositor) into a
// double-buffered scanout buffer that the display scans out. Per frame: each
// client updates its damage; the compositor syncs start (read) on each client
// buffer, reads the damage, syncs end; then writes the damage into the
// scanout buffer between sync start/end (write), DIRTYFB, scan-out.
#include "sim/workloads/common.h"
#include "sim/workloads/generated_trace.h"
#include "sim/workloads/workloads.h"

namespace cohsim::workloads {
namespace {

struct CompositorParams : FrameParams, CpuReadParams {
  std::uint32_t clients = 3;
  std::uint32_t client_width = 800;
  std::uint32_t client_height = 600;
  double client_damage = 0.25;
  bool gpu_clients = true;
  double cycles_per_pixel = 2;
  std::string gpu = "gpu";
  std::string display = "display";

  template <class V>
  void describe(V& v) {
    FrameParams::describe(v);
    CpuReadParams::describe(v);
    v("clients", clients, {.doc = "client windows", .min = 1, .max = 64});
    v("client_width", client_width, {.doc = "width of each client buffer", .unit = "pixels", .min = 16, .max = 16384});
    v("client_height", client_height, {.doc = "height of each client buffer", .unit = "pixels", .min = 16, .max = 16384});
    v("client_damage", client_damage, {.doc = "fraction of each client's rows that change per frame (a band at the top)", .min = 0.0001, .max = 1});
    v("gpu_clients", gpu_clients, {.doc = "clients render with the GPU (dma-buf); false: with their own CPU renderer"});
    v("cycles_per_pixel", cycles_per_pixel, {.doc = "core cycles to compose one damaged pixel", .unit = "cycles", .min = 0, .max = 1e6});
    v("gpu", gpu, {.doc = "the device that renders clients", .min = 1});
    v("display", display, {.doc = "the device that scans out", .min = 1});
  }
  void check(const config::Checker& c) const {
    check_frame(c);
    check_read(c);
    if (client_width > width || client_height > height) c.fail("client_width", "a client window must fit the output");
  }
};

class Compositor final : public GeneratedTrace {
 public:
  explicit Compositor(const CompositorParams& p)
      : GeneratedTrace("compositor"),
        p_(p) {
    set_total_steps(p.frames + 1);
  }

 private:
  // Windows cascade from the top-left corner.
  Rect window(std::uint32_t i) const {
    const std::uint32_t step_x = p_.clients > 1 ? (p_.width - p_.client_width) / (p_.clients - 1) : 0;
    const std::uint32_t step_y = p_.clients > 1 ? (p_.height - p_.client_height) / (p_.clients - 1) : 0;
    return Rect{i * step_x, i * step_y, i * step_x + p_.client_width, i * step_y + p_.client_height};
  }
  Rect client_damage() const {
    const auto rows = std::max<std::uint32_t>(1, static_cast<std::uint32_t>(p_.client_damage * p_.client_height));
    return Rect{0, 0, p_.client_width, rows};
  }

  // Fences: 2f the GPU finished frame f's clients; 2f+1 frame f's flip
  // happened (the buffer it replaced is free again).
  bool produce(std::uint64_t step) override {
    if (step == 0) {
      gpu_ = device(p_.gpu);
      display_ = device(p_.display);
      for (std::uint32_t i = 0; i < p_.clients; ++i) {
        clients_.push_back(buffer("client" + std::to_string(i), p_.client_width, p_.client_height, p_.pixel_format()));
        if (p_.gpu_clients) import(clients_.back(), gpu_);
        mmap(clients_.back());
      }
      for (std::uint32_t i = 0; i < 2; ++i) {
        out_.push_back(buffer("out" + std::to_string(i), p_.width, p_.height, p_.pixel_format(), p_.buffer_layout()));
        import(out_.back(), display_);
        mmap(out_.back());
      }
      return p_.frames > 0;
    }
    const std::uint64_t f = step - 1;
    const Rect damage_in_client = client_damage();
    // Clients update.
    for (std::uint32_t i = 0; i < p_.clients; ++i) {
      if (p_.gpu_clients) {
        dma(gpu_, Access::write, clients_[i], {damage_in_client});
      } else {
        sync(clients_[i], true, Access::write, {damage_in_client});
        cpu(Access::write, clients_[i], {damage_in_client});
        sync(clients_[i], false, Access::write, {damage_in_client});
      }
    }
    if (p_.gpu_clients) {
      signal(gpu_, 2 * f);
      wait(kCpuAgent, 2 * f);
    }
    // The compositor reads each client's damage ...
    std::vector<Rect> screen_damage;
    std::uint64_t pixels = 0;
    for (std::uint32_t i = 0; i < p_.clients; ++i) {
      sync(clients_[i], true, Access::read, {damage_in_client});
      cpu(Access::read, clients_[i], {damage_in_client}, p_.read_shape());
      sync(clients_[i], false, Access::read, {damage_in_client});
      const Rect w = window(i);
      screen_damage.push_back(Rect{w.x1, w.y1, w.x1 + damage_in_client.x2, w.y1 + damage_in_client.y2});
      pixels += damage_in_client.pixels();
    }
    // ... and writes it into the scanout buffer the display released.
    const std::uint32_t out = out_[f % 2];
    if (f >= 1) wait(kCpuAgent, 2 * (f - 1) + 1);  // the flip of the previous frame released this buffer
    sync(out, true, Access::write, screen_damage);
    compute(static_cast<std::uint64_t>(p_.cycles_per_pixel * static_cast<double>(pixels)));
    cpu(Access::write, out, screen_damage);
    sync(out, false, Access::write, screen_damage);
    damage(out, screen_damage);
    present(display_, out);
    signal(display_, 2 * f + 1);
    frame(p_.start_ns(f + 1));
    return f + 1 < p_.frames;
  }

  CompositorParams p_;
  std::uint32_t gpu_ = 0, display_ = 0;
  std::vector<std::uint32_t> clients_, out_;
};

const GeneratorRegistration kRegistered{
    4, make_entry<CompositorParams, Compositor>("compositor", "a compositor reads its clients' buffers and composes the frame the display scans out")};
}  // namespace

}  // namespace cohsim::workloads
