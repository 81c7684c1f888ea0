#pragma once
// `cohsim import wayland`: a WAYLAND_DEBUG=1 protocol log (client or
// compositor side, libwayland's format: tests/import/fixtures/GRAMMAR.md)
// becomes a cohsim buffer-sharing trace (docs/trace-format.md).
//
// Each wl_surface.commit of a buffer is a frame: the client renders the
// damaged rectangles into the buffer (the CPU for a wl_shm buffer, inside
// DMA_BUF_IOCTL_SYNC; the renderer device for a zwp_linux_dmabuf buffer),
// then the compositor's reader device reads those rectangles (a texture
// upload or composition) and signals a fence that the next write to that
// buffer waits for (wl_buffer.release). Surface damage is scaled to buffer
// pixels; frame times come from the log's timestamps. Lines that are not
// protocol messages, malformed lines and messages of interfaces that do not
// carry buffers are skipped and counted, never fatal.
#include <cstdint>
#include <istream>
#include <map>
#include <ostream>
#include <string>

namespace cohsim {

struct WaylandImportParams {
  std::string source_name;     // for the trace's header comment
  std::string reader = "gpu";  // the compositor's device that reads committed buffers
  std::string renderer = "gpu";  // the device that renders dma-buf buffers
};

struct WaylandImportSummary {
  std::uint64_t lines = 0, messages = 0;
  std::uint64_t shm_buffers = 0, dmabuf_buffers = 0;  // that were committed
  std::uint64_t buffers_never_committed = 0;
  std::uint64_t commits = 0, frames_timed = 0, damage_rects = 0;
  std::uint64_t releases = 0;
  // Skipped, by reason ("not a protocol line", "malformed protocol line", ...).
  std::map<std::string, std::uint64_t> skipped;
  // Messages of interfaces that carry no buffer state, by interface.
  std::map<std::string, std::uint64_t> ignored_interfaces;

  std::string text() const;  // a short report for the terminal
};

// Reads the log from `in`, writes the trace to `out`.
WaylandImportSummary import_wayland_log(std::istream& in, std::ostream& out, const WaylandImportParams& params);

}  // namespace cohsim
