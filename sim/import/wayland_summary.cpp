// The summary `cohsim import wayland` prints and writes at the top of the
// trace: what the log held, what became of it, and what was skipped.
#include <sstream>

#include "sim/import/wayland_importer.h"

namespace cohsim {

std::string WaylandImportSummary::text() const {
  std::ostringstream out;
  out << lines << " lines, " << messages << " protocol messages; " << commits << " commits (" << frames_timed << " timed by a frame callback), " << damage_rects
      << " damage rectangles, " << releases << " releases\n"
      << "buffers: " << shm_buffers << " wl_shm (CPU-rendered), " << dmabuf_buffers << " dma-buf (device-rendered) committed; " << buffers_never_committed
      << " created but never committed\n";
  for (const auto& [reason, count] : skipped) out << "skipped: " << count << " x " << reason << "\n";
  if (!ignored_interfaces.empty()) {
    std::uint64_t total = 0;
    std::string names;
    for (const auto& [name, count] : ignored_interfaces) {
      total += count;
      names += (names.empty() ? "" : ", ") + name;
    }
    out << "ignored: " << total << " messages of interfaces that carry no buffer state (" << names << ")\n";
  }
  if (!clients.empty()) out << "clients in weston's proto stream, each with its own object ids: " << clients.size() << "\n";
  for (const Client& c : clients)
    out << "  " << c.name << " = client " << c.address << ": " << c.commits << (c.commits == 1 ? " commit, " : " commits, ") << c.buffers
        << (c.buffers == 1 ? " buffer" : " buffers") << " committed\n";
  return out.str();
}

}  // namespace cohsim
