#include "sim/trace/text_trace_writer.h"

#include <string>

#include "models/tiling/tiling.h"
#include "sim/util/overloaded.h"

namespace cohsim {
namespace {

std::string agent_name(std::uint32_t agent, const TraceSource& names) { return agent == kCpuAgent ? "cpu" : names.device_names().at(agent); }

// A buffer's stride is written only where it is not its layout's smallest.
std::optional<std::uint32_t> stride_to_write(const BufferDesc& d) {
  const std::uint32_t smallest = Surface({d.layout, d.width, d.height, bytes_per_pixel(d.format)}).stride();
  if (d.stride == 0 || d.stride == smallest) return std::nullopt;
  return d.stride;
}

}  // namespace

void TextTraceWriter::write(const TraceOp& op, const TraceSource& names) {
  auto agent = [&](std::uint32_t index) { return agent_name(index, names); };
  auto buffer = [&](std::uint32_t index) -> const std::string& { return names.buffer_names().at(index); };
  const std::vector<Rect>& rects = op.rects;
  std::visit(Overloaded{
                 [&](const trace::Load& l) { lines_.load(l.address, l.bytes, l.shape); },
                 [&](const trace::Store& w) { lines_.store(w.address, w.bytes); },
                 [&](const trace::Maintain& m) { lines_.maintain(m.kind, m.address, m.bytes); },
                 [&](const trace::Barrier&) { lines_.barrier(); },
                 [&](const trace::Map& m) { lines_.map(m.address, m.bytes, m.mapping); },
                 [&](const trace::Compute& c) { lines_.compute(c.cycles); },
                 [&](const trace::DeviceJob& j) { lines_.dev(agent(j.device), j.write ? Access::write : Access::read, j.address, j.bytes); },
                 [&](const trace::BufferAlloc& a) {
                   const BufferDesc& d = a.desc;
                   lines_.buffer(buffer(a.buffer), d.width, d.height, format_name(d.format), stride_to_write(d), modifier_name(d.layout), d.exporter);
                 },
                 [&](const trace::Import& i) { lines_.import(buffer(i.buffer), agent(i.device)); },
                 [&](const trace::Mmap& m) { lines_.mmap(buffer(m.buffer)); },
                 [&](const trace::Close& c) { lines_.close(buffer(c.buffer)); },
                 [&](const trace::Sync& s) { lines_.sync(buffer(s.buffer), s.start, s.access, rects); },
                 [&](const trace::CpuAccess& a) {
                   if (a.byte_range) return lines_.cpu_bytes(a.access, buffer(a.buffer), a.byte_range->offset, a.byte_range->length, a.shape);
                   lines_.cpu(a.access, buffer(a.buffer), rects, a.shape);
                 },
                 [&](const trace::DmaAccess& a) { lines_.dma(agent(a.device), a.access, buffer(a.buffer), rects); },
                 [&](const trace::Present& p) { lines_.present(agent(p.device), buffer(p.buffer)); },
                 [&](const trace::Damage& d) { lines_.damage(buffer(d.buffer), rects); },
                 [&](const trace::Fence& f) { lines_.fence(f.signal, agent(f.agent), f.id); },
                 [&](const trace::Frame& f) { lines_.frame(f.at_ns); },
             },
             op.what);
}

}  // namespace cohsim
