#include "sim/import/wayland_importer.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <sstream>
#include <utility>
#include <vector>

#include "models/tiling/tiling.h"
#include "sim/import/wayland_log_line.h"
#include "sim/import/wayland_trace_writer.h"
#include "sim/trace/trace_grammar.h"
#include "sim/trace/trace_op.h"
#include "sim/util/checked_number.h"
#include "sim/util/input_error.h"

namespace cohsim {
namespace {

using Rect = WaylandRect;
using Buffer = WaylandBuffer;

struct WlSurface {
  std::optional<std::uint32_t> pending_buffer;  // attach since the last commit (0: nil)
  bool attached = false;
  std::uint32_t buffer = 0;
  std::int64_t scale = 1, pending_scale = 0;
  std::vector<Rect> surface_damage, buffer_damage;
  std::vector<std::uint32_t> frame_callbacks;
};

struct DmabufParams {
  std::uint32_t stride = 0;
  std::uint64_t modifier = 0;
  bool has_plane0 = false;
  std::uint32_t width = 0, height = 0, format = 0;  // from create(), until created()
};

// One client's objects. Every client numbers its objects itself, so in a
// compositor-side stream the same id names different objects of different
// clients at once (wl_surface@3 of every client, a wl_buffer@11 of 300x200
// beside another client's of 600x400).
struct ClientState {
  std::string label;              // "" (a libwayland log: one id space) or "client2" (weston's stream)
  std::size_t summary_index = 0;  // into summary.clients, when labelled
  std::map<std::uint32_t, Buffer> buffers;
  std::map<std::uint32_t, std::uint64_t> generations;
  std::map<std::uint32_t, DmabufParams> params_of;
  std::map<std::uint32_t, WlSurface> surfaces;
  std::map<std::uint32_t, std::uint64_t> frame_of_callback;
};

class Importer {
 public:
  // `weston_stream`: the log holds weston's proto stream, which names each
  // message's client; libwayland's lines beside it are then the same
  // messages without their client (WAYLAND_DEBUG=server on the same stderr)
  // and are skipped.
  Importer(std::ostream& out, const WaylandImportParams& params, bool weston_stream)
      : out_(out),
        params_(params),
        weston_stream_(weston_stream) {}

  void line(const std::string& text) {
    line_ = ++summary.lines;
    WaylandLine parsed = parse_wayland_line(text, params_.source_name, line_, weston_stream_);
    if (parsed.kind == WaylandLine::Kind::libwayland) parsed.message.time_us = unwrap(parsed.message.time_us);  // a discarded event's too
    if (!parsed.skip_reason.empty()) {
      ++summary.skipped[parsed.skip_reason];
      return;
    }
    message(client_of(parsed.message.client), parsed.message);
  }

  void finish() {
    trace_.finish();
    for (const ClientState& c : clients_)
      for (const auto& [id, b] : c.buffers)
        if (!b.declared) ++summary.buffers_never_committed;
  }

  WaylandImportSummary summary;

 private:
  TextPlace place_of(const WaylandArg& arg, std::size_t offset = 0) const { return TextPlace{params_.source_name, line_, arg.column + offset}; }

  // An argument's integer in its wire type: nothing when the text is no
  // number (a malformed message, skipped and counted), an InputError naming
  // the place when it is one the type cannot hold (no libwayland or weston
  // prints that: the file is corrupt, or no log).
  template <class T>
  std::optional<T> number(const std::string& text, const TextPlace& at, std::string_view what) const {
    T value{};
    switch (to_number(text, value)) {
      case NumberError::none:
        return value;
      case NumberError::not_a_number:
        return std::nullopt;
      case NumberError::out_of_range:
        break;
    }
    return checked_number<T>(text, at, what);  // throws, saying it is out of range
  }
  template <class T>
  std::optional<T> number(const WaylandArg& arg, std::string_view what) const {
    return number<T>(arg.text, place_of(arg), what);
  }

  // "wl_buffer@10" -> (wl_buffer, 10); "new id wl_buffer@10" and "new id [unknown]@5" too; nil -> nothing.
  std::optional<std::pair<std::string, std::uint32_t>> object_arg(const WaylandArg& arg) const {
    const std::size_t start = arg.text.rfind("new id ", 0) == 0 ? 7 : 0;
    const std::size_t at = arg.text.find_last_of("@#");
    if (at == std::string::npos || at < start) return std::nullopt;
    const auto id = number<std::uint32_t>(arg.text.substr(at + 1), place_of(arg, at + 1), "an object id");
    if (!id) return std::nullopt;
    return std::make_pair(arg.text.substr(start, at - start), *id);
  }

  // The client a weston line names, numbered in order of appearance; "" is
  // a libwayland log's one client.
  ClientState& client_of(const std::string& address) {
    const auto [it, added] = client_index_.try_emplace(address, clients_.size());
    if (added) {
      ClientState& c = clients_.emplace_back();
      if (!address.empty()) {
        c.label = "client" + std::to_string(summary.clients.size() + 1);
        c.summary_index = summary.clients.size();
        summary.clients.push_back(WaylandImportSummary::Client{c.label, address, 0, 0});
      }
    }
    return clients_[it->second];
  }

  void message(ClientState& c, const WaylandMessage& msg) {
    ++summary.messages;
    if (!handle(c, msg)) ++summary.skipped["malformed arguments of " + msg.interface + "." + msg.name];
  }

  // The log's clock is microseconds modulo 2^32: undo the wrap.
  std::uint64_t unwrap(std::uint64_t t) {
    if (last_raw_ && t + (1ULL << 31) < *last_raw_) wrap_ += 1ULL << 32;
    last_raw_ = t;
    return t + wrap_;
  }

  bool handle(ClientState& c, const WaylandMessage& msg) {
    // A new object ends what its id named before: ids are reused after
    // delete_id, and a weston client that reconnects at the same address
    // (weston logs no disconnect) starts its ids over.
    for (const WaylandArg& arg : msg.args)
      if (arg.text.rfind("new id ", 0) == 0)
        if (const auto o = object_arg(arg)) {
          c.frame_of_callback.erase(o->second);
          if (o->first == "wl_surface") c.surfaces.erase(o->second);
          if (o->first == "zwp_linux_buffer_params_v1") c.params_of.erase(o->second);
        }
    const std::string& i = msg.interface;
    const std::string& n = msg.name;
    if (i == "wl_shm_pool" && n == "create_buffer") return shm_buffer(c, msg.args);
    if (i == "zwp_linux_buffer_params_v1") return dmabuf_params(c, msg);
    if (i == "wl_surface") return surface(c, msg);
    if (i == "wl_callback" && n == "done") return callback_done(c, msg);
    if (i == "wl_buffer" && n == "release") {
      ++summary.releases;
      return true;
    }
    if (i == "wl_buffer" && n == "destroy") {
      c.buffers.erase(msg.id);
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

  std::string new_buffer_name(ClientState& c, std::uint32_t id) {
    const std::uint64_t generation = ++c.generations[id];
    return (c.label.empty() ? "" : c.label + "_") + "wl_buffer_" + std::to_string(id) + (generation > 1 ? "_g" + std::to_string(generation) : "");
  }

  bool shm_buffer(ClientState& c, const std::vector<WaylandArg>& a) {
    // create_buffer(new id wl_buffer, offset, width, height, stride, format)
    if (a.size() != 6) return false;
    const auto o = object_arg(a[0]);
    const auto w = number<std::int32_t>(a[2], "a buffer width"), h = number<std::int32_t>(a[3], "a buffer height");
    const auto stride = number<std::int32_t>(a[4], "a buffer stride");
    const auto format = number<std::uint32_t>(a[5], "a wl_shm format");
    if (!o || !w || !h || !stride || !format || *w <= 0 || *h <= 0 || *stride <= 0) return false;
    Buffer b;
    b.name = new_buffer_name(c, o->second);
    b.width = static_cast<std::uint32_t>(*w);
    b.height = static_cast<std::uint32_t>(*h);
    b.stride = static_cast<std::uint32_t>(*stride);
    const auto f = wayland_format_name(*format, true);
    b.format = f.value_or("");
    check(b);
    c.buffers[o->second] = b;
    return true;
  }

  // A buffer the trace cannot hold is kept (its commits are counted) but never written.
  void check(Buffer& b) {
    b.problem = trace_buffer_problem(b.width, b.height, b.stride, b.format, b.modifier);
    b.supported = b.problem.empty();
  }

  bool dmabuf_params(ClientState& c, const WaylandMessage& msg) {
    const auto& a = msg.args;
    DmabufParams& p = c.params_of[msg.id];
    if (msg.name == "add") {
      // add(fd, plane_idx, offset, stride, modifier_hi, modifier_lo)
      if (a.size() != 6) return false;
      const auto plane = number<std::uint32_t>(a[1], "a plane index"), stride = number<std::uint32_t>(a[3], "a plane stride");
      const auto hi = number<std::uint32_t>(a[4], "a modifier's high 32 bits"), lo = number<std::uint32_t>(a[5], "a modifier's low 32 bits");
      if (!plane || !stride || !hi || !lo) return false;
      if (*plane == 0) {
        p.stride = *stride;
        p.modifier = std::uint64_t{*hi} << 32 | *lo;
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
      const auto w = number<std::int32_t>(a[1], "a buffer width"), h = number<std::int32_t>(a[2], "a buffer height");
      const auto format = number<std::uint32_t>(a[3], "a DRM format");
      if (!o || !w || !h || !format || *w <= 0 || *h <= 0) return false;
      return dmabuf_buffer(c, o->second, p, static_cast<std::uint32_t>(*w), static_cast<std::uint32_t>(*h), *format);
    }
    if (msg.name == "create") {
      // create(width, height, format, flags); the buffer comes with the created event
      if (a.size() != 4) return false;
      const auto w = number<std::int32_t>(a[0], "a buffer width"), h = number<std::int32_t>(a[1], "a buffer height");
      const auto format = number<std::uint32_t>(a[2], "a DRM format");
      if (!w || !h || !format || *w <= 0 || *h <= 0) return false;
      p.width = static_cast<std::uint32_t>(*w);
      p.height = static_cast<std::uint32_t>(*h);
      p.format = *format;
      return true;
    }
    if (msg.name == "created") {
      const auto o = a.size() == 1 ? object_arg(a[0]) : std::nullopt;
      if (!o) return false;
      return dmabuf_buffer(c, o->second, p, p.width, p.height, p.format);
    }
    return true;  // destroy, failed
  }

  bool dmabuf_buffer(ClientState& c, std::uint32_t id, const DmabufParams& p, std::uint32_t width, std::uint32_t height, std::uint32_t format) {
    if (width == 0 || height == 0 || !p.has_plane0) return false;
    Buffer b;
    b.name = new_buffer_name(c, id);
    b.width = width;
    b.height = height;
    b.stride = p.stride;
    b.dmabuf = true;
    const auto f = wayland_format_name(format, false);
    b.format = f.value_or("");
    if (const auto m = wayland_modifier_name(p.modifier)) {
      b.modifier = *m;
    } else {
      ++summary.skipped[p.modifier == 0x00ffffffffffffffULL ? "implicit modifier (DRM_FORMAT_MOD_INVALID) taken as linear"
                                                            : "unmodelled modifier taken as linear"];
    }
    check(b);
    c.buffers[id] = b;
    return true;
  }

  bool surface(ClientState& c, const WaylandMessage& msg) {
    WlSurface& s = c.surfaces[msg.id];
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
      const auto x = number<std::int32_t>(a[0], "a damage x"), y = number<std::int32_t>(a[1], "a damage y");
      const auto w = number<std::int32_t>(a[2], "a damage width"), h = number<std::int32_t>(a[3], "a damage height");
      if (!x || !y || !w || !h) return false;
      (n == "damage" ? s.surface_damage : s.buffer_damage).push_back(Rect{*x, *y, std::int64_t{*x} + *w, std::int64_t{*y} + *h});
      return true;
    }
    if (n == "set_buffer_scale") {
      const auto scale = a.size() == 1 ? number<std::int32_t>(a[0], "a buffer scale") : std::nullopt;
      if (!scale || *scale < 1) return false;
      s.pending_scale = *scale;
      return true;
    }
    if (n == "set_buffer_transform") {
      const auto transform = a.size() == 1 ? number<std::int32_t>(a[0], "a buffer transform") : std::nullopt;
      if (!transform) return false;
      if (*transform != 0) ++summary.skipped["buffer transform (damage taken untransformed)"];
      return true;
    }
    if (n == "frame") {
      const auto o = a.size() == 1 ? object_arg(a[0]) : std::nullopt;
      if (!o) return false;
      s.frame_callbacks.push_back(o->second);
      return true;
    }
    if (n == "commit") {
      commit(c, msg.id, s, msg.time_us);
      return true;
    }
    if (n == "destroy") {
      c.surfaces.erase(msg.id);
      return true;
    }
    return true;  // opaque and input regions, enter/leave: no buffer state
  }

  void commit(ClientState& c, std::uint32_t surface_id, WlSurface& s, std::uint64_t time_us) {
    ++summary.commits;
    WaylandImportSummary::Client* client_summary = c.label.empty() ? nullptr : &summary.clients[c.summary_index];
    if (client_summary) ++client_summary->commits;
    if (s.pending_buffer) {
      s.buffer = *s.pending_buffer;
      s.pending_buffer.reset();
    }
    if (s.pending_scale != 0) s.scale = std::exchange(s.pending_scale, 0);
    std::string ops;
    auto it = c.buffers.find(s.buffer);
    if (s.buffer == 0 || it == c.buffers.end()) {
      if (s.buffer != 0) ++summary.skipped["commit of a buffer the log never created"];
    } else if (!it->second.supported) {
      ++summary.skipped["commit of a buffer cohsim cannot hold: " + it->second.problem];
    } else {
      ops = trace_.commit_ops(it->second, trace_.damage_in_buffer(s.surface_damage, s.scale, s.buffer_damage, it->second), client_summary);
    }
    s.surface_damage.clear();
    s.buffer_damage.clear();
    // Which client and surface, so that a trace of several clients can be read.
    std::string comment = c.label.empty() ? "" : ": " + c.label + " wl_surface@" + std::to_string(surface_id);
    const std::uint32_t callback = s.frame_callbacks.empty() ? 0 : s.frame_callbacks.front();
    const std::uint64_t serial = trace_.queue_frame(std::move(comment), std::move(ops), callback, time_us);
    for (std::uint32_t cb : s.frame_callbacks) c.frame_of_callback[cb] = serial;
    s.frame_callbacks.clear();
  }

  bool callback_done(ClientState& c, const WaylandMessage& msg) {
    auto it = c.frame_of_callback.find(msg.id);
    if (it == c.frame_of_callback.end()) return true;  // a wl_display.sync: its argument is a serial
    const std::uint64_t serial = it->second;
    c.frame_of_callback.erase(it);
    trace_.frame_done(serial, msg.time_us);
    return true;
  }

  std::ostream& out_;
  WaylandImportParams params_;
  bool weston_stream_ = false;
  std::uint64_t line_ = 0;
  std::deque<ClientState> clients_;  // a deque: references stay valid as clients are added
  std::map<std::string, std::size_t> client_index_;
  WaylandTraceWriter trace_{out_, params_, summary};
  std::optional<std::uint64_t> last_raw_;
  std::uint64_t wrap_ = 0;
};

}  // namespace

WaylandImportSummary import_wayland_log(std::istream& in, std::ostream& out, const WaylandImportParams& params) {
  // The whole log first: whether it holds weston's proto stream decides how
  // its libwayland lines are read.
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(std::move(line));
  }
  const bool weston_stream = std::any_of(lines.begin(), lines.end(), is_weston_message);
  std::ostringstream body;
  Importer importer(body, params, weston_stream);
  for (const std::string& line : lines) importer.line(line);
  importer.finish();
  // An empty trace would replay as nothing, silently: a file without any
  // protocol message is no log of this kind (or the wrong stream was captured).
  if (importer.summary.messages == 0) {
    std::string seen;
    for (const auto& [reason, count] : importer.summary.skipped) seen += (seen.empty() ? "" : ", ") + std::to_string(count) + " x " + reason;
    throw InputError(params.source_name, "",
                     "no Wayland protocol message in the log (" +
                         (lines.empty() ? std::string("it is empty") : std::to_string(lines.size()) + " lines: " + seen) +
                         "); expected WAYLAND_DEBUG output or weston's proto debug stream (docs/wayland-import.md)");
  }
  out << "# cohsim buffer-sharing trace imported from the Wayland protocol log " << params.source_name << " by `cohsim import wayland`\n"
      << "# (docs/wayland-import.md): wl_shm buffers are drawn by the CPU, dma-buf buffers by " << params.renderer << "; the compositor's " << params.reader
      << " reads each commit's damage.\n";
  std::istringstream summary(importer.summary.text());
  for (std::string s; std::getline(summary, s);) out << "# " << s << "\n";
  out << body.str();
  return importer.summary;
}

}  // namespace cohsim
