#include "sim/trace/text_trace_reader.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <ostream>

#include "sim/trace/trace_grammar.h"
#include "sim/util/checked_number.h"

namespace cohsim {

std::uint64_t TextTraceReader::range(const Token& address_token, const Token& size_token, std::uint64_t& bytes) const {
  const std::uint64_t address = reader_.parse_u64(address_token, "an address");
  bytes = reader_.parse_size(size_token, "a size in bytes");
  if (bytes == 0) reader_.fail(size_token, "the size must be at least 1 byte");
  if (bytes > TraceLimits::kMaxOpBytes) reader_.fail(size_token, "the size exceeds the 1 TiB limit of one operation");
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
  if (end > first && end - first > TraceLimits::kMaxRects)
    reader_.fail(t[first + TraceLimits::kMaxRects], "more than " + std::to_string(TraceLimits::kMaxRects) + " rectangles on one line");
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
  if (!is_trace_identifier(t[1].text)) reader_.fail(t[1], "a buffer name starts with a letter and uses letters, digits, '_', '-' and '.'");
  if (std::find(buffers_.begin(), buffers_.end(), t[1].text) != buffers_.end()) {
    reader_.fail(t[1], "a buffer named \"" + std::string(t[1].text) + "\" already exists");
  }
  BufferDesc d;
  const std::string_view size = t[2].text;
  const auto x = size.find('x');
  auto side = [&](std::string_view s, std::uint32_t& out) { return to_number(s, out) == NumberError::none && out > 0 && out <= TraceLimits::kMaxSide; };
  if (x == std::string_view::npos || !side(size.substr(0, x), d.width) || !side(size.substr(x + 1), d.height)) {
    reader_.fail(t[2], "expected WIDTHxHEIGHT in pixels, each 1 to " + std::to_string(TraceLimits::kMaxSide) + ", got \"" + std::string(size) + "\"");
  }
  if (!parse_format(t[3].text, d.format)) {
    reader_.fail(t[3], "unknown pixel format \"" + std::string(t[3].text) + "\"; known: " + pixel_format_list());
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
        reader_.fail(t[i], "unknown layout modifier \"" + std::string(kv.substr(9)) + "\"; known: " + modifier_list());
      }
    } else if (kv.starts_with("exporter=")) {
      ExporterKind kind{};
      if (!parse_exporter_kind(kv.substr(9), kind)) {
        reader_.fail(t[i], "unknown exporter \"" + std::string(kv.substr(9)) + "\"; known: " + exporter_kind_list());
      }
      d.exporter = kind;
    } else {
      reader_.fail(t[i], "expected stride=BYTES, modifier=NAME or exporter=KIND, got \"" + std::string(kv) + "\"");
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
  op.what = trace::BufferAlloc{static_cast<std::uint32_t>(buffers_.size() - 1), d};
}

Access TextTraceReader::access_of(const Token& t, bool allow_rw) const {
  Access access = Access::read;
  if (!parse_access_word(t.text, allow_rw, access)) {
    reader_.fail(t, std::string("expected ") + (allow_rw ? "read, write or rw" : "r or w") + ", got \"" + std::string(t.text) + "\"");
  }
  return access;
}

void TextTraceReader::parse_cpu(TraceOp& op) {
  const auto& t = reader_.tokens();
  trace::CpuAccess& a = op.what.emplace<trace::CpuAccess>();
  a.access = access_of(t[1], false);
  a.buffer = known_buffer(t[2]);
  const std::size_t end = parse_load_options(3, a.shape);
  if (end < t.size() && a.access != Access::read) reader_.fail(t[end], "load options describe a read (cpu r)");
  if (end != 4 || !t[3].text.starts_with("@")) return parse_rects(3, a.buffer, op.rects, end);
  if (descs_[a.buffer].layout != Layout::linear) reader_.fail(t[3], "a byte range addresses a linear buffer; give rectangles for a tiled one");
  const std::string_view spec = t[3].text.substr(1);
  const auto plus = spec.find('+');
  if (plus == std::string_view::npos) reader_.fail(t[3], "expected @OFFSET+LENGTH, got \"" + std::string(t[3].text) + "\"");
  trace::ByteRange r;
  r.offset = reader_.parse_u64(Token{spec.substr(0, plus), t[3].column + 1}, "a byte offset");
  r.length = reader_.parse_size(Token{spec.substr(plus + 1), t[3].column + 2 + static_cast<unsigned>(plus)}, "a length in bytes");
  const BufferDesc& d = descs_[a.buffer];
  const std::uint64_t size = Surface({d.layout, d.width, d.height, bytes_per_pixel(d.format), d.stride}).size();
  if (r.length == 0 || r.offset >= size || r.length > size - r.offset) {
    reader_.fail(t[3], "the byte range must be non-empty and inside the buffer's " + std::to_string(size) + " bytes");
  }
  a.byte_range = r;
}

void TextTraceReader::parse_fence(TraceOp& op) {
  const auto& t = reader_.tokens();
  if (t[1].text != "signal" && t[1].text != "wait") reader_.fail(t[1], "expected signal or wait, got \"" + std::string(t[1].text) + "\"");
  trace::Fence& f = op.what.emplace<trace::Fence>();
  f.signal = t[1].text == "signal";
  f.agent = t[2].text == "cpu" ? kCpuAgent : device_index(t[2].text);
  f.id = reader_.parse_u64(t[3], "a fence number");
  if (f.signal) {
    if (!signalled_fences_.insert(f.id).second) reader_.fail(t[3], "fence " + std::to_string(f.id) + " is signalled twice");
  } else if (f.agent == kCpuAgent && !signalled_fences_.count(f.id)) {
    reader_.fail(t[3], "the cpu waits for fence " + std::to_string(f.id) + " before any line signals it (it would wait forever)");
  }
}

void TextTraceReader::parse_frame(TraceOp& op) {
  const auto& t = reader_.tokens();
  trace::Frame& f = op.what.emplace<trace::Frame>();
  if (t.size() < 2) return;
  if (!t[1].text.starts_with("at=")) reader_.fail(t[1], "expected at=NS, got \"" + std::string(t[1].text) + "\"");
  const std::string_view ns = t[1].text.substr(3);
  if (to_number(ns, f.at_ns) != NumberError::none || !(f.at_ns >= 0) || f.at_ns > TraceLimits::kMaxFrameTimeNs) {
    reader_.fail(t[1], "expected a time in ns between 0 and 5 hours, got \"" + std::string(ns) + "\"");
  }
}

void TextTraceReader::parse_load(TraceOp& op) {
  const auto& t = reader_.tokens();
  trace::Load& l = op.what.emplace<trace::Load>();
  const std::size_t end = parse_load_options(2, l.shape);
  if (end > 3) reader_.fail(t[3], "expected load=plain|streaming or width=BYTES, got \"" + std::string(t[3].text) + "\"");
  const Token eight{"8", t[1].column};
  l.address = range(t[1], end == 3 ? t[2] : eight, l.bytes);
}

// The memory operations by address.
void TextTraceReader::parse_memory(TraceVerb verb, TraceOp& op) {
  const auto& t = reader_.tokens();
  switch (verb) {
    case TraceVerb::r:
      return parse_load(op);
    case TraceVerb::w: {
      trace::Store& w = op.what.emplace<trace::Store>();
      const Token eight{"8", t[1].column};
      w.address = range(t[1], t.size() == 3 ? t[2] : eight, w.bytes);
      return;
    }
    case TraceVerb::clean:
    case TraceVerb::inval:
    case TraceVerb::flush: {
      trace::Maintain& m = op.what.emplace<trace::Maintain>();
      m.kind = maintenance_kind(verb);
      m.address = range(t[1], t[2], m.bytes);
      return;
    }
    case TraceVerb::barrier:
      op.what = trace::Barrier{};
      return;
    case TraceVerb::map: {
      trace::Map& m = op.what.emplace<trace::Map>();
      m.address = range(t[1], t[2], m.bytes);
      if (!parse_mapping_word(t[3].text, m.mapping)) reader_.fail(t[3], "expected a mapping type wb, wc or uc, got \"" + std::string(t[3].text) + "\"");
      return;
    }
    case TraceVerb::dev: {
      if (t[2].text != "r" && t[2].text != "w") reader_.fail(t[2], "expected r or w, got \"" + std::string(t[2].text) + "\"");
      trace::DeviceJob& j = op.what.emplace<trace::DeviceJob>();
      j.write = t[2].text == "w";
      j.device = device_index(t[1].text);
      j.address = range(t[3], t[4], j.bytes);
      return;
    }
    default: {  // compute
      trace::Compute& c = op.what.emplace<trace::Compute>();
      c.cycles = reader_.parse_u64(t[1], "a cycle count");
      if (c.cycles > (1ull << 50)) reader_.fail(t[1], "the cycle count is beyond any plausible trace (limit 2^50)");
      return;
    }
  }
}

// The buffer-sharing operations, by buffer name.
void TextTraceReader::parse_sharing(TraceVerb verb, TraceOp& op) {
  const auto& t = reader_.tokens();
  switch (verb) {
    case TraceVerb::buffer:
      return parse_buffer(op);
    case TraceVerb::import: {
      const std::uint32_t buffer = known_buffer(t[1]);
      op.what = trace::Import{buffer, device_index(t[2].text)};
      return;
    }
    case TraceVerb::mmap:
      op.what = trace::Mmap{known_buffer(t[1])};
      return;
    case TraceVerb::close:
      op.what = trace::Close{known_buffer(t[1])};
      return;
    case TraceVerb::sync: {
      trace::Sync& s = op.what.emplace<trace::Sync>();
      s.buffer = known_buffer(t[1]);
      if (t[2].text != "start" && t[2].text != "end") reader_.fail(t[2], "expected start or end, got \"" + std::string(t[2].text) + "\"");
      s.start = t[2].text == "start";
      s.access = access_of(t[3], true);
      return parse_rects(4, s.buffer, op.rects);
    }
    case TraceVerb::cpu:
      return parse_cpu(op);
    case TraceVerb::dma: {
      trace::DmaAccess& a = op.what.emplace<trace::DmaAccess>();
      a.device = device_index(t[1].text);
      a.access = access_of(t[2], false);
      a.buffer = known_buffer(t[3]);
      return parse_rects(4, a.buffer, op.rects);
    }
    case TraceVerb::present: {
      const std::uint32_t device = device_index(t[1].text);
      op.what = trace::Present{device, known_buffer(t[2])};
      return;
    }
    case TraceVerb::damage: {
      const std::uint32_t buffer = known_buffer(t[1]);
      op.what = trace::Damage{buffer};
      return parse_rects(2, buffer, op.rects);
    }
    case TraceVerb::fence:
      return parse_fence(op);
    default:  // frame
      return parse_frame(op);
  }
}

bool TextTraceReader::next(TraceOp& op) {
  if (!reader_.next_line()) return false;
  const auto& t = reader_.tokens();
  const TraceVerbForm* form = find_trace_verb(t[0].text);
  if (form == nullptr) reader_.fail(t[0], "unknown operation \"" + std::string(t[0].text) + "\"; expected " + trace_verb_list());
  reader_.expect_tokens(form->min_tokens, form->max_tokens, form->usage.data());  // the table's usages are literals
  op.rects.clear();                                                               // keeps its capacity; each line sets `what` whole
  if (form->verb <= TraceVerb::compute) {
    parse_memory(form->verb, op);
  } else {
    parse_sharing(form->verb, op);
  }
  return true;
}

}  // namespace cohsim
