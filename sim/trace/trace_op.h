#pragma once
// One operation of a trace, whatever file format or generator it came from,
// and the interface the replayer pulls operations through. Sources stream:
// they hold one operation at a time, never the whole trace.
//
// Two levels share one format (docs/trace-format.md): memory operations by
// address (loads, stores, maintenance, device DMA) and buffer-sharing
// operations by buffer name (allocate, import, mmap, DMA_BUF_IOCTL_SYNC, CPU
// and device access to rectangles, damage, fences, frames), which the
// sharing layer turns into memory operations under a coherency policy.
#include <cstdint>
#include <string>
#include <vector>

#include "models/common/pixel_rect.h"
#include "models/cpu/params.h"
#include "models/exporter/params.h"
#include "models/tiling/tiling.h"

namespace cohsim {

enum class TraceOpCode : std::uint8_t {
  // --- memory operations by address
  load,   // CPU reads [address, address+bytes)
  store,  // CPU writes it
  clean,  // cache maintenance by VA range
  invalidate,
  clean_invalidate,
  barrier,       // DSB (Arm) or SFENCE/MFENCE (x86); "fence" alone means a dma-fence
  map,           // sets the CPU mapping type of a range
  device_read,   // a device reads the range (the core waits for it)
  device_write,  // a device writes it (the core waits for it)
  compute,       // CPU busy without memory access for `bytes` cycles
  // --- buffer sharing
  buffer_alloc,   // a GEM object exported as a dma-buf
  buffer_import,  // a device attaches and maps the dma-buf
  buffer_mmap,    // the CPU mmaps it
  buffer_close,   // the last handle goes away (GEM close, wl_buffer.destroy): no access after it
  sync,           // DMA_BUF_IOCTL_SYNC start or end
  cpu_access,     // the CPU reads or writes rectangles (or a byte range) of a buffer
  dma_access,     // a device reads or writes rectangles of a buffer (asynchronously)
  present,        // a page flip: the buffer becomes a display's front buffer at its next vsync
  damage,         // DIRTYFB / FB_DAMAGE_CLIPS / wl_surface.damage_buffer
  fence_signal,   // an agent signals a fence when it gets there
  fence_wait,     // an agent waits for a fence
  frame,          // a frame boundary (optionally: the frame starts at a time)
};

// A pixel rectangle, x1/y1 inclusive, x2/y2 exclusive (DRM clip convention).
using Rect = PixelRect;

enum class PixelFormat : std::uint8_t { xrgb8888, argb8888, xbgr8888, abgr8888, rgb565, yuyv, r8 };

struct BufferDesc {
  std::uint32_t width = 0, height = 0;
  PixelFormat format = PixelFormat::xrgb8888;
  std::uint32_t stride = 0;  // bytes per row; 0: width x bytes per pixel
  Layout layout = Layout::linear;
};

// DMA_BUF_SYNC_READ = 1, DMA_BUF_SYNC_WRITE = 2, RW = 3.
using Access = SyncAccess;

// The agent index used for the core in fence operations.
constexpr std::uint32_t kCpuAgent = ~std::uint32_t{0};

struct TraceOp {
  TraceOpCode code = TraceOpCode::load;
  Mapping mapping = Mapping::wb;  // map
  std::uint32_t device = 0;       // device ops: index into device_names(); fences: kCpuAgent or a device
  std::uint64_t address = 0;      // memory ops; cpu_access with a byte range: offset in the buffer
  std::uint64_t bytes = 0;        // memory ops; compute: cycles; cpu_access with a byte range: length
  // --- buffer sharing
  std::uint32_t buffer = 0;      // index into buffer_names()
  Access access = Access::read;  // sync, cpu_access, dma_access (read or write)
  bool start = false;            // sync: start (true) or end
  bool byte_range = false;       // cpu_access: address/bytes instead of rects
  std::vector<Rect> rects;       // empty: the whole buffer
  BufferDesc desc;               // buffer_alloc
  std::uint64_t fence = 0;       // fence_signal, fence_wait
  double at_ns = -1;             // frame: when the frame starts (negative: now)
  LoadShape load;                // load, cpu_access read: the load instructions (kind, width)
};

// What a trace got wrong, for sources that can point at the setting behind
// it (a generator's parameter) rather than at an operation.
enum class TraceProblem : std::uint8_t {
  device,    // names a device the platform does not have, or the wrong kind of device
  layout,    // a buffer layout the platform cannot share
  aperture,  // the scenario's tiled_cpu_access cannot be honoured
  other,
};

class TraceSource {
 public:
  virtual ~TraceSource() = default;
  // Fills `op` with the next operation; false at the end. Throws InputError
  // (FILE:LINE:COLUMN) on a malformed line.
  virtual bool next(TraceOp& op) = 0;
  // Fraction of the input consumed, for progress display.
  virtual double progress() const = 0;
  // "FILE:LINE" of the operation last returned, for errors found later.
  virtual std::string location() const = 0;
  // The file (or generator) as a whole, for errors about the whole trace.
  virtual std::string source_name() const = 0;
  // Where an error of kind `problem` about `subject` (a device or buffer
  // name) should be reported: FILE and place. By default the operation last
  // returned; a generator names the scenario parameter behind it.
  virtual std::pair<std::string, std::string> blame(TraceProblem problem, const std::string& subject) const {
    (void)problem;
    (void)subject;
    return {location(), ""};
  }
  // Device and buffer names in order of first use; TraceOp indexes them.
  virtual const std::vector<std::string>& device_names() const = 0;
  virtual const std::vector<std::string>& buffer_names() const { return no_names_; }
  // Lines read but not replayed (comments aside), with the reason, for results.
  virtual std::vector<std::pair<std::string, std::uint64_t>> skipped() const { return {}; }

 private:
  std::vector<std::string> no_names_;
};

// Bytes per pixel of a packed format.
unsigned bytes_per_pixel(PixelFormat f);
const char* format_name(PixelFormat f);
bool parse_format(std::string_view name, PixelFormat& out);

}  // namespace cohsim
