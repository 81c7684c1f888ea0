#include "sim/import/wayland_trace_writer.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "models/tiling/tiling.h"
#include "sim/trace/trace_grammar.h"

namespace cohsim {
namespace {

// The damage, clipped to the buffer by the importer, as the trace's rectangles.
std::vector<Rect> trace_rects(const std::vector<WaylandRect>& rects) {
  std::vector<Rect> out;
  out.reserve(rects.size());
  for (const WaylandRect& r : rects) {
    out.push_back(Rect{static_cast<std::uint32_t>(r.x1), static_cast<std::uint32_t>(r.y1), static_cast<std::uint32_t>(r.x2), static_cast<std::uint32_t>(r.y2)});
  }
  return out;
}

}  // namespace

// Why a buffer cannot be written as a trace `buffer` line (empty: it can):
// the trace reader's own limits and the layout's rules. (Found by fuzzing:
// a stride shorter than a row made an unreadable trace.)
std::string trace_buffer_problem(std::uint32_t width, std::uint32_t height, std::uint32_t stride, const std::string& format, const std::string& modifier) {
  PixelFormat f{};
  if (!parse_format(format, f)) return "buffer format not modelled";
  if (width == 0 || height == 0 || width > TraceLimits::kMaxSide || height > TraceLimits::kMaxSide) return "buffer size out of range";
  if (stride < std::uint64_t{width} * bytes_per_pixel(f) || stride > (1u << 30)) return "buffer stride shorter than a row or over 1 GiB";
  Layout layout{};
  if (!parse_modifier(modifier, layout)) return "buffer modifier not modelled";
  try {
    const Surface surface({layout, width, height, bytes_per_pixel(f), stride});
    (void)surface;
  } catch (const std::invalid_argument&) {
    return "buffer size or stride that its layout cannot hold";
  }
  return {};
}

// A commit's damage in buffer pixels: surface damage scaled, both clipped
// to the buffer; their bounding box when a trace line cannot hold them all.
std::vector<WaylandRect> WaylandTraceWriter::damage_in_buffer(const std::vector<WaylandRect>& surface_damage, std::int64_t scale,
                                                              const std::vector<WaylandRect>& buffer_damage, const WaylandBuffer& b) {
  std::vector<WaylandRect> rects;
  auto add = [&](WaylandRect r, std::int64_t by) {
    r = WaylandRect{r.x1 * by, r.y1 * by, r.x2 * by, r.y2 * by};
    r = WaylandRect{std::max<std::int64_t>(0, r.x1), std::max<std::int64_t>(0, r.y1), std::min<std::int64_t>(b.width, r.x2),
                    std::min<std::int64_t>(b.height, r.y2)};
    if (r.x2 > r.x1 && r.y2 > r.y1) rects.push_back(r);
  };
  for (const WaylandRect& r : surface_damage) add(r, scale);
  for (const WaylandRect& r : buffer_damage) add(r, 1);
  if (rects.size() > TraceLimits::kMaxRects) {
    WaylandRect box = rects.front();
    for (const WaylandRect& r : rects) box = WaylandRect{std::min(box.x1, r.x1), std::min(box.y1, r.y1), std::max(box.x2, r.x2), std::max(box.y2, r.y2)};
    rects.assign(1, box);
    ++summary_.skipped["commit with more damage rectangles than a trace line holds (their bounding box taken)"];
  }
  return rects;
}

std::string WaylandTraceWriter::commit_ops(WaylandBuffer& b, const std::vector<WaylandRect>& rects, WaylandImportSummary::Client* client) {
  std::ostringstream ops;
  TraceLineWriter line(ops);
  if (!b.declared) {
    b.declared = true;
    ++(b.dmabuf ? summary_.dmabuf_buffers : summary_.shm_buffers);
    if (client) ++client->buffers;
    line.buffer(b.name, b.width, b.height, b.format, b.stride, b.modifier);
    line.import(b.name, params_.reader);
    if (b.dmabuf && params_.renderer != params_.reader) line.import(b.name, params_.renderer);
    if (!b.dmabuf) line.mmap(b.name);
  }
  if (rects.empty()) return ops.str();
  summary_.damage_rects += rects.size();
  const std::vector<Rect> r = trace_rects(rects);
  if (b.dmabuf) {
    if (b.read_fence != 0) line.fence(false, params_.renderer, b.read_fence);
    const std::uint64_t rendered = ++fence_;
    line.dma(params_.renderer, Access::write, b.name, r);
    line.fence(true, params_.renderer, rendered);
    line.fence(false, params_.reader, rendered);
  } else {
    if (b.read_fence != 0) line.fence(false, "cpu", b.read_fence);
    // The commit hands the buffer over: the compositor's read is a new job after it.
    const std::uint64_t committed = ++fence_;
    line.sync(b.name, true, Access::write, r);
    line.cpu(Access::write, b.name, r);
    line.sync(b.name, false, Access::write, r);
    line.fence(true, "cpu", committed);
    line.fence(false, params_.reader, committed);
  }
  b.read_fence = ++fence_;
  line.damage(b.name, r);
  line.dma(params_.reader, Access::read, b.name, r);
  line.fence(true, params_.reader, b.read_fence);
  return ops.str();
}

std::uint64_t WaylandTraceWriter::queue_frame(std::string comment, std::string ops, std::uint32_t callback, std::uint64_t commit_us) {
  if (!origin_us_) origin_us_ = commit_us;
  frames_.push_back(Frame{std::move(comment), std::move(ops), std::nullopt, callback == 0});
  const std::uint64_t serial = frame_serial_++;
  flush_frames();
  return serial;
}

void WaylandTraceWriter::frame_done(std::uint64_t serial, std::uint64_t time_us) {
  if (serial >= flushed_ && serial - flushed_ < frames_.size()) {
    Frame& f = frames_[serial - flushed_];
    if (!f.done_us) f.done_us = time_us;
    f.resolved = true;
  }
  flush_frames();
}

void WaylandTraceWriter::finish() {
  for (Frame& f : frames_) f.resolved = true;
  flush_frames();
}

// Frames go out in commit order once each knows when the next may start.
// With several clients their frames interleave in commit order, each timed
// by its own client's callback.
void WaylandTraceWriter::flush_frames() {
  while (!frames_.empty() && frames_.front().resolved) {
    const Frame& f = frames_.front();
    TraceLineWriter line(out_);
    line.comment("commit " + std::to_string(flushed_) + f.comment);
    out_ << f.ops;
    const bool timed = f.done_us && origin_us_ && *f.done_us >= *origin_us_;
    const double at_ns = timed ? static_cast<double>(*f.done_us - *origin_us_) * 1000 : -1;
    if (timed && at_ns <= TraceLimits::kMaxFrameTimeNs) {
      ++summary_.frames_timed;
      line.frame(at_ns);
    } else {
      // A trace spans at most five hours: later frames (a log of days, a clock jump) go out untimed.
      if (timed) ++summary_.skipped["frame time beyond the trace's five hours (left untimed)"];
      line.frame();
    }
    frames_.pop_front();
    ++flushed_;
  }
}

}  // namespace cohsim
