#include "sim/trace/trace_grammar.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <stdexcept>

#include "models/tiling/tiling.h"

namespace cohsim {
namespace {

constexpr std::size_t kRects = TraceLimits::kMaxRects;

const std::vector<TraceVerbForm> kVerbs{
    {TraceVerb::r, "r", "r ADDRESS [SIZE] [load=plain|streaming] [width=BYTES]", 2, 5,
     "load (SIZE defaults to 8 bytes; a plain load of 16 bytes per instruction unless given)"},
    {TraceVerb::w, "w", "w ADDRESS [SIZE]", 2, 3, "store (SIZE defaults to 8 bytes)"},
    {TraceVerb::clean, "clean", "clean ADDRESS SIZE", 3, 3, "clean the range by VA (DC CVAC, CLWB)"},
    {TraceVerb::inval, "inval", "inval ADDRESS SIZE", 3, 3, "invalidate the range by VA (DC IVAC)"},
    {TraceVerb::flush, "flush", "flush ADDRESS SIZE", 3, 3, "clean and invalidate the range by VA (DC CIVAC, CLFLUSHOPT)"},
    {TraceVerb::barrier, "barrier", "barrier", 1, 1, "a barrier: DSB (Arm), SFENCE/MFENCE (x86)"},
    {TraceVerb::map, "map", "map ADDRESS SIZE wb|wc|uc", 4, 4, "the CPU mapping type of a range"},
    {TraceVerb::dev, "dev", "dev NAME r|w ADDRESS SIZE", 5, 5, "a device reads or writes a range; the core waits for it"},
    {TraceVerb::compute, "compute", "compute CYCLES", 2, 2, "the CPU busy without memory access"},
    {TraceVerb::buffer, "buffer", "buffer NAME WIDTHxHEIGHT FORMAT [stride=BYTES] [modifier=MODIFIER] [exporter=KIND]", 4, 7,
     "a GEM object exported as a dma-buf (by KIND, else by the scenario's exporter.kind)"},
    {TraceVerb::import, "import", "import BUFFER DEVICE", 3, 3, "a device attaches and maps the dma-buf"},
    {TraceVerb::mmap, "mmap", "mmap BUFFER", 2, 2, "the CPU mmaps the dma-buf"},
    {TraceVerb::close, "close", "close BUFFER", 2, 2, "the last handle goes away: no access after it"},
    {TraceVerb::sync, "sync", "sync BUFFER start|end read|write|rw [RECT...]", 4, 4 + kRects, "DMA_BUF_IOCTL_SYNC start or end"},
    {TraceVerb::cpu, "cpu", "cpu r|w BUFFER [RECT...|@OFFSET+LENGTH] [load=plain|streaming] [width=BYTES]", 3, 5 + kRects,
     "the CPU reads or writes rectangles (or a byte range) of a buffer; load options for reads only"},
    {TraceVerb::dma, "dma", "dma DEVICE r|w BUFFER [RECT...]", 4, 4 + kRects, "a device reads or writes rectangles of a buffer, asynchronously"},
    {TraceVerb::present, "present", "present DEVICE BUFFER", 3, 3, "a page flip at the display's next vsync"},
    {TraceVerb::damage, "damage", "damage BUFFER [RECT...]", 2, 2 + kRects, "DIRTYFB, FB_DAMAGE_CLIPS, wl_surface.damage_buffer"},
    {TraceVerb::fence, "fence", "fence signal|wait cpu|DEVICE ID", 4, 4, "an agent signals a dma-fence when it gets there, or waits for one"},
    {TraceVerb::frame, "frame", "frame [at=NS]", 1, 2, "a frame boundary; at= starts the frame at a time"},
};

struct FormatInfo {
  PixelFormat format;
  const char* name;
  unsigned bytes;
};
constexpr std::array<FormatInfo, 7> kFormats{{{PixelFormat::xrgb8888, "XRGB8888", 4},
                                              {PixelFormat::argb8888, "ARGB8888", 4},
                                              {PixelFormat::xbgr8888, "XBGR8888", 4},
                                              {PixelFormat::abgr8888, "ABGR8888", 4},
                                              {PixelFormat::rgb565, "RGB565", 2},
                                              {PixelFormat::yuyv, "YUYV", 2},
                                              {PixelFormat::r8, "R8", 1}}};

constexpr std::array<std::pair<TraceVerb, MemOpKind>, 3> kMaintenanceVerbs{
    {{TraceVerb::clean, MemOpKind::clean}, {TraceVerb::inval, MemOpKind::invalidate}, {TraceVerb::flush, MemOpKind::clean_invalidate}}};

constexpr std::array<std::pair<Mapping, const char*>, 3> kMappings{{{Mapping::wb, "wb"}, {Mapping::wc, "wc"}, {Mapping::uc, "uc"}}};

std::string hex(std::uint64_t v) {
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), "0x%llx", static_cast<unsigned long long>(v));
  return buf.data();
}

}  // namespace

const std::vector<TraceVerbForm>& trace_verbs() { return kVerbs; }

const TraceVerbForm* find_trace_verb(std::string_view word) {
  for (const auto& v : kVerbs)
    if (v.word == word) return &v;
  return nullptr;
}

std::string trace_verb_list() {
  std::string out;
  for (std::size_t i = 0; i < kVerbs.size(); ++i) out += std::string(i == 0 ? "" : i + 1 == kVerbs.size() ? " or " : ", ") + std::string(kVerbs[i].word);
  return out;
}

MemOpKind maintenance_kind(TraceVerb verb) {
  for (const auto& [v, kind] : kMaintenanceVerbs)
    if (v == verb) return kind;
  throw std::logic_error("not a maintenance verb");
}

std::string_view maintenance_word(MemOpKind kind) {
  for (const auto& [verb, k] : kMaintenanceVerbs)
    if (k == kind)
      for (const auto& form : kVerbs)
        if (form.verb == verb) return form.word;
  throw std::logic_error(std::string("no trace verb for maintenance kind ") + mem_op_kind_name(kind));
}

unsigned bytes_per_pixel(PixelFormat f) {
  for (const auto& i : kFormats)
    if (i.format == f) return i.bytes;
  return 4;
}

const char* format_name(PixelFormat f) {
  for (const auto& i : kFormats)
    if (i.format == f) return i.name;
  return "?";
}

bool parse_format(std::string_view name, PixelFormat& out) {
  for (const auto& i : kFormats) {
    if (name == i.name) {
      out = i.format;
      return true;
    }
  }
  return false;
}

std::string pixel_format_list() {
  std::string names;
  for (const auto& f : kFormats) names += (names.empty() ? "" : ", ") + std::string(f.name);
  return names;
}

bool parse_access_word(std::string_view word, bool allow_rw, Access& out) {
  if (word == "r" || word == "read") {
    out = Access::read;
  } else if (word == "w" || word == "write") {
    out = Access::write;
  } else if (allow_rw && word == "rw") {
    out = Access::rw;
  } else {
    return false;
  }
  return true;
}

const char* access_word(Access access) { return access == Access::read ? "read" : access == Access::write ? "write" : "rw"; }
const char* direction_word(Access access) { return access == Access::write ? "w" : "r"; }

bool parse_mapping_word(std::string_view word, Mapping& out) {
  for (const auto& [m, w] : kMappings) {
    if (word == w) {
      out = m;
      return true;
    }
  }
  return false;
}

const char* mapping_word(Mapping mapping) {
  for (const auto& [m, w] : kMappings)
    if (m == mapping) return w;
  return "?";
}

bool is_trace_identifier(std::string_view s) {
  if (s.empty() || s.size() > 64 || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'; });
}

void TraceLineWriter::rects(const std::vector<Rect>& rects) {
  for (const Rect& r : rects) out_ << ' ' << r.x1 << ',' << r.y1 << ',' << r.x2 << ',' << r.y2;
}

void TraceLineWriter::load_options(LoadShape shape) {
  const LoadShape plain{};
  if (shape.kind != plain.kind) out_ << " load=" << load_kind_name(shape.kind);
  if (shape.width != plain.width) out_ << " width=" << shape.width;
}

void TraceLineWriter::load(std::uint64_t address, std::uint64_t bytes, LoadShape shape) {
  out_ << "r " << hex(address) << ' ' << bytes;
  load_options(shape);
  out_ << '\n';
}

void TraceLineWriter::store(std::uint64_t address, std::uint64_t bytes) { out_ << "w " << hex(address) << ' ' << bytes << '\n'; }

void TraceLineWriter::maintain(MemOpKind kind, std::uint64_t address, std::uint64_t bytes) {
  out_ << maintenance_word(kind) << ' ' << hex(address) << ' ' << bytes << '\n';
}

void TraceLineWriter::barrier() { out_ << "barrier\n"; }

void TraceLineWriter::map(std::uint64_t address, std::uint64_t bytes, Mapping mapping) {
  out_ << "map " << hex(address) << ' ' << bytes << ' ' << mapping_word(mapping) << '\n';
}

void TraceLineWriter::dev(std::string_view device, Access direction, std::uint64_t address, std::uint64_t bytes) {
  out_ << "dev " << device << ' ' << direction_word(direction) << ' ' << hex(address) << ' ' << bytes << '\n';
}

void TraceLineWriter::compute(std::uint64_t cycles) { out_ << "compute " << cycles << '\n'; }

void TraceLineWriter::buffer(std::string_view name, std::uint32_t width, std::uint32_t height, std::string_view format, std::optional<std::uint32_t> stride,
                             std::string_view modifier, std::optional<ExporterKind> exporter) {
  out_ << "buffer " << name << ' ' << width << 'x' << height << ' ' << format;
  if (stride) out_ << " stride=" << *stride;
  if (modifier != modifier_name(Layout::linear)) out_ << " modifier=" << modifier;
  if (exporter) out_ << " exporter=" << exporter_kind_name(*exporter);
  out_ << '\n';
}

void TraceLineWriter::import(std::string_view buffer, std::string_view device) { out_ << "import " << buffer << ' ' << device << '\n'; }
void TraceLineWriter::mmap(std::string_view buffer) { out_ << "mmap " << buffer << '\n'; }
void TraceLineWriter::close(std::string_view buffer) { out_ << "close " << buffer << '\n'; }

void TraceLineWriter::sync(std::string_view buffer, bool start, Access access, const std::vector<Rect>& r) {
  out_ << "sync " << buffer << (start ? " start " : " end ") << access_word(access);
  rects(r);
  out_ << '\n';
}

void TraceLineWriter::cpu(Access direction, std::string_view buffer, const std::vector<Rect>& r, LoadShape shape) {
  out_ << "cpu " << direction_word(direction) << ' ' << buffer;
  rects(r);
  if (direction == Access::read) load_options(shape);
  out_ << '\n';
}

void TraceLineWriter::cpu_bytes(Access direction, std::string_view buffer, std::uint64_t offset, std::uint64_t length, LoadShape shape) {
  out_ << "cpu " << direction_word(direction) << ' ' << buffer << " @" << offset << '+' << length;
  if (direction == Access::read) load_options(shape);
  out_ << '\n';
}

void TraceLineWriter::dma(std::string_view device, Access direction, std::string_view buffer, const std::vector<Rect>& r) {
  out_ << "dma " << device << ' ' << direction_word(direction) << ' ' << buffer;
  rects(r);
  out_ << '\n';
}

void TraceLineWriter::present(std::string_view device, std::string_view buffer) { out_ << "present " << device << ' ' << buffer << '\n'; }

void TraceLineWriter::damage(std::string_view buffer, const std::vector<Rect>& r) {
  out_ << "damage " << buffer;
  rects(r);
  out_ << '\n';
}

void TraceLineWriter::fence(bool signal, std::string_view agent, std::uint64_t id) {
  out_ << "fence " << (signal ? "signal " : "wait ") << agent << ' ' << id << '\n';
}

void TraceLineWriter::frame(double at_ns) {
  out_ << "frame";
  if (at_ns >= 0) {
    std::array<char, 64> buf{};
    std::snprintf(buf.data(), buf.size(), " at=%.17g", at_ns);
    out_ << buf.data();
  }
  out_ << '\n';
}

void TraceLineWriter::comment(std::string_view text) { out_ << "# " << text << '\n'; }

}  // namespace cohsim
