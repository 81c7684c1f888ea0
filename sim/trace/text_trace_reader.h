#pragma once
// The cohsim trace format, one operation per line (docs/trace-format.md).
//
// Memory operations by address:
//   r ADDR [SIZE] [load=plain|streaming] [width=BYTES]
//                            load (SIZE defaults to 8 bytes; a plain load of
//                            16 bytes per instruction unless given)
//   w ADDR [SIZE]            store
//   clean|inval|flush ADDR SIZE   maintenance by VA range
//   barrier                  a barrier: DSB (Arm), SFENCE/MFENCE (x86)
//   map ADDR SIZE wb|wc|uc   CPU mapping type of a range
//   dev DEVICE r|w ADDR SIZE a device reads or writes a range; the core waits
//   compute CYCLES           CPU busy without memory access
// Buffer sharing:
//   buffer NAME WxH FORMAT [stride=BYTES] [modifier=MODIFIER]
//   import NAME DEVICE       mmap NAME
//   sync NAME start|end read|write|rw [RECT...]
//   cpu r|w NAME [RECT...|@OFFSET+LENGTH] [load=plain|streaming] [width=BYTES]  (load options: r only)
//   dma DEVICE r|w NAME [RECT...]
//   present DEVICE NAME      a page flip at the display's next vsync
//   damage NAME [RECT...]
//   fence signal|wait cpu|DEVICE ID
//   frame [at=NS]
// RECT is x1,y1,x2,y2 in pixels (x2, y2 exclusive); no RECT means the whole
// buffer. Numbers are decimal or 0x hex; sizes may end in KiB, MiB or GiB.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/trace/line_reader.h"
#include "sim/trace/trace_op.h"

namespace cohsim {

class TextTraceReader : public TraceSource {
 public:
  explicit TextTraceReader(std::string path)
      : reader_(std::move(path)) {}

  bool next(TraceOp& op) override;
  double progress() const override { return reader_.progress(); }
  std::string location() const override { return reader_.path() + ":" + std::to_string(reader_.line_number()); }
  std::string source_name() const override { return reader_.path(); }
  const std::vector<std::string>& device_names() const override { return devices_; }
  const std::vector<std::string>& buffer_names() const override { return buffers_; }

  // Largest range one operation may cover; larger is refused, not allocated.
  static constexpr std::uint64_t kMaxOpBytes = 1ull << 40;
  // Largest buffer side, and most rectangles on one line (DIRTYFB allows 256).
  static constexpr std::uint32_t kMaxSide = 65536;
  static constexpr double kMaxFrameTimeNs = 1.8e13;  // `frame at=`: five hours
  static constexpr std::size_t kMaxRects = 4096;

 private:
  std::uint64_t range(const Token& address_token, const Token& size_token, std::uint64_t& bytes) const;
  std::uint32_t device_index(std::string_view name);
  std::uint32_t known_buffer(const Token& t) const;
  // Rectangles in tokens [first_token, end_token) (end 0: to the end of the line).
  void parse_rects(std::size_t first_token, std::uint32_t buffer, std::vector<Rect>& out, std::size_t end_token = 0) const;
  // Reads trailing load=/width= options from `first_token` on into `shape`;
  // returns where they start (the end of the positional tokens).
  std::size_t parse_load_options(std::size_t first_token, LoadShape& shape) const;
  Rect parse_rect(const Token& t, const BufferDesc& within) const;
  void parse_buffer(TraceOp& op);
  void parse_sharing(std::string_view verb, TraceOp& op);

  LineReader reader_;
  std::vector<std::string> devices_;
  std::vector<std::string> buffers_;
  std::vector<BufferDesc> descs_;
  std::set<std::uint64_t> signalled_fences_;
};

// Writes operations in the same format (`cohsim gen`); a round trip through
// TextTraceReader gives the same operations.
class TextTraceWriter {
 public:
  explicit TextTraceWriter(std::ostream& out)
      : out_(out) {}
  void write(const TraceOp& op, const TraceSource& names);

 private:
  std::ostream& out_;
};

}  // namespace cohsim
