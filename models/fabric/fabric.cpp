#include "models/fabric/fabric.h"

#include "models/device/iotlb.h"

namespace cohsim {

Fabric::Fabric(sc_core::sc_module_name name, const FabricParams& params, StatRegistry& stats)
    : sc_module(name),
      upstream("upstream"),
      downstream("downstream"),
      route_ports("route", params.routes.size()),
      params_(params),
      link_(params.downstream_link),
      snoop_latency_(ns_to_ticks(params.snoop_latency_ns)),
      stats_(stats.group("fabrics", basename())) {
  upstream.bind(*this);
  downstream.bind(*this);
  // Each route and its port, by index: a range-for over an sc_vector is
  // ambiguous in C++20 (its iterator compares both ways).
  for (std::size_t i = 0; i < params.routes.size(); ++i) {
    routes_.push_back(Route{params.routes[i], Link(params.routes[i].link)});
    route_ports[i].bind(*this);
  }
}

Fabric::Route* Fabric::route_of(std::uint64_t line) {
  for (Route& r : routes_)
    if (line >= r.range.first_line && line < r.range.end_line) return &r;
  return nullptr;
}

Tick Fabric::send(tlm::tlm_initiator_socket<>& port, Link& link, const Forward& f, MemRequest& op, Tick t) {
  MemOp& out = memory_payload_.prepare(f.is_read ? MemOpKind::read : op.kind, f.line * params_.line_bytes, f.bytes);
  out.version = op.version;
  out.dirty = op.dirty;
  out.full_line = op.full_line;
  // A fabric below this one (the host's, below a dGPU's) snoops for the
  // request as this one would have.
  out.coherent = f.snoop_below && op.coherent;
  out.allocates = op.allocates;
  out.self_snoop = f.snoop_below && op.self_snoop;
  const Tick arrival = link.traverse(t, f.bytes);
  sc_core::sc_time delay;
  set_absolute_time(delay, arrival);
  port->b_transport(memory_payload_.payload(), delay);
  // A posted write (PCIe): done for the sender once the link takes it, so
  // the link's rate, not the memory's, paces a stream of them.
  if (!f.is_read && f.posted) return arrival - link.latency();
  if (f.is_read) op.version = out.version;
  return absolute_time(delay);
}

void Fabric::b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) {
  MemOp& op = mem_op(p);
  if (DeviceRange* device = op.device_range()) {
    device->start = absolute_time(delay);
    walk_device_range(*device, op.coherent, op.allocates);
  } else {
    set_absolute_time(delay, route(p.is_read(), p.get_address() / params_.line_bytes, p.get_data_length(), op, absolute_time(delay)));
  }
  p.set_response_status(tlm::TLM_OK_RESPONSE);
}

void Fabric::walk_device_range(DeviceRange& range, bool coherent, bool allocates) {
  const unsigned line_bytes = params_.line_bytes;
  MemRequest req;
  Tick issue = range.start;
  for (std::uint64_t line = range.first_line; line < range.first_line + range.lines; ++line) {
    if (range.iotlb != nullptr) issue = range.iotlb->translate(line * line_bytes, issue);
    issue = range.in_flight->slot_free_at(issue);
    req = MemRequest{};
    req.kind = range.is_write ? MemOpKind::write : MemOpKind::read;
    req.coherent = coherent;
    req.allocates = allocates;
    req.full_line = true;  // devices move whole lines
    if (range.is_write) req.version = range.copies_current ? range.oracle->get(line) : range.oracle->bump(line);
    const Tick done = route(!range.is_write, line, line_bytes, req, range.link->traverse(issue, line_bytes));
    range.in_flight->add(done);
    if (!range.is_write && range.oracle->stale(line, req.version)) {
      ++range.stale_reads;
      if (range.observer) range.observer->on_stale_read(range.agent, line, range.frame);
    }
    issue += range.period;
  }
  range.next_issue = issue;
}

Tick Fabric::write_back_first(std::uint64_t line, Version version, Tick t) {
  const unsigned line_bytes = params_.line_bytes;
  MemOp& wb = writeback_.prepare(MemOpKind::writeback, line * line_bytes, line_bytes);
  wb.version = version;
  wb.dirty = true;
  sc_core::sc_time wb_delay;
  set_absolute_time(wb_delay, link_.traverse(t, line_bytes));
  downstream->b_transport(writeback_.payload(), wb_delay);
  return t;
}

Tick Fabric::route(bool is_read, std::uint64_t line, unsigned bytes, MemRequest& op, Tick t) {
  ++stats_.requests;
  // Nothing caches a routed memory (the CPU maps a BAR write-combined), so
  // nothing is snooped for it.
  if (Route* r = routes_.empty() ? nullptr : route_of(line)) {
    ++stats_.routed;
    const auto index = static_cast<std::size_t>(r - routes_.data());
    return send(route_ports[index], r->link, {.is_read = is_read, .line = line, .bytes = bytes, .snoop_below = false, .posted = true}, op, t);
  }
  if (op.self_snoop && snoop_cache_ != nullptr) {
    // The core's own uncached access to a line it may hold cached (x86
    // self-snoop): the cached copy is flushed - written back if dirty and
    // dropped - and memory serves the access (Intel SDM vol. 3, 12.3 and
    // MOVNTDQA: "memory-type aliased lines in the cache will be snooped and
    // flushed").
    t += snoop_latency_;
    const CacheBehaviour::SnoopResult r = snoop_cache_->snoop_invalidate(line);
    ++stats_.self_snoops;
    if (r.found) ++stats_.self_snoop_flushes;
    if (r.dirty) t = write_back_first(line, r.version, t);
  } else if (op.coherent && snoop_cache_ != nullptr) {
    t += snoop_latency_;
    if (is_read) {
      ++stats_.snooped_reads;
      const CacheBehaviour::SnoopResult r = snoop_cache_->snoop_read(line);
      if (r.found) {
        ++stats_.snoop_hits;
        op.version = r.version;
        return t;
      }
    } else if (op.allocates && op.full_line) {
      // The device shares the cache: its write lands there, dirty, and the
      // copies above are dropped; memory sees it when the line is evicted.
      ++stats_.snooped_writes;
      ++stats_.allocated_writes;
      return snoop_cache_->device_write(line, op.version, t);
    } else {
      ++stats_.snooped_writes;
      const CacheBehaviour::SnoopResult r = snoop_cache_->snoop_invalidate(line);
      // A partial write cannot replace a dirty cached line: write it back first.
      if (r.dirty && !op.full_line) write_back_first(line, r.version, t);
    }
  }
  return send(downstream, link_, {.is_read = is_read, .line = line, .bytes = bytes, .snoop_below = snoop_cache_ == nullptr, .posted = false}, op, t);
}

}  // namespace cohsim
