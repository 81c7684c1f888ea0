#include "sim/import/wayland_trace_writer.h"

#include <sstream>
#include <utility>

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
