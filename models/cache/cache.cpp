#include "models/cache/cache.h"

#include <algorithm>

namespace cohsim {

using sc_core::sc_time;

Cache::Cache(sc_core::sc_module_name name, const CacheParams& params, const LinkParams& downstream_link, StatRegistry& stats)
    : sc_module(name),
      upstream("upstream"),
      downstream("downstream"),
      behaviour_(params, stats.group("caches", basename())),
      link_(downstream_link),
      line_bytes_(params.line_bytes) {
  upstream.bind(*this);
  downstream.bind(*this);
}

void Cache::b_transport(tlm::tlm_generic_payload& p, sc_time& delay) {
  MemOp& op = mem_op(p);
  const std::uint64_t line = p.get_address() / line_bytes_;
  switch (op.kind) {
    case MemOpKind::read:
    case MemOpKind::write:
      if (CoreRange* core = op.core_range()) {
        core->start = absolute_time(delay);
        behaviour_.walk_core_range(p.get_address(), op);  // the core's timing comes back in the range
      } else {
        const Tick t = absolute_time(delay);
        set_absolute_time(delay, op.kind == MemOpKind::read ? behaviour_.read_line(line, op, t) : behaviour_.write_line(line, op, t));
      }
      break;
    case MemOpKind::writeback:
      behaviour_.accept_writeback(line, op, absolute_time(delay));
      break;
    case MemOpKind::clean:
    case MemOpKind::invalidate:
    case MemOpKind::clean_invalidate:
      set_absolute_time(delay, behaviour_.maintain(line, op));
      break;
  }
  p.set_response_status(tlm::TLM_OK_RESPONSE);
}

Tick Cache::fetch(std::uint64_t line, Tick t, MemRequest& req) {
  MemOp& op = fetch_payload_.prepare(MemOpKind::read, line * line_bytes_, line_bytes_);
  op.levels_missed = req.levels_missed;
  sc_time delay;
  set_absolute_time(delay, link_.traverse(t, line_bytes_));
  downstream->b_transport(fetch_payload_.payload(), delay);
  req.version = op.version;
  req.dirty = op.dirty;
  req.levels_missed = op.levels_missed;
  req.writeback_done = std::max(req.writeback_done, op.writeback_done);
  return absolute_time(delay);
}

Tick Cache::write_back(std::uint64_t line, Version v, bool dirty, Tick t) {
  MemOp& op = victim_payload_.prepare(MemOpKind::writeback, line * line_bytes_, line_bytes_);
  op.version = v;
  op.dirty = dirty;
  op.full_line = true;
  sc_time delay;
  set_absolute_time(delay, link_.traverse(t, line_bytes_));
  downstream->b_transport(victim_payload_.payload(), delay);
  return std::max(absolute_time(delay), op.writeback_done);
}

}  // namespace cohsim
