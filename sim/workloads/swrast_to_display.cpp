// swrast-to-display: a CPU renderer (llvmpipe, pixman, a toolkit) draws into
// vgem-exported buffers that the display engine scans out, double buffered.
// Per frame: wait until the display released the buffer (the flip after the
// one that showed it), sync start (write), render the damage, sync end
// (write), DIRTYFB with the damage, present (a page flip at the next vsync);
// the display's fence signals the flip.
#include "sim/workloads/common.h"
#include "sim/workloads/generated_trace.h"
#include "sim/workloads/workloads.h"

namespace cohsim::workloads {
namespace {

enum class Damage { full_frame, cursor_blink, text_scroll, video_window };

struct SwrastParams : FrameParams {
  Damage damage = Damage::full_frame;
  std::uint32_t buffers = 2;
  double cycles_per_pixel = 4;
  std::string display = "display";

  template <class V>
  void describe(V& v) {
    FrameParams::describe(v);
    v("damage", damage,
      {.doc = "what changes each frame: full-frame (every pixel), cursor-blink (an 8x16 text cursor), text-scroll (a terminal window of "
              "60% x 60% redrawn), video-window (a 640x360 video in a window)"});
    v("buffers", buffers, {.doc = "scanout buffers in the swap chain", .min = 1, .max = 8});
    v("cycles_per_pixel", cycles_per_pixel, {.doc = "core cycles the renderer computes per damaged pixel", .unit = "cycles", .min = 0, .max = 1e6});
    v("display", display, {.doc = "the device that scans out", .min = 1});
  }
  void check(const config::Checker& c) const { check_frame(c); }
};

class SwrastToDisplay final : public GeneratedTrace {
 public:
  explicit SwrastToDisplay(const SwrastParams& p)
      : GeneratedTrace("swrast-to-display"),
        p_(p) {
    set_total_steps(p.frames + 1);
  }

 private:
  std::vector<Rect> damage_rects() const {
    const std::uint32_t w = p_.width, h = p_.height;
    switch (p_.damage) {
      case Damage::full_frame:
        return {Rect{0, 0, w, h}};
      case Damage::cursor_blink:
        return {clipped(w / 2, h / 2, 8, 16, w, h)};
      case Damage::text_scroll:
        return {clipped(w / 5, h / 5, w * 3 / 5, h * 3 / 5, w, h)};
      case Damage::video_window:
        return {clipped(w / 8, h / 8, 640, 360, w, h)};
    }
    return {};
  }

  bool produce(std::uint64_t step) override {
    if (step == 0) {
      display_ = device(p_.display);
      for (std::uint32_t i = 0; i < p_.buffers; ++i) {
        fb_.push_back(buffer("fb" + std::to_string(i), p_.width, p_.height, p_.pixel_format(), p_.buffer_layout()));
        import(fb_.back(), display_);
        mmap(fb_.back());
      }
      return p_.frames > 0;
    }
    const std::uint64_t f = step - 1;
    const std::uint32_t fb = fb_[f % p_.buffers];
    // The buffer is free once the flip after the one that showed it happened.
    if (p_.buffers >= 2 && f >= p_.buffers - 1) wait(kCpuAgent, f - (p_.buffers - 1));
    const std::vector<Rect> rects = damage_rects();
    std::uint64_t pixels = 0;
    for (const Rect& r : rects) pixels += r.pixels();
    sync(fb, true, Access::write, rects);
    compute(static_cast<std::uint64_t>(p_.cycles_per_pixel * static_cast<double>(pixels)));
    cpu(Access::write, fb, rects);
    sync(fb, false, Access::write, rects);
    damage(fb, rects);
    present(display_, fb);  // a page flip; the display scans out every pixel at every refresh
    signal(display_, f);    // the flip happened
    frame(p_.start_ns(f + 1));
    return f + 1 < p_.frames;
  }

  SwrastParams p_;
  std::uint32_t display_ = 0;
  std::vector<std::uint32_t> fb_;
};

}  // namespace
}  // namespace cohsim::workloads

namespace cohsim::config {
template <>
struct EnumNames<workloads::Damage> {
  static constexpr std::array<std::pair<workloads::Damage, std::string_view>, 4> values{{{workloads::Damage::full_frame, "full-frame"},
                                                                                         {workloads::Damage::cursor_blink, "cursor-blink"},
                                                                                         {workloads::Damage::text_scroll, "text-scroll"},
                                                                                         {workloads::Damage::video_window, "video-window"}}};
};
}  // namespace cohsim::config

namespace cohsim::workloads {
namespace {
const GeneratorRegistration kRegistered{
    1, make_entry<SwrastParams, SwrastToDisplay>("swrast-to-display", "a CPU renderer (llvmpipe, pixman) draws frames into a buffer the display scans out")};
}  // namespace
}  // namespace cohsim::workloads
