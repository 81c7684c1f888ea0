#include "sim/sharing/session.h"

#include <algorithm>

#include "sim/util/input_error.h"
#include "sim/util/overloaded.h"

namespace cohsim {
namespace {
std::unique_ptr<HostTransport> make_host_transport(ElaboratedPlatform& platform, CpuOps& core) {
  if (!platform.hypervisor) return nullptr;
  return std::make_unique<HostTransport>(*platform.hypervisor, core, *platform.devices.at(config::kHostCopyDevice), platform.oracle, platform.cpu_clock(),
                                         platform.stats.group("hypervisor", "guest"));
}

// Bounce buffers, where some device's DMA mask is narrower than 64 bits.
std::unique_ptr<Swiotlb> make_swiotlb(ElaboratedPlatform& platform, CpuOps& core, const SessionParams& params) {
  const bool limited = std::any_of(platform.devices.begin(), platform.devices.end(), [](const auto& d) { return !d.second->reaches(~std::uint64_t{0}); });
  if (!limited) return nullptr;
  SwiotlbParams p;
  static_cast<SwiotlbConfig&>(p) = params.swiotlb;
  p.line_bytes = platform.cpu->params().line_bytes;
  p.rules = platform.cpu->params().maintenance.rules;
  return std::make_unique<Swiotlb>(p, core, platform.oracle, platform.stats.group("exporters", "swiotlb"), platform.cpu_clock());
}

// The exporter's settings, as the scenario gives them, and what the platform adds.
ExporterParams exporter_params(const SessionParams& params, const ElaboratedPlatform& platform, HostTransport* host, Swiotlb* swiotlb) {
  ExporterParams out;
  static_cast<ExporterConfig&>(out) = params.exporter;
  out.line_bytes = platform.cpu->params().line_bytes;
  out.clock = &platform.cpu_clock();
  out.aperture = params.aperture;
  out.host = host;
  out.swiotlb = swiotlb;
  out.device_memory_base = params.device_memory_base;
  out.device_memory_bytes = params.device_memory_bytes;
  out.rules = platform.cpu->params().maintenance.rules;
  for (const auto& [name, d] : platform.devices)
    if (d->role() == DeviceRole::gpu && d->coherent()) out.gpu_coherent = true;
  return out;
}
}  // namespace

SharingSession::SharingSession(ElaboratedPlatform& platform, CoreDriver& core, const CoherencyPolicy& policy, TraceSource& source, const SessionParams& params)
    : platform_(platform),
      core_(core),
      source_(source),
      params_(params),
      host_(make_host_transport(platform, core)),
      swiotlb_(make_swiotlb(platform, core, params)),
      exporter_(exporter_params(params, platform, host_.get(), swiotlb_.get()), policy, core, platform.stats.group("exporters", "dmabuf")),
      stale_(exporter_.buffers(), frames_, platform.cpu->params().line_bytes, params.max_stale_records) {
  platform_.cpu->set_observer(&stale_);
  for (auto& [name, d] : platform_.devices) d->set_observer(&stale_);
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
  const std::vector<Rect>& rects = op.rects;
  std::visit(Overloaded{
                 [&](const trace::BufferAlloc& a) { allocate(a); },
                 [&](const trace::Import& i) { import(i); },
                 [&](const trace::Mmap& m) { exporter_.mmap(buffer(m.buffer)); },
                 [&](const trace::Sync& s) { sync(s, rects); },
                 [&](const trace::CpuAccess& a) { cpu_access(a, rects); },
                 [&](const trace::DmaAccess& a) { dma_access(a, rects); },
                 [&](const trace::Present& p) { present(p); },
                 [&](const trace::Damage& d) { count_damage(d, rects); },
                 [&](const trace::Fence& f) { fence(f); },
                 [&](const trace::Frame& f) { frame(f); },
                 [&](const trace::DeviceJob& j) { device_job(j); },
                 // A close ends the buffer's use (the trace checker refuses
                 // any access after it) and its importers' mappings.
                 [&](const trace::Close& c) { close(c); },
                 // Memory operations by address are the replayer's.
                 [](const auto&) {},
             },
             op.what);
}

void SharingSession::allocate(const trace::BufferAlloc& a) {
  const Surface surface({a.desc.layout, a.desc.width, a.desc.height, bytes_per_pixel(a.desc.format), a.desc.stride});
  buffers_.push_back(exporter_.allocate(source_.buffer_names().at(a.buffer), surface, a.desc.exporter.value_or(params_.exporter.kind)));
}

// Kernel time on the core for an IOMMU's mapping work (none without one).
void SharingSession::iommu_work(Tick t, const std::string& what) {
  if (t == 0) return;
  CoreSpan span(core_, kExporterTrack, "iommu", what);
  core_.advance_to(core_.now() + t);
}

// An importer maps the attachment: behind an IOMMU, the kernel maps the
// buffer's pages for it (dma_buf_map_attachment -> dma_map_sgtable).
void SharingSession::import(const trace::Import& i) {
  DmaAgent& d = device(i.device);
  const SharedBuffer& b = exporter_.buffer(buffer(i.buffer));
  const bool bounced = swiotlb_ && Swiotlb::bounces(b, d);
  exporter_.attach(buffer(i.buffer), d.coherent(), bounced);
  importers_.resize(std::max<std::size_t>(importers_.size(), i.buffer + 1));
  importers_[i.buffer].push_back(&d);
  iommu_work(d.map_for_device(b.base, b.size()), "map " + b.name + " for " + d.basename());
  // dma_map_sgtable fails (-ENOMEM) and so does the import.
  if (bounced && !swiotlb_->map(b, d))
    throw InputError(source_.location(), "",
                     "swiotlb buffer is full: " + std::string(d.basename()) + " cannot reach buffer \"" + b.name + "\" (dma_address_bits) and its " +
                         std::to_string(b.size()) + " bytes do not fit in the free part of the " + std::to_string(params_.swiotlb.pool_bytes) +
                         "-byte pool (platform swiotlb.pool_bytes)");
}

// The last handle goes: each importer's mapping is torn down (unmap and
// IOTLB invalidation behind an IOMMU).
void SharingSession::close(const trace::Close& c) {
  if (c.buffer >= importers_.size()) return;
  const SharedBuffer& b = exporter_.buffer(buffer(c.buffer));
  if (swiotlb_) swiotlb_->unmap(b);
  for (DmaAgent* d : importers_[c.buffer]) iommu_work(d->unmap_for_device(b.base, b.size()), "unmap " + b.name + " for " + d->basename());
  importers_[c.buffer].clear();
}

void SharingSession::sync(const trace::Sync& s, const std::vector<Rect>& rects) {
  if (s.start)
    exporter_.begin_cpu_access(buffer(s.buffer), s.access, rects);
  else
    exporter_.end_cpu_access(buffer(s.buffer), s.access, rects);
}

void SharingSession::present(const trace::Present& p) {
  DmaAgent& d = device(p.device);
  exporter_.before_scanout(buffer(p.buffer));
  ByteRanges ranges = device_reads(buffer(p.buffer), {}, d);
  core_.catch_up_kernel();
  d.submit_present(std::move(ranges), core_.now(), frames_);
}

void SharingSession::count_damage(const trace::Damage& d, const std::vector<Rect>& rects) {
  damage_rects_ += rects.empty() ? 1 : rects.size();
  if (rects.empty()) {
    const SharedBuffer& b = exporter_.buffer(buffer(d.buffer));
    damaged_pixels_ += std::uint64_t{b.width()} * b.height();
  }
  for (const Rect& r : rects) damaged_pixels_ += r.pixels();
}

void SharingSession::fence(const trace::Fence& f) {
  core_.catch_up_kernel();
  if (f.agent != kCpuAgent) {
    DmaAgent& d = device(f.agent);
    return f.signal ? d.submit_signal(f.id, core_.now()) : d.submit_wait(f.id, core_.now());
  }
  if (f.signal) {
    platform_.fences.signal(f.id, core_.now());
  } else {
    core_.idle_until(platform_.fences.wait_for(f.id));
  }
}

void SharingSession::frame(const trace::Frame& f) {
  if (Timeline* t = core_.timeline()) {
    // Each frame on a track of its own: from the end of the previous one to this mark.
    t->span("frames", "frame", "frame " + std::to_string(frames_), frame_start_, core_.now());
    t->frame = frames_ + 1;
  }
  ++frames_;
  if (f.at_ns >= 0) core_.idle_until(ns_to_ticks(f.at_ns));
  frame_start_ = core_.now();
}

// A device operation by address: the core waits for it, as for a fence.
void SharingSession::device_job(const trace::DeviceJob& j) {
  core_.catch_up_kernel();
  DmaAgent& d = device(j.device);
  d.submit_job(j.write, {{j.address, j.bytes}}, core_.now());
  core_.idle_until(d.wait_idle());
}

void SharingSession::cpu_access(const trace::CpuAccess& a, const std::vector<Rect>& rects) {
  const std::uint32_t index = buffer(a.buffer);
  const SharedBuffer& b = exporter_.buffer(index);
  const ByteRanges ranges = a.byte_range ? exporter_.cpu_byte_range(index, a.byte_range->offset, a.byte_range->length) : exporter_.cpu_ranges(index, rects);
  const bool is_write = a.access == Access::write;
  CoreSpan span(core_, core_.track(), "cpu", (is_write ? "write " : "read ") + b.name);
  if (is_write) exporter_.cpu_writes(index, ranges);
  const unsigned line = platform_.cpu->params().line_bytes;
  for (const auto& [address, bytes] : ranges) {
    if (is_write) {
      core_.store(address, bytes);
      dirtied_lines_ += (address + bytes - 1) / line - address / line + 1;
    } else {
      core_.load(address, bytes, a.shape);
    }
  }
}

void SharingSession::dma_access(const trace::DmaAccess& a, const std::vector<Rect>& rects) {
  const std::uint32_t index = buffer(a.buffer);
  const SharedBuffer& b = exporter_.buffer(index);
  DmaAgent& d = device(a.device);
  const bool is_write = a.access == Access::write;
  ByteRanges ranges;
  if (!is_write) {
    ranges = device_reads(index, rects, d);
  } else if (b.host_base != 0) {
    ranges = host_->host_write(b, rects);  // the host renders into its surface
  } else {
    ranges = b.rows(rects, b.base);
  }
  const bool bounced = swiotlb_ && Swiotlb::bounces(b, d);
  if (is_write && params_.speculative_fills && !d.coherent() && b.host_base == 0 && !bounced) fill_speculatively(b, ranges);
  if (is_write && bounced) ranges = swiotlb_->device_writes(b, d, ranges);  // the device writes its slots
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
  if (b.host_base == 0) {
    ByteRanges ranges = b.rows(rects, b.base);
    return swiotlb_ ? swiotlb_->device_reads(b, d, ranges, frames_) : ranges;  // a bounced attachment reads its slots
  }
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
  json report = {
      {"policy", std::string(exporter_.policy().name())},
      {"frames", {{"value", frames_}, {"unit", "frames"}}},
      {"dirtied_bytes", {{"value", dirtied_lines_ * line}, {"unit", "bytes"}, {"note", "lines the CPU wrote in shared buffers, times the line size"}}},
      {"damage_rects", {{"value", damage_rects_}, {"unit", "rectangles"}}},
      {"damaged_pixels", {{"value", damaged_pixels_}, {"unit", "pixels"}}},
      {"buffers", buffers},
      {"stale", stale_.report()}};
  if (params_.speculative_fills)
    report["speculative_fills"] = {
        {"value", speculative_fills_}, {"unit", "lines"}, {"note", "lines the speculative-fill mode put in the CPU's caches just before a device wrote them"}};
  return report;
}

}  // namespace cohsim
