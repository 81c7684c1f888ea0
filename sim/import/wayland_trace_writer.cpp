#include "sim/import/wayland_trace_writer.h"

#include <sstream>
#include <utility>

#include "sim/trace/text_trace_reader.h"

namespace cohsim {
namespace {

std::string rects_text(const std::vector<WaylandRect>& rects) {
  std::string out;
  for (const WaylandRect& r : rects) out += " " + std::to_string(r.x1) + "," + std::to_string(r.y1) + "," + std::to_string(r.x2) + "," + std::to_string(r.y2);
  return out;
}

}  // namespace

std::string WaylandTraceWriter::commit_ops(WaylandBuffer& b, const std::vector<WaylandRect>& rects, WaylandImportSummary::Client* client) {
  std::ostringstream ops;
  if (!b.declared) {
    b.declared = true;
    ++(b.dmabuf ? summary_.dmabuf_buffers : summary_.shm_buffers);
    if (client) ++client->buffers;
    ops << "buffer " << b.name << " " << b.width << "x" << b.height << " " << b.format << " stride=" << b.stride;
    if (b.modifier != "linear") ops << " modifier=" << b.modifier;
    ops << "\nimport " << b.name << " " << params_.reader << "\n";
    if (b.dmabuf && params_.renderer != params_.reader) ops << "import " << b.name << " " << params_.renderer << "\n";
    if (!b.dmabuf) ops << "mmap " << b.name << "\n";
  }
  if (rects.empty()) return ops.str();
  summary_.damage_rects += rects.size();
  const std::string r = rects_text(rects);
  if (b.dmabuf) {
    if (b.read_fence != 0) ops << "fence wait " << params_.renderer << " " << b.read_fence << "\n";
    const std::uint64_t rendered = ++fence_;
    ops << "dma " << params_.renderer << " w " << b.name << r << "\nfence signal " << params_.renderer << " " << rendered << "\nfence wait " << params_.reader
        << " " << rendered << "\n";
  } else {
    if (b.read_fence != 0) ops << "fence wait cpu " << b.read_fence << "\n";
    // The commit hands the buffer over: the compositor's read is a new job after it.
    const std::uint64_t committed = ++fence_;
    ops << "sync " << b.name << " start write" << r << "\ncpu w " << b.name << r << "\nsync " << b.name << " end write" << r << "\nfence signal cpu "
        << committed << "\nfence wait " << params_.reader << " " << committed << "\n";
  }
  b.read_fence = ++fence_;
  ops << "damage " << b.name << r << "\ndma " << params_.reader << " r " << b.name << r << "\nfence signal " << params_.reader << " " << b.read_fence << "\n";
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
    out_ << "# commit " << flushed_ << f.comment << "\n" << f.ops;
    const bool timed = f.done_us && origin_us_ && *f.done_us >= *origin_us_;
    if (timed && static_cast<double>(*f.done_us - *origin_us_) * 1000 <= TextTraceReader::kMaxFrameTimeNs) {
      ++summary_.frames_timed;
      out_ << "frame at=" << (*f.done_us - *origin_us_) * 1000 << "\n";
    } else {
      // A trace spans at most five hours: later frames (a log of days, a clock jump) go out untimed.
      if (timed) ++summary_.skipped["frame time beyond the trace's five hours (left untimed)"];
      out_ << "frame\n";
    }
    frames_.pop_front();
    ++flushed_;
  }
}

}  // namespace cohsim
