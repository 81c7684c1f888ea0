#pragma once
// `cohsim import wayland`: a WAYLAND_DEBUG=1 protocol log (client or
// compositor side, libwayland's format) or weston's own protocol debug
// stream (`weston-debug proto`, `--logger-scopes=proto`: every client of the
// compositor, each line naming its client; tests/import/fixtures/GRAMMAR.md)
// becomes a cohsim buffer-sharing trace (docs/trace-format.md). Each client
// of a weston stream keeps its own object ids, and its buffers are named
// after it (client2_wl_buffer_11).
//
// Each wl_surface.commit of a buffer is a frame: the client renders the
// damaged rectangles into the buffer (the CPU for a wl_shm buffer, inside
// DMA_BUF_IOCTL_SYNC; the renderer device for a zwp_linux_dmabuf buffer),
// then the compositor's reader device reads those rectangles (a texture
// upload or composition) and signals a fence that the next write to that
// buffer waits for (wl_buffer.release). Surface damage is scaled to buffer
// pixels; frame times come from the log's timestamps. Lines that are not
// protocol messages, malformed lines and messages of interfaces that do not
// carry buffers are skipped and counted. A log without any protocol message,
// and a number too large for its field (no libwayland or weston prints one),
// are an InputError naming the file (and LINE:COLUMN).
#include <cstdint>
#include <istream>
#include <map>
#include <ostream>
#include <string>
#include <vector>

namespace cohsim {

struct WaylandImportParams {
  std::string source_name;       // the log's file: the trace's header comment and error messages
  std::string reader = "gpu";    // the compositor's device that reads committed buffers
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
  // The clients of a weston proto stream, in order of appearance (empty for
  // a libwayland log, which names none).
  struct Client {
    std::string name, address;               // "client2", weston's "0x556b3615f4e0"
    std::uint64_t commits = 0, buffers = 0;  // buffers: that were committed
  };
  std::vector<Client> clients;

  std::string text() const;  // a short report for the terminal
};

// Reads the log from `in`, writes the trace to `out`; throws InputError (see above).
WaylandImportSummary import_wayland_log(std::istream& in, std::ostream& out, const WaylandImportParams& params);

}  // namespace cohsim
