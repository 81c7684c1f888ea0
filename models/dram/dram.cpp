#include "models/dram/dram.h"

namespace cohsim {

Dram::Dram(sc_core::sc_module_name name, const DramParams& params, StatRegistry& stats)
    : sc_module(name),
      port("port"),
      params_(params),
      timing_(params),
      group_(stats.group("memories", basename())),
      reads_(group_.counter("reads", "requests", "read requests")),
      writes_(group_.counter("writes", "requests", "write requests")),
      bytes_read_(group_.counter("bytes_read", "bytes", "bytes read")),
      bytes_written_(group_.counter("bytes_written", "bytes", "bytes written")) {
  port.bind(*this);
}

void Dram::b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) {
  MemOp& op = mem_op(p);
  const std::uint64_t line = p.get_address() / params_.line_bytes;
  const unsigned bytes = p.get_data_length();
  if (p.is_write()) {
    ++writes_;
    bytes_written_ += bytes;
    versions_.set(line, op.version);
  } else {
    ++reads_;
    bytes_read_ += bytes;
    op.version = versions_.get(line);
    op.dirty = false;
  }
  set_absolute_time(delay, timing_.access(absolute_time(delay), bytes));
  p.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace cohsim
