#include "sim/trace/trace_checker.h"

#include "sim/util/input_error.h"
#include "sim/util/overloaded.h"

namespace cohsim {

TraceChecker::TraceChecker(const TraceSource& source, const TracePlatform* platform)
    : source_(source),
      platform_(platform) {
  warnings_ = {
      {"sync_end_without_start", "DMA_BUF_IOCTL_SYNC end on a buffer with no sync start open (the kernel runs the end maintenance anyway)", 0, {}},
      {"nested_sync_start", "a sync start on a buffer whose previous start has not ended (the kernel does not pair them)", 0, {}},
      {"cpu_access_outside_sync", "the CPU read or wrote a buffer with no sync start open: only a WC mapping or a coherent platform makes that safe", 0, {}},
      {"cpu_write_in_read_sync", "the CPU wrote a buffer inside a sync opened for read only: the end of a read sync does not clean its lines", 0, {}},
      {"sync_open_at_end", "the trace ended with a sync start that no end closed", 0, {}},
  };
}

std::string TraceChecker::unknown_device_message(const std::string& name, const TracePlatform& platform) {
  std::string known;
  for (const auto& [n, role] : platform.roles) known += (known.empty() ? "" : ", ") + n;
  return "no device named \"" + name + "\" on platform " + platform.label + "; its devices: " + (known.empty() ? "(none)" : known);
}

void TraceChecker::fail(const std::string& message) const { throw InputError(source_.location(), "", message); }

void TraceChecker::fail(TraceProblem problem, const std::string& subject, const std::string& message) const {
  auto [file, place] = source_.blame(problem, subject);
  throw InputError(file, place, message);
}

void TraceChecker::warn(Warning w) {
  TraceWarning& tw = warnings_[w];
  if (tw.count++ == 0) tw.first_at = source_.location();
}

std::uint64_t TraceChecker::warning_count() const {
  std::uint64_t n = 0;
  for (const auto& w : warnings_) n += w.count;
  return n;
}

void TraceChecker::check_device(std::uint32_t index) const {
  if (platform_ == nullptr || index == kCpuAgent) return;
  const std::string& name = device_name(index);
  if (!platform_->roles.count(name)) fail(TraceProblem::device, name, unknown_device_message(name, *platform_));
}

TraceChecker::BufferState& TraceChecker::open_buffer(std::uint32_t buffer) {
  BufferState& b = buffers_.at(buffer);
  if (!b.closed_at.empty()) fail("buffer \"" + buffer_name(buffer) + "\" was closed at " + b.closed_at + "; nothing may use it after that");
  return b;
}

void TraceChecker::close_buffer(std::uint32_t buffer) {
  BufferState& b = open_buffer(buffer);
  b.closed_at = source_.location();
  if (b.exporter == ExporterKind::cma_heap) cma_alive_bytes_ -= b.bytes;
}

bool TraceChecker::in_device_memory(std::uint32_t buffer) const {
  const std::optional<ExporterKind> e = buffers_.at(buffer).exporter;
  return platform_ != nullptr && platform_->device_memory_bytes > 0 && e && exporter_traits(*e).in_device_memory;
}

// A VRAM buffer is imported only by devices beside the VRAM: for any other,
// amdgpu migrates the object to system memory first, not modelled yet.
void TraceChecker::check_import(const trace::Import& i) {
  check_device(i.device);
  open_buffer(i.buffer).importers.insert(i.device);
  if (!in_device_memory(i.buffer) || platform_->device_memory_local.count(device_name(i.device))) return;
  fail(TraceProblem::device, device_name(i.device),
       "device \"" + device_name(i.device) + "\" is not beside the VRAM that buffer \"" + buffer_name(i.buffer) + "\" lives in on platform " +
           platform_->label +
           ": amdgpu would migrate the object to system memory (amdgpu_dma_buf.c amdgpu_dma_buf_map: no peer-to-peer, so GTT), which cohsim does "
           "not model yet; give the buffer a system-memory exporter");
}

void TraceChecker::check(const TraceOp& op) {
  ++operations_;
  std::visit(Overloaded{
                 [&](const trace::BufferAlloc& a) { check_alloc(a); },
                 [&](const trace::Import& i) { check_import(i); },
                 [&](const trace::Mmap& m) { check_mmap(m); },
                 [&](const trace::Close& c) { close_buffer(c.buffer); },
                 [&](const trace::Sync& s) { check_sync(s); },
                 [&](const trace::CpuAccess& a) { check_cpu_access(a); },
                 [&](const trace::DmaAccess& a) { check_device_access(a.device, a.buffer, false, a.access == Access::write); },
                 [&](const trace::Present& p) { check_device_access(p.device, p.buffer, true, false); },
                 [&](const trace::Damage& d) { open_buffer(d.buffer); },
                 [&](const trace::Fence& f) { check_device(f.agent); },
                 [&](const trace::DeviceJob& j) { check_device(j.device); },
                 [](const auto&) {},
             },  // the other memory operations by address: the readers check them
             op.what);
}

void TraceChecker::check_alloc(const trace::BufferAlloc& a) {
  if (buffers_.size() <= a.buffer) buffers_.resize(a.buffer + 1);
  const BufferDesc& d = a.desc;
  buffers_[a.buffer].layout = d.layout;
  buffers_[a.buffer].bytes = Surface({d.layout, d.width, d.height, bytes_per_pixel(d.format), d.stride}).size();
  buffers_[a.buffer].exporter = d.exporter;
  if (!d.exporter && platform_ != nullptr) buffers_[a.buffer].exporter = platform_->exporter;
  check_exporter_limits(a.buffer);
  if (platform_ != nullptr && platform_->virtual_gpu && a.desc.layout != Layout::linear) {
    fail(TraceProblem::layout, buffer_name(a.buffer),
         "buffer \"" + buffer_name(a.buffer) + "\" is " + std::string(modifier_name(a.desc.layout)) + "; the virtual GPU of platform " + platform_->label +
             " shares linear guest surfaces only");
  }
}

// What the buffer's exporter cannot allocate: a udmabuf over its size limit,
// a CMA heap buffer that does not fit beside the others alive in the CMA
// area (the scenario's exporter.cma_area_bytes; the default in a bare trace).
void TraceChecker::check_exporter_limits(std::uint32_t buffer) {
  const std::string& name = buffer_name(buffer);
  const std::uint64_t bytes = buffers_[buffer].bytes;
  const std::optional<ExporterKind> exporter = buffers_[buffer].exporter;
  if (exporter == ExporterKind::udmabuf && bytes > kUdmabufSizeLimitBytes) {
    fail(TraceProblem::exporter, name,
         "buffer \"" + name + "\" is " + std::to_string(bytes) + " bytes; udmabuf refuses more than " + std::to_string(kUdmabufSizeLimitBytes >> 20) +
             " MiB (drivers/dma-buf/udmabuf.c: size_limit_mb, UDMABUF_CREATE fails with -EINVAL)");
  }
  if (in_device_memory(buffer)) {
    device_memory_used_bytes_ += buffer_footprint(bytes);
    if (device_memory_used_bytes_ > platform_->device_memory_bytes)
      fail(TraceProblem::exporter, name,
           "buffer \"" + name + "\" does not fit the " + std::to_string(platform_->device_memory_bytes >> 30) + " GiB of VRAM of platform " + platform_->label +
               ": cohsim gives every amdgpu-vram buffer addresses of its own, closed ones' included, 2 MiB apart, and those of this trace take " +
               std::to_string(device_memory_used_bytes_) + " bytes (amdgpu's eviction of buffers to GTT is not modelled)");
  }
  if (exporter != ExporterKind::cma_heap) return;
  cma_alive_bytes_ += bytes;
  const std::uint64_t area = platform_ != nullptr ? platform_->cma_area_bytes : kDefaultCmaAreaBytes;
  if (cma_alive_bytes_ > area) {
    fail(TraceProblem::exporter, name,
         "buffer \"" + name + "\" (" + std::to_string(bytes) + " bytes) brings the cma-heap buffers alive at once to " + std::to_string(cma_alive_bytes_) +
             " bytes, more than the CMA area of " + std::to_string(area) +
             " bytes (exporter.cma_area_bytes): cma_alloc fails and the allocation returns -ENOMEM (drivers/dma-buf/heaps/cma_heap.c)");
  }
}

void TraceChecker::check_mmap(const trace::Mmap& m) {
  BufferState& b = open_buffer(m.buffer);
  b.mapped = true;
  if (platform_ != nullptr && b.layout != Layout::linear && platform_->tiled_access == TiledCpuAccess::aperture &&
      !reaches_through_aperture(b.layout, platform_->aperture_fences, platform_->policy_uses_shadow, platform_->tiled_access)) {
    fail(TraceProblem::aperture, buffer_name(m.buffer),
         "the scenario asks for a detiling aperture, which the " + std::string(modifier_name(b.layout)) + " buffer \"" + buffer_name(m.buffer) +
             "\" cannot have on platform " + platform_->label +
             " (fences make X and Y tiles linear, only where the platform has them and the policy keeps no shadow copy)");
  }
}

void TraceChecker::check_sync(const trace::Sync& s) {
  BufferState& b = open_buffer(s.buffer);
  if (s.start) {
    if (b.open_syncs > 0) warn(nested_sync_start);
    ++b.open_syncs;
    b.open_access = s.access;
  } else if (b.open_syncs == 0) {
    warn(sync_end_without_start);
  } else {
    --b.open_syncs;
  }
}

void TraceChecker::check_cpu_access(const trace::CpuAccess& a) {
  BufferState& b = open_buffer(a.buffer);
  if (!b.mapped) fail("the CPU accesses buffer \"" + buffer_name(a.buffer) + "\" before an `mmap` line maps it");
  if (b.open_syncs == 0)
    warn(cpu_access_outside_sync);
  else if (a.access == Access::write && b.open_access == Access::read)
    warn(cpu_write_in_read_sync);
}

// The device exists (and, for a present, is a display) and imported the buffer.
void TraceChecker::check_device_access(std::uint32_t device, std::uint32_t buffer, bool present, bool write) {
  check_device(device);
  if (present && platform_ != nullptr) {
    const std::string& role = platform_->roles.at(device_name(device));
    if (role != "display") {
      fail(TraceProblem::device, device_name(device),
           "device \"" + device_name(device) + "\" is a " + role + " on platform " + platform_->label + "; only a display scans out a `present`ed buffer");
    }
  }
  const BufferState& b = open_buffer(buffer);
  // amdgpu_display_supported_domains: a discrete GPU's display scans out of VRAM only.
  if (present && platform_ != nullptr && platform_->device_memory_local.count(device_name(device)) && !in_device_memory(buffer)) {
    fail(TraceProblem::device, device_name(device),
         "display \"" + device_name(device) + "\" on platform " + platform_->label + " scans out of its GPU's VRAM only, and buffer \"" + buffer_name(buffer) +
             "\" is in system memory (amdgpu_display.c: amdgpu_display_supported_domains allows GTT only on APUs, and "
             "amdgpu_display_user_framebuffer_create refuses a dma-buf it cannot migrate to VRAM); give it exporter=amdgpu-vram");
  }
  if (b.importers.count(device)) return;
  const std::string import_first = ", which it never imported (an `import " + buffer_name(buffer) + " " + device_name(device) + "` line comes first)";
  if (present) fail("display \"" + device_name(device) + "\" scans out buffer \"" + buffer_name(buffer) + "\"" + import_first);
  fail("device \"" + device_name(device) + "\" " + (write ? "writes" : "reads") + " buffer \"" + buffer_name(buffer) + "\"" + import_first);
}

void TraceChecker::finish() {
  if (operations_ == 0) throw InputError(source_.source_name(), "", "the trace has no operations (only comments or blank lines, or nothing at all)");
  for (const BufferState& b : buffers_) {
    if (b.open_syncs > 0 && b.closed_at.empty()) warn(sync_open_at_end);
  }
}

}  // namespace cohsim
