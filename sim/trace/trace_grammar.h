#pragma once
// The cohsim trace format's grammar, once (docs/trace-format.md): each line's
// verb and form, the words its fields take, the format's limits, and the
// writing of every line. TextTraceReader checks lines against this table;
// TextTraceWriter (`cohsim gen`) and the Wayland importer write their lines
// through TraceLineWriter, so reader and writers cannot drift apart.
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/trace/trace_op.h"

namespace cohsim {

enum class TraceVerb : std::uint8_t {
  // memory operations by address
  r,
  w,
  clean,
  inval,
  flush,
  barrier,
  map,
  dev,
  compute,
  // buffer sharing
  buffer,
  import,
  mmap,
  close,
  sync,
  cpu,
  dma,
  present,
  damage,
  fence,
  frame,
};

// The format's limits: what a line may ask for before it is refused.
struct TraceLimits {
  static constexpr std::uint64_t kMaxOpBytes = 1ull << 40;  // one operation's range: 1 TiB
  static constexpr std::uint32_t kMaxSide = 65536;          // a buffer's width or height, pixels
  static constexpr double kMaxFrameTimeNs = 1.8e13;         // `frame at=`: five hours
  static constexpr std::size_t kMaxRects = 4096;            // rectangles on one line (DIRTYFB allows 256)
};

struct TraceVerbForm {
  TraceVerb verb;
  std::string_view word;               // the line's first word
  std::string_view usage;              // the line's form, as errors and the docs show it
  std::size_t min_tokens, max_tokens;  // words on the line, the verb included
  std::string_view meaning;            // one line for the docs
};

// Every verb, in the order of docs/trace-format.md.
const std::vector<TraceVerbForm>& trace_verbs();
// The form of a line starting with `word`, or null for an unknown verb.
const TraceVerbForm* find_trace_verb(std::string_view word);
// "r, w, ..., fence or frame", for the unknown-verb message.
std::string trace_verb_list();

// The maintenance verbs and the kinds they carry: clean - clean, inval -
// invalidate, flush - clean_invalidate.
MemOpKind maintenance_kind(TraceVerb verb);
std::string_view maintenance_word(MemOpKind kind);

// The words of the fields.
// r|read, w|write, and rw where `allow_rw` (sync); false for anything else.
bool parse_access_word(std::string_view word, bool allow_rw, Access& out);
const char* access_word(Access access);     // sync: read, write, rw
const char* direction_word(Access access);  // cpu, dma, dev: r, w
bool parse_mapping_word(std::string_view word, Mapping& out);
const char* mapping_word(Mapping mapping);  // wb, wc, uc
// "XRGB8888, ARGB8888, ...": the pixel formats a `buffer` line takes.
std::string pixel_format_list();
// A buffer's name: a letter or '_', then letters, digits, '_', '-', '.'; at most 64.
bool is_trace_identifier(std::string_view s);

// Writes lines of the format, one call per line (each ends with '\n'), with
// agents and buffers by name. The Wayland importer names them itself;
// TextTraceWriter resolves a TraceOp's indices first.
class TraceLineWriter {
 public:
  explicit TraceLineWriter(std::ostream& out)
      : out_(out) {}

  void load(std::uint64_t address, std::uint64_t bytes, LoadShape shape);
  void store(std::uint64_t address, std::uint64_t bytes);
  // clean, inval or flush (MemOpKind clean, invalidate or clean_invalidate)
  void maintain(MemOpKind kind, std::uint64_t address, std::uint64_t bytes);
  void barrier();
  void map(std::uint64_t address, std::uint64_t bytes, Mapping mapping);
  void dev(std::string_view device, Access direction, std::uint64_t address, std::uint64_t bytes);
  void compute(std::uint64_t cycles);
  // `stride` is written when given; `modifier` (a DRM format modifier name)
  // unless it is linear; `exporter` when the buffer names its own.
  void buffer(std::string_view name, std::uint32_t width, std::uint32_t height, std::string_view format, std::optional<std::uint32_t> stride,
              std::string_view modifier, std::optional<ExporterKind> exporter = std::nullopt);
  void import(std::string_view buffer, std::string_view device);
  void mmap(std::string_view buffer);
  void close(std::string_view buffer);
  void sync(std::string_view buffer, bool start, Access access, const std::vector<Rect>& rects);
  // `shape` is written for reads only.
  void cpu(Access direction, std::string_view buffer, const std::vector<Rect>& rects, LoadShape shape = {});
  void cpu_bytes(Access direction, std::string_view buffer, std::uint64_t offset, std::uint64_t length, LoadShape shape = {});
  void dma(std::string_view device, Access direction, std::string_view buffer, const std::vector<Rect>& rects);
  void present(std::string_view device, std::string_view buffer);
  void damage(std::string_view buffer, const std::vector<Rect>& rects);
  // `agent`: "cpu" or a device
  void fence(bool signal, std::string_view agent, std::uint64_t id);
  // `at_ns` negative: the frame starts when the previous one ends
  void frame(double at_ns = -1);
  // A comment line, "# TEXT".
  void comment(std::string_view text);

 private:
  void rects(const std::vector<Rect>& rects);
  void load_options(LoadShape shape);
  std::ostream& out_;
};

}  // namespace cohsim
