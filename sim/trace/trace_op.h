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
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "models/common/mem_op_kind.h"
#include "models/common/pixel_rect.h"
#include "models/cpu/params.h"
#include "models/exporter/params.h"
#include "models/tiling/tiling.h"

namespace cohsim {

// A pixel rectangle, x1/y1 inclusive, x2/y2 exclusive (DRM clip convention).
using Rect = PixelRect;

enum class PixelFormat : std::uint8_t { xrgb8888, argb8888, xbgr8888, abgr8888, rgb565, yuyv, r8 };

struct BufferDesc {
  std::uint32_t width = 0, height = 0;
  PixelFormat format = PixelFormat::xrgb8888;
  std::uint32_t stride = 0;  // bytes per row; 0: width x bytes per pixel
  Layout layout = Layout::linear;
  std::optional<ExporterKind> exporter;  // none: the scenario's exporter.kind
};

// DMA_BUF_SYNC_READ = 1, DMA_BUF_SYNC_WRITE = 2, RW = 3.
using Access = SyncAccess;

// The agent index used for the core in fence operations.
constexpr std::uint32_t kCpuAgent = ~std::uint32_t{0};

// What each kind of operation carries (docs/trace-format.md has the lines).
// Buffers and devices are indices into the source's buffer_names() and
// device_names().
namespace trace {
// --- memory operations by address
struct Load {  // the CPU reads [address, address+bytes)
  std::uint64_t address = 0, bytes = 0;
  LoadShape shape;  // the load instructions (kind, width)
};
struct Store {  // the CPU writes it
  std::uint64_t address = 0, bytes = 0;
};
struct Maintain {                     // cache maintenance by VA range
  MemOpKind kind = MemOpKind::clean;  // clean, invalidate or clean_invalidate
  std::uint64_t address = 0, bytes = 0;
};
struct Barrier {};  // DSB (Arm) or SFENCE/MFENCE (x86); "fence" alone means a dma-fence
struct Map {        // sets the CPU mapping type of a range
  std::uint64_t address = 0, bytes = 0;
  Mapping mapping = Mapping::wb;
};
struct Compute {  // the CPU busy without memory access
  std::uint64_t cycles = 0;
};
struct DeviceJob {  // a device reads or writes a range; the core waits for it
  std::uint32_t device = 0;
  bool write = false;
  std::uint64_t address = 0, bytes = 0;
};
// --- buffer sharing
struct BufferAlloc {  // a GEM object exported as a dma-buf
  std::uint32_t buffer = 0;
  BufferDesc desc;
};
struct Import {  // a device attaches and maps the dma-buf
  std::uint32_t buffer = 0, device = 0;
};
struct Mmap {  // the CPU mmaps it
  std::uint32_t buffer = 0;
};
struct Close {  // the last handle goes away (GEM close, wl_buffer.destroy): no access after it
  std::uint32_t buffer = 0;
};
struct Sync {  // DMA_BUF_IOCTL_SYNC start or end, over TraceOp::rects
  std::uint32_t buffer = 0;
  bool start = false;
  Access access = Access::read;
};
struct ByteRange {
  std::uint64_t offset = 0, length = 0;
};
struct CpuAccess {  // the CPU reads or writes TraceOp::rects of a buffer, or a byte range of it
  std::uint32_t buffer = 0;
  Access access = Access::read;  // read or write
  std::optional<ByteRange> byte_range;
  LoadShape shape;  // reads: the load instructions
};
struct DmaAccess {  // a device reads or writes TraceOp::rects of a buffer, asynchronously
  std::uint32_t device = 0, buffer = 0;
  Access access = Access::read;  // read or write
};
struct Present {  // a page flip: the buffer becomes a display's front buffer at its next vsync
  std::uint32_t device = 0, buffer = 0;
};
struct Damage {  // DIRTYFB / FB_DAMAGE_CLIPS / wl_surface.damage_buffer of TraceOp::rects
  std::uint32_t buffer = 0;
};
struct Fence {  // an agent signals a dma-fence when it gets there, or waits for one
  bool signal = false;
  std::uint32_t agent = 0;  // kCpuAgent or a device
  std::uint64_t id = 0;
};
struct Frame {        // a frame boundary
  double at_ns = -1;  // when the frame starts (negative: now)
};
}  // namespace trace

struct TraceOp {
  std::variant<trace::Load, trace::Store, trace::Maintain, trace::Barrier, trace::Map, trace::Compute, trace::DeviceJob, trace::BufferAlloc, trace::Import,
               trace::Mmap, trace::Close, trace::Sync, trace::CpuAccess, trace::DmaAccess, trace::Present, trace::Damage, trace::Fence, trace::Frame>
      what;
  // The rectangles of a Sync, CpuAccess (without a byte range), DmaAccess or
  // Damage; empty: the whole buffer. Outside `what` so that a reader refills
  // the same storage line after line.
  std::vector<Rect> rects;
};

// Whether `op` is a T.
template <typename T>
bool is(const TraceOp& op) {
  return std::holds_alternative<T>(op.what);
}

// What a trace got wrong, for sources that can point at the setting behind
// it (a generator's parameter) rather than at an operation.
enum class TraceProblem : std::uint8_t {
  device,    // names a device the platform does not have, or the wrong kind of device
  layout,    // a buffer layout the platform cannot share
  aperture,  // the scenario's tiled_cpu_access cannot be honoured
  exporter,  // a buffer the scenario's exporter cannot allocate
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
