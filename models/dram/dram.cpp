#include "models/dram/dram.h"

namespace cohsim {

MemoryCore::MemoryCore(const DramParams& params, StatGroup& g)
    : timing_(params),
      reads_(g.counter("reads", "requests", "read requests")),
      writes_(g.counter("writes", "requests", "write requests")),
      bytes_read_(g.counter("bytes_read", "bytes", "bytes read")),
      bytes_written_(g.counter("bytes_written", "bytes", "bytes written")) {}

Tick MemoryCore::read(std::uint64_t line, unsigned bytes, Tick t, Version& version) {
  ++reads_;
  bytes_read_ += bytes;
  version = versions_.get(line);
  return timing_.access(t, bytes);
}

Tick MemoryCore::write(std::uint64_t line, unsigned bytes, Version version, Tick t) {
  ++writes_;
  bytes_written_ += bytes;
  versions_.set(line, version);
  return timing_.access(t, bytes);
}

Dram::Dram(sc_core::sc_module_name name, const DramParams& params, StatRegistry& stats)
    : sc_module(name), port("port"), line_bytes_(params.line_bytes), core_(params, stats.group("memories", basename())) {
  port.bind(*this);
}

void Dram::b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) {
  MemOp& op = mem_op(p);
  const std::uint64_t line = p.get_address() / line_bytes_;
  const Tick t = absolute_time(delay);
  if (p.is_write()) {
    set_absolute_time(delay, core_.write(line, p.get_data_length(), op.version, t));
  } else {
    op.dirty = false;
    set_absolute_time(delay, core_.read(line, p.get_data_length(), t, op.version));
  }
  p.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace cohsim
