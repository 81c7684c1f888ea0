#pragma once
// Checks that a trace makes sense before any model sees it, the same way for
// `cohsim run` and `cohsim validate`: what no kernel would let happen is an
// error at FILE:LINE (DMA by a device that never imported the buffer, a page
// flip by a device that does not scan out, access to a closed buffer, an
// empty trace); what the kernel accepts but is probably a mistake is a named
// warning, counted and reported with the results (docs/trace-format.md lists
// both). Plain code, no SystemC: it sees operations, not time.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "models/exporter/params.h"
#include "sim/trace/trace_op.h"

namespace cohsim {

// What the checker knows of the platform and run a trace is replayed on.
struct TracePlatform {
  std::string label;                         // for messages
  std::map<std::string, std::string> roles;  // device name -> role ("gpu", "display", ...)
  bool virtual_gpu = false;                  // shares linear guest surfaces only
  unsigned aperture_fences = 0;
  TiledCpuAccess tiled_access = TiledCpuAccess::automatic;
  bool policy_uses_shadow = false;
  ExporterKind exporter = ExporterKind::vgem;           // its buffer limits
  std::uint64_t cma_area_bytes = kDefaultCmaAreaBytes;  // a cma-heap's buffers alive at once fit in it
  // A discrete GPU's VRAM: its size (0: none) and the devices beside it.
  std::uint64_t device_memory_bytes = 0;
  std::set<std::string> device_memory_local;
};

struct TraceWarning {
  const char* name;     // stable identifier, as in the results
  const char* meaning;  // one sentence for the report
  std::uint64_t count = 0;
  std::string first_at;  // FILE:LINE of the first occurrence
};

class TraceChecker {
 public:
  // platform null: only what holds on every platform (a bare trace file).
  TraceChecker(const TraceSource& source, const TracePlatform* platform);

  // Throws InputError for an operation that cannot happen; counts warnings.
  void check(const TraceOp& op);
  // After the last operation: an empty trace is an error, a sync left open a warning.
  void finish();

  // Every kind of warning, in a fixed order, with its count (0 if none).
  const std::vector<TraceWarning>& warnings() const { return warnings_; }
  std::uint64_t warning_count() const;

  // The message for a device the platform does not have.
  static std::string unknown_device_message(const std::string& name, const TracePlatform& platform);

 private:
  struct BufferState {
    Layout layout = Layout::linear;
    bool mapped = false;
    std::string closed_at;  // empty: open
    std::uint64_t bytes = 0;
    std::optional<ExporterKind> exporter;  // its line's, else the platform's; none: unknown (a bare trace)
    std::set<std::uint32_t> importers;     // devices that attached it
    unsigned open_syncs = 0;
    Access open_access = Access::read;
  };
  enum Warning : std::size_t { sync_end_without_start, nested_sync_start, cpu_access_outside_sync, cpu_write_in_read_sync, sync_open_at_end };

  void check_alloc(const trace::BufferAlloc& a);
  void close_buffer(std::uint32_t buffer);
  void check_exporter_limits(std::uint32_t buffer);
  bool in_device_memory(std::uint32_t buffer) const;
  void check_import(const trace::Import& i);
  void check_mmap(const trace::Mmap& m);
  void check_sync(const trace::Sync& s);
  void check_cpu_access(const trace::CpuAccess& a);
  // A device's `dma` or a display's `present` (`write`: the device writes).
  void check_device_access(std::uint32_t device, std::uint32_t buffer, bool present, bool write);
  [[noreturn]] void fail(const std::string& message) const;
  [[noreturn]] void fail(TraceProblem problem, const std::string& subject, const std::string& message) const;
  void warn(Warning w);
  BufferState& open_buffer(std::uint32_t buffer);
  const std::string& device_name(std::uint32_t index) const { return source_.device_names().at(index); }
  void check_device(std::uint32_t index) const;
  const std::string& buffer_name(std::uint32_t index) const { return source_.buffer_names().at(index); }

  const TraceSource& source_;
  const TracePlatform* platform_;
  std::vector<BufferState> buffers_;            // by the source's buffer index
  std::uint64_t device_memory_used_bytes_ = 0;  // the address space of every amdgpu-vram buffer allocated (models/exporter/params.h)
  std::uint64_t cma_alive_bytes_ = 0;           // of the cma-heap buffers allocated and not closed
  std::uint64_t operations_ = 0;
  std::vector<TraceWarning> warnings_;
};

}  // namespace cohsim
