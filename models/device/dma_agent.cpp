#include "models/device/dma_agent.h"

#include <algorithm>

namespace cohsim {

DmaAgent::DmaAgent(sc_core::sc_module_name name, const DmaParams& params, LineVersionMap& oracle, StatRegistry& stats)
    : sc_module(name),
      port("port"),
      params_(params),
      clock_(params.clock->clock),
      oracle_(oracle),
      link_(params.downstream_link),
      in_flight_(params.mlp),
      group_(stats.group("agents", basename())),
      transfers_(group_.counter("transfers", "transfers", "DMA transfers (one per trace operation)")),
      lines_read_(group_.counter("lines_read", "lines", "lines read")),
      lines_written_(group_.counter("lines_written", "lines", "lines written")),
      stale_reads_(group_.counter("stale_reads", "lines", "line reads that returned an older version than the newest write")),
      busy_(group_.time("busy", *params.clock, "time with a transfer in progress")) {
  port.bind(*this);
}

Tick DmaAgent::transfer(bool is_write, std::uint64_t address, std::uint64_t bytes, Tick now) {
  if (bytes == 0) return now;
  ++transfers_;
  const Tick start = now;
  const unsigned line_bytes = params_.line_bytes;
  const std::uint64_t first = address / line_bytes;
  const std::uint64_t last = (address + bytes - 1) / line_bytes;
  Tick issue = now;
  for (std::uint64_t line = first; line <= last; ++line) {
    issue = in_flight_.slot_free_at(issue);
    MemOp& op = payload_.prepare(is_write ? MemOpKind::write : MemOpKind::read, line * line_bytes, line_bytes);
    op.coherent = params_.coherent;
    op.full_line = true;  // devices move whole lines
    if (is_write) op.version = oracle_.bump(line);
    sc_core::sc_time delay;
    set_absolute_time(delay, link_.traverse(issue, line_bytes));
    port->b_transport(payload_.payload(), delay);
    in_flight_.add(absolute_time(delay));
    if (is_write) {
      ++lines_written_;
    } else {
      ++lines_read_;
      if (op.version < oracle_.get(line)) ++stale_reads_;
    }
    issue += clock_.period;
  }
  const Tick done = in_flight_.drained(issue);
  busy_ += done - start;
  return done;
}

}  // namespace cohsim
