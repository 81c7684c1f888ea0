#include "models/fabric/fabric.h"

namespace cohsim {

Fabric::Fabric(sc_core::sc_module_name name, const FabricParams& params, StatRegistry& stats)
    : sc_module(name),
      upstream("upstream"),
      downstream("downstream"),
      params_(params),
      link_(params.downstream_link),
      snoop_latency_(ns_to_ticks(params.snoop_latency_ns)),
      group_(stats.group("fabrics", basename())),
      requests_(group_.counter("requests", "transactions", "transactions routed to memory or snooped")),
      snooped_reads_(group_.counter("snooped_reads", "lines", "coherent reads looked up in the CPU caches")),
      snoop_hits_(group_.counter("snoop_hits", "lines", "coherent reads answered by a CPU cache")),
      snooped_writes_(group_.counter("snooped_writes", "lines", "coherent writes that invalidated CPU copies")) {
  upstream.bind(*this);
  downstream.bind(*this);
}

void Fabric::b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) {
  MemOp& op = mem_op(p);
  ++requests_;
  Tick t = absolute_time(delay);
  if (op.coherent && snoop_cache_ != nullptr) {
    const std::uint64_t line = p.get_address() / params_.line_bytes;
    t += snoop_latency_;
    if (p.is_read()) {
      ++snooped_reads_;
      const CacheCore::SnoopResult r = snoop_cache_->snoop_read(line);
      if (r.found) {
        ++snoop_hits_;
        op.version = r.version;
        set_absolute_time(delay, t);
        p.set_response_status(tlm::TLM_OK_RESPONSE);
        return;
      }
    } else if (p.is_write()) {
      ++snooped_writes_;
      const CacheCore::SnoopResult r = snoop_cache_->snoop_invalidate(line);
      if (r.dirty && !op.full_line) {
        // A partial write cannot replace a dirty cached line: write it back first.
        MemOp& wb = writeback_.prepare(MemOpKind::writeback, line * params_.line_bytes, params_.line_bytes);
        wb.version = r.version;
        wb.dirty = true;
        sc_core::sc_time wb_delay;
        set_absolute_time(wb_delay, link_.traverse(t, params_.line_bytes));
        downstream->b_transport(writeback_.payload(), wb_delay);
      }
    }
  }
  set_absolute_time(delay, link_.traverse(t, p.get_data_length()));
  downstream->b_transport(p, delay);
}

}  // namespace cohsim
