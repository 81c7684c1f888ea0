#include "sim/trace/text_trace_reader.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <ostream>

#include "sim/util/checked_number.h"

namespace cohsim {
namespace {

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

bool is_identifier(std::string_view s) {
  if (s.empty() || s.size() > 64 || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'; });
}

}  // namespace

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

std::uint64_t TextTraceReader::range(const Token& address_token, const Token& size_token, std::uint64_t& bytes) const {
  const std::uint64_t address = reader_.parse_u64(address_token, "an address");
  bytes = reader_.parse_size(size_token, "a size in bytes");
  if (bytes == 0) reader_.fail(size_token, "the size must be at least 1 byte");
  if (bytes > kMaxOpBytes) reader_.fail(size_token, "the size exceeds the 1 TiB limit of one operation");
  if (address > std::numeric_limits<std::uint64_t>::max() - bytes) reader_.fail(size_token, "the range runs past the end of the 64-bit address space");
  return address;
}

std::uint32_t TextTraceReader::device_index(std::string_view name) {
  auto it = std::find(devices_.begin(), devices_.end(), name);
  if (it != devices_.end()) return static_cast<std::uint32_t>(it - devices_.begin());
  devices_.emplace_back(name);
  return static_cast<std::uint32_t>(devices_.size() - 1);
}

std::uint32_t TextTraceReader::known_buffer(const Token& t) const {
  auto it = std::find(buffers_.begin(), buffers_.end(), t.text);
  if (it == buffers_.end()) reader_.fail(t, "no buffer named \"" + std::string(t.text) + "\" has been allocated (a `buffer` line comes first)");
  return static_cast<std::uint32_t>(it - buffers_.begin());
}

Rect TextTraceReader::parse_rect(const Token& t, const BufferDesc& within) const {
  std::array<std::uint32_t, 4> v{};
  std::string_view rest = t.text;
  for (int i = 0; i < 4; ++i) {
    const std::size_t comma = i < 3 ? rest.find(',') : rest.size();
    if (comma == std::string_view::npos || to_number(rest.substr(0, comma), v[i]) != NumberError::none) {
      reader_.fail(t, "expected a rectangle x1,y1,x2,y2 (pixels, x2 and y2 exclusive), got \"" + std::string(t.text) + "\"");
    }
    rest.remove_prefix(std::min(rest.size(), comma + 1));
  }
  const Rect r{v[0], v[1], v[2], v[3]};
  if (r.x1 >= r.x2 || r.y1 >= r.y2) reader_.fail(t, "the rectangle " + std::string(t.text) + " is empty (need x1 < x2 and y1 < y2)");
  if (r.x2 > within.width || r.y2 > within.height) {
    reader_.fail(
        t, "the rectangle " + std::string(t.text) + " reaches outside the " + std::to_string(within.width) + "x" + std::to_string(within.height) + " buffer");
  }
  return r;
}

void TextTraceReader::parse_rects(std::size_t first, std::uint32_t buffer, std::vector<Rect>& out, std::size_t end) const {
  const auto& t = reader_.tokens();
  if (end == 0) end = t.size();
  out.clear();
  if (end > first && end - first > kMaxRects) reader_.fail(t[first + kMaxRects], "more than " + std::to_string(kMaxRects) + " rectangles on one line");
  for (std::size_t i = first; i < end; ++i) out.push_back(parse_rect(t[i], descs_[buffer]));
}

std::size_t TextTraceReader::parse_load_options(std::size_t first, LoadShape& shape) const {
  const auto& t = reader_.tokens();
  shape = LoadShape{};
  auto is_option = [](std::string_view s) { return s.starts_with("load=") || s.starts_with("width="); };
  std::size_t options = t.size();
  while (options > first && is_option(t[options - 1].text)) --options;
  bool kind_seen = false, width_seen = false;
  for (std::size_t i = options; i < t.size(); ++i) {
    const std::string_view kv = t[i].text;
    if (kv.starts_with("load=")) {
      if (kind_seen) reader_.fail(t[i], "load= is given twice");
      kind_seen = true;
      const std::string_view kind = kv.substr(5);
      if (kind == "plain")
        shape.kind = LoadKind::plain;
      else if (kind == "streaming")
        shape.kind = LoadKind::streaming;
      else
        reader_.fail(t[i], "expected load=plain or load=streaming, got \"" + std::string(kv) + "\"");
    } else {
      if (width_seen) reader_.fail(t[i], "width= is given twice");
      width_seen = true;
      const std::uint64_t width = reader_.parse_u64(Token{kv.substr(6), t[i].column + 6}, "a load width in bytes");
      if (width == 0 || width > LoadShape::kMaxWidth || (width & (width - 1)) != 0) {
        reader_.fail(t[i], "a load width is a power of two from 1 to " + std::to_string(LoadShape::kMaxWidth) + " bytes, got " + std::to_string(width));
      }
      shape.width = static_cast<unsigned>(width);
    }
  }
  return options;
}

void TextTraceReader::parse_buffer(TraceOp& op) {
  const auto& t = reader_.tokens();
  const char* usage = "buffer NAME WIDTHxHEIGHT FORMAT [stride=BYTES] [modifier=MODIFIER]";
  reader_.expect_tokens(4, 6, usage);
  if (!is_identifier(t[1].text)) reader_.fail(t[1], "a buffer name starts with a letter and uses letters, digits, '_', '-' and '.'");
  if (std::find(buffers_.begin(), buffers_.end(), t[1].text) != buffers_.end()) {
    reader_.fail(t[1], "a buffer named \"" + std::string(t[1].text) + "\" already exists");
  }
  op.code = TraceOpCode::buffer_alloc;
  BufferDesc& d = op.desc;
  d = BufferDesc{};
  const std::string_view size = t[2].text;
  const auto x = size.find('x');
  auto side = [&](std::string_view s, std::uint32_t& out) { return to_number(s, out) == NumberError::none && out > 0 && out <= kMaxSide; };
  if (x == std::string_view::npos || !side(size.substr(0, x), d.width) || !side(size.substr(x + 1), d.height)) {
    reader_.fail(t[2], "expected WIDTHxHEIGHT in pixels, each 1 to " + std::to_string(kMaxSide) + ", got \"" + std::string(size) + "\"");
  }
  if (!parse_format(t[3].text, d.format)) {
    std::string names;
    for (const auto& f : kFormats) names += (names.empty() ? "" : ", ") + std::string(f.name);
    reader_.fail(t[3], "unknown pixel format \"" + std::string(t[3].text) + "\"; known: " + names);
  }
  const std::uint32_t min_stride = d.width * bytes_per_pixel(d.format);
  d.stride = 0;  // the layout's smallest valid stride unless given
  for (std::size_t i = 4; i < t.size(); ++i) {
    const std::string_view kv = t[i].text;
    if (kv.starts_with("stride=")) {
      const std::uint64_t stride = reader_.parse_u64(Token{kv.substr(7), t[i].column + 7}, "a stride in bytes");
      if (stride < min_stride || stride > (1u << 30)) {
        reader_.fail(t[i], "the stride must hold a row (at least " + std::to_string(min_stride) + " bytes) and be at most 1 GiB");
      }
      d.stride = static_cast<std::uint32_t>(stride);
    } else if (kv.starts_with("modifier=")) {
      if (!parse_modifier(kv.substr(9), d.layout)) {
        reader_.fail(t[i], "unknown layout modifier \"" + std::string(kv.substr(9)) +
                               "\"; known: linear, I915_FORMAT_MOD_X_TILED, I915_FORMAT_MOD_Y_TILED, I915_FORMAT_MOD_4_TILED, DRM_FORMAT_MOD_ARM_AFBC_16x16");
      }
    } else {
      reader_.fail(t[i], "expected stride=BYTES or modifier=NAME, got \"" + std::string(kv) + "\"");
    }
  }
  try {
    const Surface s({d.layout, d.width, d.height, bytes_per_pixel(d.format), d.stride});
    d.stride = s.stride();
  } catch (const std::invalid_argument& e) {
    reader_.fail(t[2], std::string("this size cannot be laid out as ") + std::string(modifier_name(d.layout)) + ": " + e.what());
  }
  buffers_.emplace_back(t[1].text);
  descs_.push_back(d);
  op.buffer = static_cast<std::uint32_t>(buffers_.size() - 1);
}

void TextTraceReader::parse_sharing(std::string_view verb, TraceOp& op) {
  const auto& t = reader_.tokens();
  auto access_of = [&](const Token& tok, bool allow_rw) {
    if (tok.text == "r" || tok.text == "read") return Access::read;
    if (tok.text == "w" || tok.text == "write") return Access::write;
    if (allow_rw && tok.text == "rw") return Access::rw;
    reader_.fail(tok, std::string("expected ") + (allow_rw ? "read, write or rw" : "r or w") + ", got \"" + std::string(tok.text) + "\"");
  };
  auto agent_of = [&](const Token& tok) { return tok.text == "cpu" ? kCpuAgent : device_index(tok.text); };
  if (verb == "import") {
    reader_.expect_tokens(3, 3, "import BUFFER DEVICE");
    op.code = TraceOpCode::buffer_import;
    op.buffer = known_buffer(t[1]);
    op.device = device_index(t[2].text);
  } else if (verb == "mmap") {
    reader_.expect_tokens(2, 2, "mmap BUFFER");
    op.code = TraceOpCode::buffer_mmap;
    op.buffer = known_buffer(t[1]);
  } else if (verb == "close") {
    reader_.expect_tokens(2, 2, "close BUFFER");
    op.code = TraceOpCode::buffer_close;
    op.buffer = known_buffer(t[1]);
  } else if (verb == "sync") {
    reader_.expect_tokens(4, 4 + kMaxRects, "sync BUFFER start|end read|write|rw [RECT...]");
    op.code = TraceOpCode::sync;
    op.buffer = known_buffer(t[1]);
    if (t[2].text != "start" && t[2].text != "end") reader_.fail(t[2], "expected start or end, got \"" + std::string(t[2].text) + "\"");
    op.start = t[2].text == "start";
    op.access = access_of(t[3], true);
    parse_rects(4, op.buffer, op.rects);
  } else if (verb == "cpu") {
    reader_.expect_tokens(3, 5 + kMaxRects, "cpu r|w BUFFER [RECT...|@OFFSET+LENGTH] [load=plain|streaming] [width=BYTES]");
    op.code = TraceOpCode::cpu_access;
    op.access = access_of(t[1], false);
    op.buffer = known_buffer(t[2]);
    const std::size_t end = parse_load_options(3, op.load);
    if (end < t.size() && op.access != Access::read) reader_.fail(t[end], "load options describe a read (cpu r)");
    if (end == 4 && t[3].text.starts_with("@")) {
      if (descs_[op.buffer].layout != Layout::linear) {
        reader_.fail(t[3], "a byte range addresses a linear buffer; give rectangles for a tiled one");
      }
      const std::string_view spec = t[3].text.substr(1);
      const auto plus = spec.find('+');
      if (plus == std::string_view::npos) reader_.fail(t[3], "expected @OFFSET+LENGTH, got \"" + std::string(t[3].text) + "\"");
      op.byte_range = true;
      op.address = reader_.parse_u64(Token{spec.substr(0, plus), t[3].column + 1}, "a byte offset");
      op.bytes = reader_.parse_size(Token{spec.substr(plus + 1), t[3].column + 2 + static_cast<unsigned>(plus)}, "a length in bytes");
      const BufferDesc& d = descs_[op.buffer];
      const std::uint64_t size = Surface({d.layout, d.width, d.height, bytes_per_pixel(d.format), d.stride}).size();
      if (op.bytes == 0 || op.address >= size || op.bytes > size - op.address) {
        reader_.fail(t[3], "the byte range must be non-empty and inside the buffer's " + std::to_string(size) + " bytes");
      }
    } else {
      parse_rects(3, op.buffer, op.rects, end);
    }
  } else if (verb == "dma") {
    reader_.expect_tokens(4, 4 + kMaxRects, "dma DEVICE r|w BUFFER [RECT...]");
    op.code = TraceOpCode::dma_access;
    op.device = device_index(t[1].text);
    op.access = access_of(t[2], false);
    op.buffer = known_buffer(t[3]);
    parse_rects(4, op.buffer, op.rects);
  } else if (verb == "present") {
    reader_.expect_tokens(3, 3, "present DEVICE BUFFER");
    op.code = TraceOpCode::present;
    op.device = device_index(t[1].text);
    op.buffer = known_buffer(t[2]);
  } else if (verb == "damage") {
    reader_.expect_tokens(2, 2 + kMaxRects, "damage BUFFER [RECT...]");
    op.code = TraceOpCode::damage;
    op.buffer = known_buffer(t[1]);
    parse_rects(2, op.buffer, op.rects);
  } else if (verb == "fence") {
    reader_.expect_tokens(4, 4, "fence signal|wait cpu|DEVICE ID");
    if (t[1].text != "signal" && t[1].text != "wait") reader_.fail(t[1], "expected signal or wait, got \"" + std::string(t[1].text) + "\"");
    op.code = t[1].text == "signal" ? TraceOpCode::fence_signal : TraceOpCode::fence_wait;
    op.device = agent_of(t[2]);
    op.fence = reader_.parse_u64(t[3], "a fence number");
    if (op.code == TraceOpCode::fence_signal) {
      if (!signalled_fences_.insert(op.fence).second) reader_.fail(t[3], "fence " + std::to_string(op.fence) + " is signalled twice");
    } else if (op.device == kCpuAgent && !signalled_fences_.count(op.fence)) {
      reader_.fail(t[3], "the cpu waits for fence " + std::to_string(op.fence) + " before any line signals it (it would wait forever)");
    }
  } else {  // frame
    reader_.expect_tokens(1, 2, "frame [at=NS]");
    op.code = TraceOpCode::frame;
    if (t.size() == 2) {
      if (!t[1].text.starts_with("at=")) reader_.fail(t[1], "expected at=NS, got \"" + std::string(t[1].text) + "\"");
      const std::string_view ns = t[1].text.substr(3);
      if (to_number(ns, op.at_ns) != NumberError::none || !(op.at_ns >= 0) || op.at_ns > kMaxFrameTimeNs) {
        reader_.fail(t[1], "expected a time in ns between 0 and 5 hours, got \"" + std::string(ns) + "\"");
      }
    }
  }
}

bool TextTraceReader::next(TraceOp& op) {
  if (!reader_.next_line()) return false;
  const auto& t = reader_.tokens();
  const std::string_view verb = t[0].text;
  // Reset what this line may not set; `rects` keeps its capacity.
  op.code = TraceOpCode::load;
  op.mapping = Mapping::wb;
  op.device = 0;
  op.address = op.bytes = 0;
  op.buffer = 0;
  op.access = Access::read;
  op.start = op.byte_range = false;
  op.rects.clear();
  op.fence = 0;
  op.at_ns = -1;
  op.load = LoadShape{};
  auto ranged = [&](TraceOpCode code, const char* usage) {
    reader_.expect_tokens(3, 3, usage);
    op.code = code;
    op.address = range(t[1], t[2], op.bytes);
  };
  if (verb == "r") {
    reader_.expect_tokens(2, 5, "r ADDRESS [SIZE] [load=plain|streaming] [width=BYTES]");
    op.code = TraceOpCode::load;
    const std::size_t end = parse_load_options(2, op.load);
    if (end > 3) reader_.fail(t[3], "expected load=plain|streaming or width=BYTES, got \"" + std::string(t[3].text) + "\"");
    const Token eight{"8", t[1].column};
    op.address = range(t[1], end == 3 ? t[2] : eight, op.bytes);
  } else if (verb == "w") {
    reader_.expect_tokens(2, 3, "w ADDRESS [SIZE]");
    op.code = TraceOpCode::store;
    if (t.size() == 3) {
      op.address = range(t[1], t[2], op.bytes);
    } else {
      const Token eight{"8", t[1].column};
      op.address = range(t[1], eight, op.bytes);
    }
  } else if (verb == "clean") {
    ranged(TraceOpCode::clean, "clean ADDRESS SIZE");
  } else if (verb == "inval") {
    ranged(TraceOpCode::invalidate, "inval ADDRESS SIZE");
  } else if (verb == "flush") {
    ranged(TraceOpCode::clean_invalidate, "flush ADDRESS SIZE");
  } else if (verb == "barrier") {
    reader_.expect_tokens(1, 1, "barrier");
    op.code = TraceOpCode::barrier;
  } else if (verb == "map") {
    reader_.expect_tokens(4, 4, "map ADDRESS SIZE wb|wc|uc");
    op.code = TraceOpCode::map;
    op.address = range(t[1], t[2], op.bytes);
    const std::string_view type = t[3].text;
    if (type == "wb")
      op.mapping = Mapping::wb;
    else if (type == "wc")
      op.mapping = Mapping::wc;
    else if (type == "uc")
      op.mapping = Mapping::uc;
    else
      reader_.fail(t[3], "expected a mapping type wb, wc or uc, got \"" + std::string(type) + "\"");
  } else if (verb == "dev") {
    reader_.expect_tokens(5, 5, "dev NAME r|w ADDRESS SIZE");
    const std::string_view dir = t[2].text;
    if (dir != "r" && dir != "w") reader_.fail(t[2], "expected r or w, got \"" + std::string(dir) + "\"");
    op.code = dir == "r" ? TraceOpCode::device_read : TraceOpCode::device_write;
    op.device = device_index(t[1].text);
    op.address = range(t[3], t[4], op.bytes);
  } else if (verb == "compute") {
    reader_.expect_tokens(2, 2, "compute CYCLES");
    op.code = TraceOpCode::compute;
    op.bytes = reader_.parse_u64(t[1], "a cycle count");
    if (op.bytes > (1ull << 50)) reader_.fail(t[1], "the cycle count is beyond any plausible trace (limit 2^50)");
  } else if (verb == "buffer") {
    parse_buffer(op);
  } else if (verb == "import" || verb == "mmap" || verb == "close" || verb == "sync" || verb == "cpu" || verb == "dma" || verb == "damage" || verb == "fence" ||
             verb == "frame" || verb == "present") {
    parse_sharing(verb, op);
  } else {
    reader_.fail(t[0], "unknown operation \"" + std::string(verb) +
                           "\"; expected r, w, clean, inval, flush, barrier, map, dev, compute, buffer, import, mmap, close, sync, cpu, "
                           "dma, present, damage, fence or frame");
  }
  return true;
}

void TextTraceWriter::write(const TraceOp& op, const TraceSource& names) {
  auto device = [&](std::uint32_t i) { return i == kCpuAgent ? std::string("cpu") : names.device_names().at(i); };
  auto buffer = [&]() { return names.buffer_names().at(op.buffer); };
  auto rects = [&]() {
    for (const Rect& r : op.rects) out_ << ' ' << r.x1 << ',' << r.y1 << ',' << r.x2 << ',' << r.y2;
  };
  auto hex = [](std::uint64_t v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
    return std::string(buf);
  };
  auto load_options = [&]() {
    const LoadShape plain{};
    if (op.load.kind != plain.kind) out_ << " load=" << load_kind_name(op.load.kind);
    if (op.load.width != plain.width) out_ << " width=" << op.load.width;
  };
  const char* access = op.access == Access::read ? "read" : op.access == Access::write ? "write" : "rw";
  const char* rw = op.access == Access::write ? "w" : "r";
  switch (op.code) {
    case TraceOpCode::load:
      out_ << "r " << hex(op.address) << ' ' << op.bytes;
      load_options();
      break;
    case TraceOpCode::store:
      out_ << "w " << hex(op.address) << ' ' << op.bytes;
      break;
    case TraceOpCode::clean:
      out_ << "clean " << hex(op.address) << ' ' << op.bytes;
      break;
    case TraceOpCode::invalidate:
      out_ << "inval " << hex(op.address) << ' ' << op.bytes;
      break;
    case TraceOpCode::clean_invalidate:
      out_ << "flush " << hex(op.address) << ' ' << op.bytes;
      break;
    case TraceOpCode::barrier:
      out_ << "barrier";
      break;
    case TraceOpCode::map:
      out_ << "map " << hex(op.address) << ' ' << op.bytes << ' ' << (op.mapping == Mapping::wb ? "wb" : op.mapping == Mapping::wc ? "wc" : "uc");
      break;
    case TraceOpCode::device_read:
      out_ << "dev " << device(op.device) << " r " << hex(op.address) << ' ' << op.bytes;
      break;
    case TraceOpCode::device_write:
      out_ << "dev " << device(op.device) << " w " << hex(op.address) << ' ' << op.bytes;
      break;
    case TraceOpCode::compute:
      out_ << "compute " << op.bytes;
      break;
    case TraceOpCode::buffer_alloc:
      out_ << "buffer " << buffer() << ' ' << op.desc.width << 'x' << op.desc.height << ' ' << format_name(op.desc.format);
      if (op.desc.stride != 0 && op.desc.stride != Surface({op.desc.layout, op.desc.width, op.desc.height, bytes_per_pixel(op.desc.format)}).stride())
        out_ << " stride=" << op.desc.stride;
      if (op.desc.layout != Layout::linear) out_ << " modifier=" << modifier_name(op.desc.layout);
      break;
    case TraceOpCode::buffer_import:
      out_ << "import " << buffer() << ' ' << device(op.device);
      break;
    case TraceOpCode::buffer_mmap:
      out_ << "mmap " << buffer();
      break;
    case TraceOpCode::buffer_close:
      out_ << "close " << buffer();
      break;
    case TraceOpCode::sync:
      out_ << "sync " << buffer() << (op.start ? " start " : " end ") << access;
      rects();
      break;
    case TraceOpCode::cpu_access:
      out_ << "cpu " << rw << ' ' << buffer();
      if (op.byte_range)
        out_ << " @" << op.address << '+' << op.bytes;
      else
        rects();
      if (op.access == Access::read) load_options();
      break;
    case TraceOpCode::dma_access:
      out_ << "dma " << device(op.device) << ' ' << rw << ' ' << buffer();
      rects();
      break;
    case TraceOpCode::present:
      out_ << "present " << device(op.device) << ' ' << buffer();
      break;
    case TraceOpCode::damage:
      out_ << "damage " << buffer();
      rects();
      break;
    case TraceOpCode::fence_signal:
      out_ << "fence signal " << device(op.device) << ' ' << op.fence;
      break;
    case TraceOpCode::fence_wait:
      out_ << "fence wait " << device(op.device) << ' ' << op.fence;
      break;
    case TraceOpCode::frame:
      out_ << "frame";
      if (op.at_ns >= 0) {
        char buf[64];
        std::snprintf(buf, sizeof buf, " at=%.17g", op.at_ns);
        out_ << buf;
      }
      break;
  }
  out_ << '\n';
}

}  // namespace cohsim
