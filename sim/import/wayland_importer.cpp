#include "sim/import/wayland_importer.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <regex>
#include <utility>
#include <sstream>
#include <vector>

#include "models/gpu/tiling.h"
#include "sim/trace/text_trace_reader.h"
#include "sim/trace/trace_op.h"

namespace cohsim {
namespace {

// One protocol message: `[TS] [{queue} ][discarded ][ -> ]iface@id.name(args)`.
// libwayland 1.21 prints neither queue names nor '#'; later releases do.
const std::regex kMessage(R"(^\[ *([0-9]+)\.([0-9]{3})\] (?:\{[^}]*\} )?(discarded )?( -> )?([A-Za-z_]\w*)[@#]([0-9]+)\.([A-Za-z_]\w*)\((.*)\)$)");
// Something that starts like one (a timestamp in brackets, an object) but does not parse.
const std::regex kLooksLikeMessage(R"(^\[ *[0-9]+\.[0-9]{3}\] .*[@#][0-9]+\.)");

struct Message {
  std::uint64_t time_us = 0;
  std::string interface, name;
  std::uint32_t id = 0;
  std::vector<std::string> args;
};

// Splits "a, b, \"c, d\", e" at the commas between arguments; a string runs
// from its opening quote to a quote followed by ", " or the end (libwayland
// does not escape strings).
std::vector<std::string> split_args(const std::string& text) {
  std::vector<std::string> args;
  if (text.empty()) return args;
  std::string current;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"' && !in_string && current.empty()) {
      in_string = true;
    } else if (c == '"' && in_string && (i + 1 == text.size() || text.compare(i + 1, 2, ", ") == 0)) {
      in_string = false;
    } else if (!in_string && c == ',' && i + 1 < text.size() && text[i + 1] == ' ') {
      args.push_back(current);
      current.clear();
      ++i;
      continue;
    }
    current += c;
  }
  args.push_back(current);
  return args;
}

std::optional<std::int64_t> integer(const std::string& s) {
  if (s.empty()) return std::nullopt;
  std::size_t used = 0;
  try {
    const long long v = std::stoll(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  return std::nullopt;
}

// "wl_buffer@10" -> (wl_buffer, 10); "new id wl_buffer@10" and "new id [unknown]@5" too; nil -> nothing.
std::optional<std::pair<std::string, std::uint32_t>> object_arg(std::string s) {
  if (s.rfind("new id ", 0) == 0) s = s.substr(7);
  const std::size_t at = s.find_last_of("@#");
  if (at == std::string::npos) return std::nullopt;
  const auto id = integer(s.substr(at + 1));
  if (!id || *id < 0) return std::nullopt;
  return std::make_pair(s.substr(0, at), static_cast<std::uint32_t>(*id));
}

std::string unquote(const std::string& s) { return s.size() >= 2 && s.front() == '"' && s.back() == '"' ? s.substr(1, s.size() - 2) : s; }

// wl_shm formats 0 and 1, else DRM fourcc codes, as cohsim names them.
std::optional<std::string> format_name(std::uint32_t code, bool shm_enum) {
  if (shm_enum && code == 0) return "ARGB8888";
  if (shm_enum && code == 1) return "XRGB8888";
  auto fourcc = [](const char* s) { return std::uint32_t(s[0]) | std::uint32_t(s[1]) << 8 | std::uint32_t(s[2]) << 16 | std::uint32_t(s[3]) << 24; };
  const std::pair<const char*, const char*> known[] = {{"XR24", "XRGB8888"}, {"AR24", "ARGB8888"}, {"XB24", "XBGR8888"}, {"AB24", "ABGR8888"},
                                                       {"RG16", "RGB565"},   {"YUYV", "YUYV"},     {"R8  ", "R8"}};
  for (const auto& [code4, name] : known)
    if (fourcc(code4) == code) return std::string(name);
  return std::nullopt;
}

// DRM format modifiers cohsim models; anything else is read as linear (and counted).
std::optional<std::string> modifier_name(std::uint64_t m) {
  if (m == 0) return "linear";
  if (m == 0x0100000000000001ULL) return "I915_FORMAT_MOD_X_TILED";
  if (m == 0x0100000000000002ULL) return "I915_FORMAT_MOD_Y_TILED";
  if (m == 0x0100000000000009ULL) return "I915_FORMAT_MOD_4_TILED";
  const bool arm_afbc = (m >> 56) == 0x08 && ((m >> 52) & 0xF) == 0 && (m & 0xF) == 1;  // AFBC, 16x16 superblocks
  if (arm_afbc) return "DRM_FORMAT_MOD_ARM_AFBC_16x16";
  return std::nullopt;
}

struct Rect {
  std::int64_t x1, y1, x2, y2;
};

struct Buffer {
  std::string name;
  std::uint32_t width = 0, height = 0, stride = 0;
  std::string format, modifier = "linear";
  bool dmabuf = false, declared = false, supported = true;
  std::string problem;  // why the trace cannot hold it (then not supported)
  std::uint64_t read_fence = 0;  // the compositor's last read of it (its release)
};

struct WlSurface {
  std::optional<std::uint32_t> pending_buffer;  // attach since the last commit (0: nil)
  bool attached = false;
  std::uint32_t buffer = 0;
  std::int64_t scale = 1, pending_scale = 0;
  std::vector<Rect> surface_damage, buffer_damage;
  std::vector<std::uint32_t> frame_callbacks;
};

struct Frame {
  std::string ops;
  std::uint32_t callback = 0;  // 0: no frame callback
  std::optional<std::uint64_t> done_us;
  bool resolved = false;
};

struct DmabufParams {
  std::uint32_t stride = 0;
  std::uint64_t modifier = 0;
  bool has_plane0 = false;
  std::uint32_t width = 0, height = 0, format = 0;  // from create(), until created()
};

// Why a buffer cannot be written as a trace `buffer` line (empty: it can):
// the trace reader's own limits and the layout's rules. (Found by fuzzing:
// a stride shorter than a row made an unreadable trace.)
std::string buffer_problem(std::uint32_t width, std::uint32_t height, std::uint32_t stride, const std::string& format, const std::string& modifier) {
  PixelFormat f{};
  if (!parse_format(format, f)) return "buffer format not modelled";
  if (width == 0 || height == 0 || width > TextTraceReader::kMaxSide || height > TextTraceReader::kMaxSide) return "buffer size out of range";
  if (stride < std::uint64_t{width} * bytes_per_pixel(f) || stride > (1u << 30)) return "buffer stride shorter than a row or over 1 GiB";
  Layout layout{};
  if (!parse_modifier(modifier, layout)) return "buffer modifier not modelled";
  try {
    const Surface surface({layout, width, height, bytes_per_pixel(f), stride});
    (void)surface;
  } catch (const std::invalid_argument&) {
    return "buffer size or stride that its layout cannot hold";
  }
  return {};
}

class Importer {
 public:
  Importer(std::ostream& out, const WaylandImportParams& params) : out_(out), params_(params) {}

  void line(const std::string& text) {
    ++summary.lines;
    std::smatch m;
    if (!std::regex_match(text, m, kMessage)) {
      std::smatch partial;
      ++summary.skipped[std::regex_search(text, partial, kLooksLikeMessage) ? "malformed or truncated protocol line" : "not a protocol line"];
      return;
    }
    Message msg;
    msg.time_us = unwrap(std::stoull(m[1].str()) * 1000 + std::stoull(m[2].str()));
    if (m[3].matched) {
      ++summary.skipped["discarded event (its object was gone)"];
      return;
    }
    msg.interface = m[5].str();
    msg.id = static_cast<std::uint32_t>(std::stoul(m[6].str()));
    msg.name = m[7].str();
    msg.args = split_args(m[8].str());
    ++summary.messages;
    if (!handle(msg)) ++summary.skipped["malformed arguments of " + msg.interface + "." + msg.name];
  }

  void finish() {
    for (Frame& f : frames_) f.resolved = true;
    flush_frames();
    for (const auto& [id, b] : buffers_)
      if (!b.declared) ++summary.buffers_never_committed;
  }

  WaylandImportSummary summary;

 private:
  // The log's clock is microseconds modulo 2^32: undo the wrap.
  std::uint64_t unwrap(std::uint64_t t) {
    if (last_raw_ && t + (1ULL << 31) < *last_raw_) wrap_ += 1ULL << 32;
    last_raw_ = t;
    return t + wrap_;
  }

  bool handle(const Message& msg) {
    // Every new object's interface, for the messages that name it later.
    for (const auto& a : msg.args)
      if (a.rfind("new id ", 0) == 0)
        if (auto o = object_arg(a); o && o->first != "[unknown]") objects_[o->second] = o->first;
    const std::string& i = msg.interface;
    const std::string& n = msg.name;
    const auto& a = msg.args;
    if (i == "wl_registry" && n == "bind" && a.size() == 4) {
      if (auto o = object_arg(a[3])) objects_[o->second] = unquote(a[1]);
      return true;
    }
    if (i == "wl_shm_pool" && n == "create_buffer") return shm_buffer(a);
    if (i == "zwp_linux_buffer_params_v1") return dmabuf_params(msg);
    if (i == "wl_surface") return surface(msg);
    if (i == "wl_callback" && n == "done") return callback_done(msg);
    if (i == "wl_buffer" && n == "release") {
      ++summary.releases;
      return true;
    }
    if (i == "wl_buffer" && n == "destroy") {
      buffers_.erase(msg.id);
      return true;
    }
    if (i == "wp_viewport" && (n == "set_source" || n == "set_destination")) {
      ++summary.skipped["viewport crop or scale (surface damage not mapped through it)"];
      return true;
    }
    if (i == "wl_display" || i == "wl_registry" || i == "wl_shm" || i == "wl_shm_pool" || i == "wl_compositor" || i == "zwp_linux_dmabuf_v1" ||
        i == "wl_buffer" || i == "wl_callback")
      return true;  // part of the buffer story, nothing to record
    ++summary.ignored_interfaces[i];
    return true;
  }

  std::string new_buffer_name(std::uint32_t id) {
    const std::uint64_t generation = ++generations_[id];
    return "wl_buffer_" + std::to_string(id) + (generation > 1 ? "_g" + std::to_string(generation) : "");
  }

  bool shm_buffer(const std::vector<std::string>& a) {
    // create_buffer(new id wl_buffer, offset, width, height, stride, format)
    if (a.size() != 6) return false;
    const auto o = object_arg(a[0]);
    const auto w = integer(a[2]), h = integer(a[3]), stride = integer(a[4]), format = integer(a[5]);
    if (!o || !w || !h || !stride || !format || *w <= 0 || *h <= 0 || *stride <= 0) return false;
    Buffer b;
    b.name = new_buffer_name(o->second);
    b.width = static_cast<std::uint32_t>(*w);
    b.height = static_cast<std::uint32_t>(*h);
    b.stride = static_cast<std::uint32_t>(*stride);
    const auto f = format_name(static_cast<std::uint32_t>(*format), true);
    b.format = f.value_or("");
    check(b);
    buffers_[o->second] = b;
    return true;
  }

  // A buffer the trace cannot hold is kept (its commits are counted) but never written.
  void check(Buffer& b) {
    b.problem = buffer_problem(b.width, b.height, b.stride, b.format, b.modifier);
    b.supported = b.problem.empty();
  }

  bool dmabuf_params(const Message& msg) {
    const auto& a = msg.args;
    DmabufParams& p = params_of_[msg.id];
    if (msg.name == "add") {
      // add(fd, plane_idx, offset, stride, modifier_hi, modifier_lo)
      if (a.size() != 6) return false;
      const auto plane = integer(a[1]), stride = integer(a[3]), hi = integer(a[4]), lo = integer(a[5]);
      if (!plane || !stride || !hi || !lo) return false;
      if (*plane == 0) {
        p.stride = static_cast<std::uint32_t>(*stride);
        p.modifier = static_cast<std::uint64_t>(*hi) << 32 | static_cast<std::uint32_t>(*lo);
        p.has_plane0 = true;
      } else {
        ++summary.skipped["dma-buf planes after the first (cohsim models one plane)"];
      }
      return true;
    }
    if (msg.name == "create_immed") {
      // create_immed(new id wl_buffer, width, height, format, flags)
      if (a.size() != 5) return false;
      const auto o = object_arg(a[0]);
      const auto w = integer(a[1]), h = integer(a[2]), format = integer(a[3]);
      if (!o || !w || !h || !format) return false;
      return dmabuf_buffer(o->second, p, static_cast<std::uint32_t>(*w), static_cast<std::uint32_t>(*h), static_cast<std::uint32_t>(*format));
    }
    if (msg.name == "create") {
      if (a.size() != 4) return false;
      const auto w = integer(a[0]), h = integer(a[1]), format = integer(a[2]);
      if (!w || !h || !format) return false;
      p.width = static_cast<std::uint32_t>(*w);
      p.height = static_cast<std::uint32_t>(*h);
      p.format = static_cast<std::uint32_t>(*format);
      return true;
    }
    if (msg.name == "created") {
      const auto o = a.size() == 1 ? object_arg(a[0]) : std::nullopt;
      if (!o) return false;
      return dmabuf_buffer(o->second, p, p.width, p.height, p.format);
    }
    return true;  // destroy, failed
  }

  bool dmabuf_buffer(std::uint32_t id, const DmabufParams& p, std::uint32_t width, std::uint32_t height, std::uint32_t format) {
    if (width == 0 || height == 0 || !p.has_plane0) return false;
    Buffer b;
    b.name = new_buffer_name(id);
    b.width = width;
    b.height = height;
    b.stride = p.stride;
    b.dmabuf = true;
    const auto f = format_name(format, false);
    b.format = f.value_or("");
    if (const auto m = modifier_name(p.modifier)) {
      b.modifier = *m;
    } else {
      ++summary.skipped[p.modifier == 0x00ffffffffffffffULL ? "implicit modifier (DRM_FORMAT_MOD_INVALID) taken as linear"
                                                             : "unmodelled modifier taken as linear"];
    }
    check(b);
    buffers_[id] = b;
    return true;
  }

  bool surface(const Message& msg) {
    WlSurface& s = surfaces_[msg.id];
    const auto& a = msg.args;
    const std::string& n = msg.name;
    if (n == "attach") {
      if (a.size() != 3) return false;
      const auto o = object_arg(a[0]);
      s.pending_buffer = o ? o->second : 0;
      return true;
    }
    if (n == "damage" || n == "damage_buffer") {
      if (a.size() != 4) return false;
      const auto x = integer(a[0]), y = integer(a[1]), w = integer(a[2]), h = integer(a[3]);
      if (!x || !y || !w || !h) return false;
      (n == "damage" ? s.surface_damage : s.buffer_damage).push_back(Rect{*x, *y, *x + *w, *y + *h});
      return true;
    }
    if (n == "set_buffer_scale") {
      const auto scale = a.size() == 1 ? integer(a[0]) : std::nullopt;
      if (!scale || *scale < 1) return false;
      s.pending_scale = *scale;
      return true;
    }
    if (n == "set_buffer_transform") {
      if (a.size() == 1 && a[0] != "0") ++summary.skipped["buffer transform (damage taken untransformed)"];
      return true;
    }
    if (n == "frame") {
      const auto o = a.size() == 1 ? object_arg(a[0]) : std::nullopt;
      if (!o) return false;
      s.frame_callbacks.push_back(o->second);
      return true;
    }
    if (n == "commit") {
      commit(s, msg.time_us);
      return true;
    }
    if (n == "destroy") {
      surfaces_.erase(msg.id);
      return true;
    }
    return true;  // opaque and input regions, enter/leave: no buffer state
  }

  std::string rects_text(const std::vector<Rect>& rects) const {
    std::string out;
    for (const Rect& r : rects) out += " " + std::to_string(r.x1) + "," + std::to_string(r.y1) + "," + std::to_string(r.x2) + "," + std::to_string(r.y2);
    return out;
  }

  void commit(WlSurface& s, std::uint64_t time_us) {
    ++summary.commits;
    if (!origin_us_) origin_us_ = time_us;
    if (s.pending_buffer) {
      s.buffer = *s.pending_buffer;
      s.pending_buffer.reset();
    }
    if (s.pending_scale != 0) s.scale = std::exchange(s.pending_scale, 0);
    Frame frame;
    if (!s.frame_callbacks.empty()) frame.callback = s.frame_callbacks.front();
    for (std::uint32_t cb : s.frame_callbacks) frame_of_callback_[cb] = frame_serial_;
    s.frame_callbacks.clear();
    std::ostringstream ops;
    auto it = buffers_.find(s.buffer);
    if (s.buffer == 0 || it == buffers_.end()) {
      if (s.buffer != 0) ++summary.skipped["commit of a buffer the log never created"];
    } else if (!it->second.supported) {
      ++summary.skipped["commit of a buffer cohsim cannot hold: " + it->second.problem];
    } else {
      Buffer& b = it->second;
      // Damage in buffer pixels: surface damage scaled, both clipped to the buffer.
      std::vector<Rect> rects;
      auto add = [&](Rect r, std::int64_t scale) {
        r = Rect{r.x1 * scale, r.y1 * scale, r.x2 * scale, r.y2 * scale};
        r = Rect{std::max<std::int64_t>(0, r.x1), std::max<std::int64_t>(0, r.y1), std::min<std::int64_t>(b.width, r.x2), std::min<std::int64_t>(b.height, r.y2)};
        if (r.x2 > r.x1 && r.y2 > r.y1) rects.push_back(r);
      };
      for (const Rect& r : s.surface_damage) add(r, s.scale);
      for (const Rect& r : s.buffer_damage) add(r, 1);
      if (rects.size() > TextTraceReader::kMaxRects) {
        // A trace line holds at most kMaxRects rectangles: their bounding box stands for them.
        Rect box = rects.front();
        for (const Rect& r : rects) box = Rect{std::min(box.x1, r.x1), std::min(box.y1, r.y1), std::max(box.x2, r.x2), std::max(box.y2, r.y2)};
        rects.assign(1, box);
        ++summary.skipped["commit with more damage rectangles than a trace line holds (their bounding box taken)"];
      }
      if (!b.declared) {
        b.declared = true;
        ++(b.dmabuf ? summary.dmabuf_buffers : summary.shm_buffers);
        ops << "buffer " << b.name << " " << b.width << "x" << b.height << " " << b.format << " stride=" << b.stride;
        if (b.modifier != "linear") ops << " modifier=" << b.modifier;
        ops << "\nimport " << b.name << " " << params_.reader << "\n";
        if (b.dmabuf && params_.renderer != params_.reader) ops << "import " << b.name << " " << params_.renderer << "\n";
        if (!b.dmabuf) ops << "mmap " << b.name << "\n";
      }
      if (!rects.empty()) {
        summary.damage_rects += rects.size();
        const std::string r = rects_text(rects);
        if (b.dmabuf) {
          if (b.read_fence != 0) ops << "fence wait " << params_.renderer << " " << b.read_fence << "\n";
          const std::uint64_t rendered = ++fence_;
          ops << "dma " << params_.renderer << " w " << b.name << r << "\nfence signal " << params_.renderer << " " << rendered << "\nfence wait "
              << params_.reader << " " << rendered << "\n";
        } else {
          if (b.read_fence != 0) ops << "fence wait cpu " << b.read_fence << "\n";
          // The commit hands the buffer over: the compositor's read is a new job after it.
          const std::uint64_t committed = ++fence_;
          ops << "sync " << b.name << " start write" << r << "\ncpu w " << b.name << r << "\nsync " << b.name << " end write" << r << "\nfence signal cpu "
              << committed << "\nfence wait " << params_.reader << " " << committed << "\n";
        }
        b.read_fence = ++fence_;
        ops << "damage " << b.name << r << "\ndma " << params_.reader << " r " << b.name << r << "\nfence signal " << params_.reader << " " << b.read_fence
            << "\n";
      }
    }
    s.surface_damage.clear();
    s.buffer_damage.clear();
    frame.ops = ops.str();
    // A commit without a frame callback is paced by nothing: its frame line goes out untimed.
    frame.resolved = frame.callback == 0;
    frames_.push_back(std::move(frame));
    ++frame_serial_;
    flush_frames();
  }

  bool callback_done(const Message& msg) {
    auto it = frame_of_callback_.find(msg.id);
    if (it == frame_of_callback_.end()) return true;  // a wl_display.sync: its argument is a serial
    const std::uint64_t serial = it->second;
    frame_of_callback_.erase(it);
    if (serial >= flushed_ && serial - flushed_ < frames_.size()) {
      Frame& f = frames_[serial - flushed_];
      if (!f.done_us) f.done_us = msg.time_us;
      f.resolved = true;
    }
    flush_frames();
    return true;
  }

  // Frames go out in commit order once each knows when the next may start.
  void flush_frames() {
    while (!frames_.empty() && frames_.front().resolved) {
      const Frame& f = frames_.front();
      out_ << "# commit " << flushed_ << "\n" << f.ops;
      const bool timed = f.done_us && origin_us_ && *f.done_us >= *origin_us_;
      if (timed && static_cast<double>(*f.done_us - *origin_us_) * 1000 <= TextTraceReader::kMaxFrameTimeNs) {
        ++summary.frames_timed;
        out_ << "frame at=" << (*f.done_us - *origin_us_) * 1000 << "\n";
      } else {
        // A trace spans at most five hours: later frames (a log of days, a clock jump) go out untimed.
        if (timed) ++summary.skipped["frame time beyond the trace's five hours (left untimed)"];
        out_ << "frame\n";
      }
      frames_.pop_front();
      ++flushed_;
    }
  }

  std::ostream& out_;
  WaylandImportParams params_;
  std::map<std::uint32_t, std::string> objects_;
  std::map<std::uint32_t, Buffer> buffers_;
  std::map<std::uint32_t, std::uint64_t> generations_;
  std::map<std::uint32_t, DmabufParams> params_of_;
  std::map<std::uint32_t, WlSurface> surfaces_;
  std::map<std::uint32_t, std::uint64_t> frame_of_callback_;
  std::deque<Frame> frames_;
  std::uint64_t frame_serial_ = 0, flushed_ = 0, fence_ = 0;
  std::optional<std::uint64_t> last_raw_, origin_us_;
  std::uint64_t wrap_ = 0;
};

}  // namespace

std::string WaylandImportSummary::text() const {
  std::ostringstream out;
  out << lines << " lines, " << messages << " protocol messages; " << commits << " commits (" << frames_timed << " timed by a frame callback), "
      << damage_rects << " damage rectangles, " << releases << " releases\n"
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
  return out.str();
}

WaylandImportSummary import_wayland_log(std::istream& in, std::ostream& out, const WaylandImportParams& params) {
  std::ostringstream body;
  Importer importer(body, params);
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    importer.line(line);
  }
  importer.finish();
  out << "# cohsim buffer-sharing trace imported from the Wayland protocol log " << params.source_name << " by `cohsim import wayland`\n"
      << "# (docs/wayland-import.md): wl_shm buffers are drawn by the CPU, dma-buf buffers by " << params.renderer << "; the compositor's "
      << params.reader << " reads each commit's damage.\n";
  std::istringstream summary(importer.summary.text());
  for (std::string s; std::getline(summary, s);) out << "# " << s << "\n";
  out << body.str();
  return importer.summary;
}

}  // namespace cohsim
