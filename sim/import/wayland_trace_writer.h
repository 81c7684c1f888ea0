#pragma once
// The trace side of `cohsim import wayland`: what a commit of a buffer
// becomes in the trace (the buffer's declaration on its first commit, then
// the renderer's write of the damage, the compositor's read and the fences
// between them), and the frames in commit order, each timed by its frame
// callback's done once that is known. The protocol side that decides what
// is committed is sim/import/wayland_importer.cpp.
#include <cstdint>
#include <deque>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/import/wayland_importer.h"

namespace cohsim {

struct WaylandRect {
  std::int64_t x1, y1, x2, y2;
};

struct WaylandBuffer {
  std::string name;
  std::uint32_t width = 0, height = 0, stride = 0;
  std::string format, modifier = "linear";
  bool dmabuf = false, declared = false, supported = true;
  std::string problem;           // why the trace cannot hold it (then not supported)
  std::uint64_t read_fence = 0;  // the compositor's last read of it (its release)
};

// Why a buffer cannot be written as a trace `buffer` line (empty: it can):
// the trace reader's own limits and the layout's rules.
std::string trace_buffer_problem(std::uint32_t width, std::uint32_t height, std::uint32_t stride, const std::string& format, const std::string& modifier);

class WaylandTraceWriter {
 public:
  // Counts what it writes in `summary`.
  WaylandTraceWriter(std::ostream& out, const WaylandImportParams& params, WaylandImportSummary& summary)
      : out_(out),
        params_(params),
        summary_(summary) {}

  // A commit's damage in `b`'s pixels: the surface damage times `scale` and
  // the buffer damage, clipped to the buffer (their bounding box if a trace
  // line cannot hold them all; counted as skipped).
  std::vector<WaylandRect> damage_in_buffer(const std::vector<WaylandRect>& surface_damage, std::int64_t scale, const std::vector<WaylandRect>& buffer_damage,
                                            const WaylandBuffer& b);

  // The trace lines of a commit of `b` with `rects` of damage in buffer
  // pixels; `client` (or null) counts the buffer's first commit.
  std::string commit_ops(WaylandBuffer& b, const std::vector<WaylandRect>& rects, WaylandImportSummary::Client* client);

  // Queues a commit's frame; returns its serial. A frame without a frame
  // callback (`callback` 0) is paced by nothing and goes out untimed.
  std::uint64_t queue_frame(std::string comment, std::string ops, std::uint32_t callback, std::uint64_t commit_us);
  // The frame callback of frame `serial` was done at `time_us`.
  void frame_done(std::uint64_t serial, std::uint64_t time_us);
  // The log ended: every queued frame goes out.
  void finish();

 private:
  struct Frame {
    std::string comment;  // after "# commit N": the client and surface, in a log of several clients
    std::string ops;
    std::optional<std::uint64_t> done_us;
    bool resolved = false;
  };
  void flush_frames();

  std::ostream& out_;
  const WaylandImportParams& params_;
  WaylandImportSummary& summary_;
  std::deque<Frame> frames_;
  std::uint64_t frame_serial_ = 0, flushed_ = 0, fence_ = 0;
  std::optional<std::uint64_t> origin_us_;
};

}  // namespace cohsim
