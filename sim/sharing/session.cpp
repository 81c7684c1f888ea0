#include "sim/sharing/session.h"

#include <algorithm>

#include "sim/util/input_error.h"

namespace cohsim {
namespace {
std::unique_ptr<HostTransport> make_host_transport(ElaboratedPlatform& platform, CpuOps& core) {
  if (!platform.hypervisor) return nullptr;
  return std::make_unique<HostTransport>(*platform.hypervisor, core, *platform.devices.at(config::kHostCopyDevice), platform.oracle, platform.cpu_clock(),
                                         platform.stats.group("hypervisor", "guest"));
}

// The exporter's settings, as the scenario gives them, and what the platform adds.
ExporterParams exporter_params(const SessionParams& params, const ElaboratedPlatform& platform, HostTransport* host) {
  ExporterParams out;
  static_cast<ExporterConfig&>(out) = params.exporter;
  out.line_bytes = platform.cpu->params().line_bytes;
  out.clock = &platform.cpu_clock();
  out.aperture = params.aperture;
  out.host = host;
  out.rules = platform.cpu->params().maintenance.rules;
  return out;
}
}  // namespace

SharingSession::SharingSession(ElaboratedPlatform& platform, CoreDriver& core, const CoherencyPolicy& policy, TraceSource& source, const SessionParams& params)
    : platform_(platform),
      core_(core),
      source_(source),
      params_(params),
      host_(make_host_transport(platform, core)),
      exporter_(exporter_params(params, platform, host_.get()), policy, core, platform.stats.group("exporters", "vgem")) {
  platform_.cpu->set_observer(this);
  for (auto& [name, d] : platform_.devices) d->set_observer(this);
}

DmaAgent& SharingSession::device(std::uint32_t index) {
  if (index < devices_.size() && devices_[index] != nullptr) return *devices_[index];
  const std::string& name = source_.device_names().at(index);
  auto it = platform_.devices.find(name);
  // The trace checker refused unknown devices before the session saw them.
  if (it == platform_.devices.end()) throw std::logic_error("device \"" + name + "\" passed the trace checker but is not on the platform");
  if (devices_.size() <= index) devices_.resize(index + 1, nullptr);
  devices_[index] = it->second.get();
  return *devices_[index];
}

std::uint32_t SharingSession::buffer(std::uint32_t trace_index) const { return buffers_.at(trace_index); }

void SharingSession::apply(const TraceOp& op) {
  switch (op.code) {
    case TraceOpCode::buffer_alloc: {
      const Surface surface({op.desc.layout, op.desc.width, op.desc.height, bytes_per_pixel(op.desc.format), op.desc.stride});
      buffers_.push_back(exporter_.allocate(source_.buffer_names().at(op.buffer), surface));
      break;
    }
    case TraceOpCode::buffer_import:
      exporter_.attach(buffer(op.buffer), device(op.device).coherent());
      break;
    case TraceOpCode::buffer_mmap:
      exporter_.mmap(buffer(op.buffer));
      break;
    case TraceOpCode::sync:
      if (op.start)
        exporter_.begin_cpu_access(buffer(op.buffer), op.access, op.rects);
      else
        exporter_.end_cpu_access(buffer(op.buffer), op.access, op.rects);
      break;
    case TraceOpCode::cpu_access:
      cpu_access(op);
      break;
    case TraceOpCode::dma_access:
      dma_access(op);
      break;
    case TraceOpCode::present: {
      DmaAgent& d = device(op.device);
      ByteRanges ranges = device_reads(buffer(op.buffer), {}, d);
      core_.catch_up_kernel();
      d.submit_present(std::move(ranges), core_.now(), frames_);
      break;
    }
    case TraceOpCode::damage:
      damage_rects_ += op.rects.empty() ? 1 : op.rects.size();
      if (op.rects.empty()) {
        const SharedBuffer& b = exporter_.buffer(buffer(op.buffer));
        damaged_pixels_ += std::uint64_t{b.width()} * b.height();
      }
      for (const Rect& r : op.rects) damaged_pixels_ += r.pixels();
      break;
    case TraceOpCode::fence_signal:
      if (op.device == kCpuAgent) {
        core_.catch_up_kernel();
        platform_.fences.signal(op.fence, core_.now());
      } else {
        core_.catch_up_kernel();
        device(op.device).submit_signal(op.fence, core_.now());
      }
      break;
    case TraceOpCode::fence_wait:
      if (op.device == kCpuAgent) {
        core_.catch_up_kernel();
        core_.idle_until(platform_.fences.wait_for(op.fence));
      } else {
        core_.catch_up_kernel();
        device(op.device).submit_wait(op.fence, core_.now());
      }
      break;
    case TraceOpCode::frame:
      if (Timeline* t = core_.timeline()) {
        // Each frame on a track of its own: from the end of the previous one to this mark.
        t->span("frames", "frame", "frame " + std::to_string(frames_), frame_start_, core_.now());
        t->frame = frames_ + 1;
      }
      ++frames_;
      if (op.at_ns >= 0) core_.idle_until(ns_to_ticks(op.at_ns));
      frame_start_ = core_.now();
      break;
    case TraceOpCode::device_read:
    case TraceOpCode::device_write: {
      // A device operation by address: the core waits for it, as for a fence.
      core_.catch_up_kernel();
      DmaAgent& d = device(op.device);
      d.submit_job(op.code == TraceOpCode::device_write, {{op.address, op.bytes}}, core_.now());
      core_.idle_until(d.wait_idle());
      break;
    }
    default:
      break;  // memory operations by address are the replayer's
  }
}

void SharingSession::cpu_access(const TraceOp& op) {
  const std::uint32_t index = buffer(op.buffer);
  const SharedBuffer& b = exporter_.buffer(index);
  const ByteRanges ranges = op.byte_range ? exporter_.cpu_byte_range(index, op.address, op.bytes) : exporter_.cpu_ranges(index, op.rects);
  const bool is_write = op.access == Access::write;
  CoreSpan span(core_, core_.track(), "cpu", (is_write ? "write " : "read ") + b.name);
  if (is_write) exporter_.cpu_writes(index, ranges);
  const unsigned line = platform_.cpu->params().line_bytes;
  for (const auto& [address, bytes] : ranges) {
    if (is_write) {
      core_.store(address, bytes);
      dirtied_lines_ += (address + bytes - 1) / line - address / line + 1;
    } else {
      core_.load(address, bytes, op.load);
    }
  }
}

void SharingSession::dma_access(const TraceOp& op) {
  const std::uint32_t index = buffer(op.buffer);
  const SharedBuffer& b = exporter_.buffer(index);
  DmaAgent& d = device(op.device);
  const bool is_write = op.access == Access::write;
  ByteRanges ranges;
  if (!is_write) {
    ranges = device_reads(index, op.rects, d);
  } else if (b.host_base != 0) {
    ranges = host_->host_write(b, op.rects);  // the host renders into its surface
  } else {
    ranges = b.rows(op.rects, b.base);
  }
  if (is_write && params_.speculative_fills && !d.coherent() && b.host_base == 0) fill_speculatively(b, ranges);
  core_.catch_up_kernel();
  d.submit_transfer(is_write, std::move(ranges), core_.now(), frames_);
}

void SharingSession::fill_speculatively(const SharedBuffer& b, const ByteRanges& ranges) {
  if (!b.mapped || platform_.cpu->mapping_at(b.base) != Mapping::wb) return;
  CacheBehaviour* first = nullptr;
  for (auto& [name, c] : platform_.caches)
    if (c->behaviour().level() == 1) first = &c->behaviour();
  if (first == nullptr || platform_.memories.empty()) return;
  const LineVersionMap& memory = platform_.memories.begin()->second->behaviour().versions();
  const unsigned line_bytes = platform_.cpu->params().line_bytes;
  core_.catch_up_kernel();
  for (const auto& [address, bytes] : ranges) {
    if (bytes == 0) continue;
    for (std::uint64_t l = address / line_bytes; l <= (address + bytes - 1) / line_bytes; ++l)
      if (first->speculative_fill(l, memory.get(l), core_.now())) ++speculative_fills_;
  }
}

ByteRanges SharingSession::device_reads(std::uint32_t index, const std::vector<PixelRect>& rects, DmaAgent& d) {
  const SharedBuffer& b = exporter_.buffer(index);
  if (b.host_base == 0) return b.rows(rects, b.base);
  exporter_.before_device_read(index);  // fault tracking sends its updates here
  ByteRanges ranges = host_->host_read(b, rects, d, frames_);
  // The host device reads after the copies the guest asked for.
  if (host_->last_copy_fence() != 0) {
    core_.catch_up_kernel();
    d.submit_wait(host_->last_copy_fence(), core_.now());
  }
  return ranges;
}

Tick SharingSession::drain_devices() {
  for (auto& [name, d] : platform_.devices) d->stop_refresh();
  Tick latest = 0;
  for (auto& [name, d] : platform_.devices) latest = std::max(latest, d->wait_idle());
  return latest;
}

void SharingSession::on_stale_read(const char* agent, std::uint64_t line, std::uint64_t frame) {
  ++stale_lines_;
  const unsigned line_bytes = platform_.cpu->params().line_bytes;
  const std::uint64_t address = line * line_bytes;
  const auto& all = exporter_.buffers();
  auto it = std::find_if(all.begin(), all.end(), [&](const SharedBuffer& b) { return b.contains(address) || b.contains(address + line_bytes - 1); });
  if (it == all.end()) {
    ++stale_outside_buffers_;
    return;
  }
  const SharedBuffer& b = *it;
  const auto key = std::make_tuple(b.name, frame == kNow ? frames_ : frame, std::string(agent));
  auto found = stale_.find(key);
  if (found == stale_.end()) {
    if (stale_.size() >= params_.max_stale_records) return;  // counted in stale_lines_, not itemised
    found = stale_.emplace(key, StaleRecord{0, PixelRect{b.width(), b.height(), 0, 0}}).first;
  }
  StaleRecord& r = found->second;
  ++r.lines;
  // The pixels this line holds. Linear: the bytes of the line, by row and
  // column; tiled: the whole tile (the line is somewhere inside it).
  const std::uint64_t first = address < b.base ? 0 : address - b.base;
  const std::uint64_t last = std::min(b.size(), address + line_bytes - b.base) - 1;
  auto include = [&r](std::uint32_t x1, std::uint32_t y1, std::uint32_t x2, std::uint32_t y2) {
    r.box.x1 = std::min(r.box.x1, x1);
    r.box.y1 = std::min(r.box.y1, y1);
    r.box.x2 = std::max(r.box.x2, x2);
    r.box.y2 = std::max(r.box.y2, y2);
  };
  const Surface& s = b.surface;
  if (b.linear()) {
    for (const std::uint64_t offset : {first, last}) {
      const auto y = static_cast<std::uint32_t>(std::min<std::uint64_t>(b.height() - 1, offset / s.stride()));
      const auto x = static_cast<std::uint32_t>(std::min<std::uint64_t>(b.width() - 1, (offset % s.stride()) / s.bytes_per_pixel()));
      include(x, y, x + 1, y + 1);
    }
  } else if (s.layout() == Layout::arm_afbc) {
    include(0, 0, b.width(), b.height());  // compressed: no pixel position; the whole surface
  } else {
    const std::uint64_t tile = first / s.tile_bytes();
    const std::uint64_t tiles_per_row = s.stride() / (std::uint64_t{s.tile_width_pixels()} * s.bytes_per_pixel());
    const auto tx = static_cast<std::uint32_t>(tile % tiles_per_row) * s.tile_width_pixels();
    const auto ty = static_cast<std::uint32_t>(tile / tiles_per_row) * s.tile_height();
    include(tx, ty, std::min(b.width(), tx + s.tile_width_pixels()), std::min(b.height(), ty + s.tile_height()));
  }
}

nlohmann::json SharingSession::report() const {
  using nlohmann::json;
  const unsigned line = platform_.cpu->params().line_bytes;
  json buffers = json::array();
  for (const auto& b : exporter_.buffers()) {
    buffers.push_back({{"name", b.name},
                       {"width", b.width()},
                       {"height", b.height()},
                       {"bytes_per_pixel", b.bytes_per_pixel()},
                       {"modifier", std::string(modifier_name(b.surface.layout()))},
                       {"stride", b.surface.stride()},
                       {"size", {{"value", b.size()}, {"unit", "bytes"}}},
                       {"importers", b.importers},
                       {"noncoherent_importers", b.noncoherent_importers}});
  }
  json records = json::array();
  for (const auto& [key, r] : stale_) {
    const auto& [buffer_name, frame, agent] = key;
    records.push_back(
        {{"buffer", buffer_name}, {"frame", frame}, {"agent", agent}, {"lines", r.lines}, {"rect", json::array({r.box.x1, r.box.y1, r.box.x2, r.box.y2})}});
  }
  json report = {
      {"policy", std::string(exporter_.policy().name())},
      {"frames", {{"value", frames_}, {"unit", "frames"}}},
      {"dirtied_bytes", {{"value", dirtied_lines_ * line}, {"unit", "bytes"}, {"note", "lines the CPU wrote in shared buffers, times the line size"}}},
      {"damage_rects", {{"value", damage_rects_}, {"unit", "rectangles"}}},
      {"damaged_pixels", {{"value", damaged_pixels_}, {"unit", "pixels"}}},
      {"buffers", buffers},
      {"stale",
       {{"lines", {{"value", stale_lines_}, {"unit", "lines"}}},
        {"lines_outside_buffers", {{"value", stale_outside_buffers_}, {"unit", "lines"}}},
        {"records", records},
        {"records_truncated", stale_.size() >= params_.max_stale_records},
        {"record_key", "buffer, frame (frames completed when the read was issued), reading agent; rect = pixel bounding box [x1, y1, x2, y2)"}}}};
  if (params_.speculative_fills)
    report["speculative_fills"] = {
        {"value", speculative_fills_}, {"unit", "lines"}, {"note", "lines the speculative-fill mode put in the CPU's caches just before a device wrote them"}};
  return report;
}

}  // namespace cohsim
