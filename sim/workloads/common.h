#pragma once
// Parameters shared by the built-in workloads, and small helpers.
#include <cstdint>
#include <stdexcept>
#include <string>

#include "models/tiling/tiling.h"
#include "sim/config/fields.h"
#include "sim/trace/trace_op.h"

namespace cohsim::config {
template <>
struct EnumNames<LoadKind> {
  static constexpr std::array<std::pair<LoadKind, std::string_view>, 2> values{{{LoadKind::plain, "plain"}, {LoadKind::streaming, "streaming"}}};
};
}  // namespace cohsim::config

namespace cohsim::workloads {

// How a workload's CPU reads a buffer: a memcpy-style reader (plain loads of
// 16 bytes) or a readback with streaming loads (Mesa's readback from a WC
// map uses MOVNTDQA, Mesa commit 6b990a74). Only uncached mappings care.
struct CpuReadParams {
  LoadKind read_loads = LoadKind::plain;
  unsigned read_width = LoadShape{}.width;

  template <class V>
  void describe(V& v) {
    v("read_loads", read_loads,
      {.doc = "the CPU's load instructions when it reads a buffer: plain (memcpy) or streaming (x86 MOVNTDQA; plain on a core without them)"});
    v("read_width", read_width, {.doc = "bytes per load instruction (a power of two)", .unit = "bytes", .min = 1, .max = LoadShape::kMaxWidth});
  }
  void check_read(const config::Checker& c) const {
    if ((read_width & (read_width - 1)) != 0) c.fail("read_width", "a load width is a power of two, got " + std::to_string(read_width));
  }
  LoadShape read_shape() const { return LoadShape{read_loads, read_width}; }
};

// Frame size, format, count and pacing: every workload has them.
struct FrameParams {
  std::uint32_t width = 1920;
  std::uint32_t height = 1080;
  std::string format = "XRGB8888";
  std::uint64_t frames = 10;
  double fps = 60;
  std::string layout = "linear";

  template <class V>
  void describe(V& v) {
    v("width", width, {.doc = "buffer width", .unit = "pixels", .min = 16, .max = 16384});
    v("height", height, {.doc = "buffer height", .unit = "pixels", .min = 16, .max = 16384});
    v("format", format, {.doc = "DRM pixel format: XRGB8888, ARGB8888, XBGR8888, ABGR8888, RGB565, YUYV or R8"});
    v("frames", frames, {.doc = "frames to simulate", .min = 1, .max = 1e6});
    v("fps", fps, {.doc = "frame rate: each frame starts at its vsync; 0 runs frames back to back", .unit = "frames/s", .min = 0, .max = 1000});
    static const std::string layout_doc = "layout of the shared buffers, as a DRM format modifier: " + modifier_list();  // the registered layouts
    v("layout", layout, {.doc = layout_doc});
  }
  void check_frame(const config::Checker& c) const {
    PixelFormat f;
    if (!parse_format(format, f)) c.fail("format", "unknown pixel format \"" + format + "\"; known: XRGB8888, ARGB8888, XBGR8888, ABGR8888, RGB565, YUYV, R8");
    Layout l;
    if (!parse_modifier(layout, l)) {
      c.fail("layout", "unknown layout \"" + layout + "\"; known: " + modifier_list());
    }
    try {
      Surface({l, width, height, bytes_per_pixel(f)});
    } catch (const std::invalid_argument& e) {
      c.fail("layout", std::string("a ") + std::to_string(width) + "x" + std::to_string(height) + " " + format + " buffer cannot be laid out as " + layout +
                           ": " + e.what());
    }
  }
  Layout buffer_layout() const {
    Layout l = Layout::linear;
    parse_modifier(layout, l);
    return l;
  }
  PixelFormat pixel_format() const {
    PixelFormat f = PixelFormat::xrgb8888;
    parse_format(format, f);
    return f;
  }
  // When frame `f` starts (negative: no pacing).
  double start_ns(std::uint64_t f) const { return fps > 0 ? static_cast<double>(f) * 1e9 / fps : -1; }
};

// A rectangle clipped to the buffer.
inline Rect clipped(std::int64_t x, std::int64_t y, std::int64_t w, std::int64_t h, std::uint32_t width, std::uint32_t height) {
  auto clamp = [](std::int64_t v, std::int64_t hi) { return static_cast<std::uint32_t>(std::max<std::int64_t>(0, std::min(v, hi))); };
  return Rect{clamp(x, width), clamp(y, height), clamp(x + w, width), clamp(y + h, height)};
}

}  // namespace cohsim::workloads
