#include "sim/trace/text_trace_writer.h"

#include <string>

#include "models/tiling/tiling.h"

namespace cohsim {
namespace {

std::string agent_name(std::uint32_t agent, const TraceSource& names) { return agent == kCpuAgent ? "cpu" : names.device_names().at(agent); }

void write_memory_op(TraceLineWriter& lines, const TraceOp& op, const TraceSource& names) {
  switch (op.code) {
    case TraceOpCode::load:
      return lines.load(op.address, op.bytes, op.load);
    case TraceOpCode::store:
      return lines.store(op.address, op.bytes);
    case TraceOpCode::clean:
      return lines.maintain(TraceVerb::clean, op.address, op.bytes);
    case TraceOpCode::invalidate:
      return lines.maintain(TraceVerb::inval, op.address, op.bytes);
    case TraceOpCode::clean_invalidate:
      return lines.maintain(TraceVerb::flush, op.address, op.bytes);
    case TraceOpCode::barrier:
      return lines.barrier();
    case TraceOpCode::map:
      return lines.map(op.address, op.bytes, op.mapping);
    case TraceOpCode::device_read:
    case TraceOpCode::device_write:
      return lines.dev(agent_name(op.device, names), op.code == TraceOpCode::device_read ? Access::read : Access::write, op.address, op.bytes);
    default:  // compute
      return lines.compute(op.bytes);
  }
}

// A buffer's stride is written only where it is not its layout's smallest.
std::optional<std::uint32_t> stride_to_write(const BufferDesc& d) {
  const std::uint32_t smallest = Surface({d.layout, d.width, d.height, bytes_per_pixel(d.format)}).stride();
  if (d.stride == 0 || d.stride == smallest) return std::nullopt;
  return d.stride;
}

}  // namespace

void TextTraceWriter::write(const TraceOp& op, const TraceSource& names) {
  auto device = [&]() { return agent_name(op.device, names); };
  auto buffer = [&]() -> const std::string& { return names.buffer_names().at(op.buffer); };
  switch (op.code) {
    case TraceOpCode::buffer_alloc:
      return lines_.buffer(buffer(), op.desc.width, op.desc.height, format_name(op.desc.format), stride_to_write(op.desc), modifier_name(op.desc.layout));
    case TraceOpCode::buffer_import:
      return lines_.import(buffer(), device());
    case TraceOpCode::buffer_mmap:
      return lines_.mmap(buffer());
    case TraceOpCode::buffer_close:
      return lines_.close(buffer());
    case TraceOpCode::sync:
      return lines_.sync(buffer(), op.start, op.access, op.rects);
    case TraceOpCode::cpu_access:
      if (op.byte_range) return lines_.cpu_bytes(op.access, buffer(), op.address, op.bytes, op.load);
      return lines_.cpu(op.access, buffer(), op.rects, op.load);
    case TraceOpCode::dma_access:
      return lines_.dma(device(), op.access, buffer(), op.rects);
    case TraceOpCode::present:
      return lines_.present(device(), buffer());
    case TraceOpCode::damage:
      return lines_.damage(buffer(), op.rects);
    case TraceOpCode::fence_signal:
    case TraceOpCode::fence_wait:
      return lines_.fence(op.code == TraceOpCode::fence_signal, device(), op.fence);
    case TraceOpCode::frame:
      return lines_.frame(op.at_ns);
    default:
      return write_memory_op(lines_, op, names);
  }
}

}  // namespace cohsim
