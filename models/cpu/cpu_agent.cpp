#include "models/cpu/cpu_agent.h"

#include <algorithm>
#include <cmath>

namespace cohsim {

using sc_core::sc_time;

CpuAgent::CpuAgent(sc_core::sc_module_name name, const CpuParams& params, LineVersionMap& oracle, StatRegistry& stats)
    : sc_module(name),
      cached_port("cached_port"),
      uncached_port("uncached_port"),
      params_(params),
      clock_(params.clock->clock),
      oracle_(oracle),
      misses_(params.mlp),
      writebacks_(params.mlp),
      wc_reads_(params.uncached.wc_read_mlp),
      plain_reads_(params.uncached.plain_load_mlp),
      wc_writes_(params.uncached.wc_buffers),
      combiner_(params.uncached.wc_buffers, params.line_bytes),
      stats_(stats.group("agents", basename()), *params.clock) {
  cached_port.bind(*this);
  uncached_port.bind(*this);
}

Tick CpuAgent::issue_cost(bool is_store, std::uint64_t bytes) const {
  const unsigned per_cycle = is_store ? params_.store_bytes_per_cycle : params_.load_bytes_per_cycle;
  return clock_.cycles((bytes + per_cycle - 1) / per_cycle);
}

template <class F>
void CpuAgent::for_each_mapped(std::uint64_t address, std::uint64_t bytes, F&& f) {
  if (mappings_.empty()) {
    f(address, bytes, Mapping::wb);
    return;
  }
  const std::uint64_t end = address + bytes;
  std::uint64_t pos = address;
  while (pos < end) {
    auto next = mappings_.upper_bound(pos);
    std::uint64_t segment_end = end;
    Mapping mapping = Mapping::wb;
    if (next != mappings_.begin() && std::prev(next)->second.first > pos) {
      segment_end = std::min(end, std::prev(next)->second.first);
      mapping = std::prev(next)->second.second;
    } else if (next != mappings_.end()) {
      segment_end = std::min(end, next->first);
    }
    f(pos, segment_end - pos, mapping);
    pos = segment_end;
  }
}

Mapping CpuAgent::mapping_at(std::uint64_t address) {
  Mapping found = Mapping::wb;
  for_each_mapped(address, 1, [&](std::uint64_t, std::uint64_t, Mapping m) { found = m; });
  return found;
}

void CpuAgent::set_mapping(std::uint64_t address, std::uint64_t bytes, Mapping mapping) {
  const std::uint64_t end = address + bytes;
  // Cut existing regions that overlap [address, end), keeping their outside parts.
  auto it = mappings_.upper_bound(address);
  if (it != mappings_.begin()) --it;
  while (it != mappings_.end() && it->first < end) {
    const auto [start, region] = *it;
    const auto [region_end, region_mapping] = region;
    if (region_end <= address) {
      ++it;
      continue;
    }
    it = mappings_.erase(it);
    if (start < address) mappings_.emplace(start, std::make_pair(address, region_mapping));
    if (region_end > end) mappings_.emplace(end, std::make_pair(region_end, region_mapping));
  }
  if (mapping != Mapping::wb) mappings_.emplace(address, std::make_pair(end, mapping));
}

Tick CpuAgent::load(std::uint64_t address, std::uint64_t bytes, Tick now, LoadShape shape) {
  // A streaming load is a plain one where the core has none, and on UC
  // memory, whose type overrides the hint (Intel SDM vol. 2, MOVNTDQA).
  const bool streaming = shape.kind == LoadKind::streaming && params_.uncached.streaming_loads;
  for_each_mapped(address, bytes, [&](std::uint64_t a, std::uint64_t n, Mapping m) {
    switch (m) {
      case Mapping::wb:
        now = cached_access(false, a, n, now);
        break;
      case Mapping::wc:
        now = streaming ? wc_streaming_load(a, n, now) : uncached_accesses(false, a, n, shape.width, &plain_reads_, now);
        break;
      case Mapping::uc:
        now = uncached_accesses(false, a, n, shape.width, nullptr, now);
        break;
    }
  });
  return now;
}

Tick CpuAgent::store(std::uint64_t address, std::uint64_t bytes, Tick now) {
  for_each_mapped(address, bytes, [&](std::uint64_t a, std::uint64_t n, Mapping m) {
    switch (m) {
      case Mapping::wb:
        now = cached_access(true, a, n, now);
        break;
      case Mapping::wc:
        now = wc_store(a, n, now);
        break;
      case Mapping::uc:
        now = uncached_accesses(true, a, n, params_.uncached.uc_access_bytes, nullptr, now);
        break;
    }
  });
  return now;
}

void CpuAgent::check_read(std::uint64_t line, Version served) {
  if (oracle_.stale(line, served)) {
    ++stats_.stale_reads;
    if (observer_) observer_->on_stale_read(basename(), line, StaleObserver::kNow);
  }
}

Tick CpuAgent::cached_access(bool is_store, std::uint64_t address, std::uint64_t bytes, Tick now) {
  // One transaction for the whole range; the L1 walks it line by line.
  payload_.prepare(is_store ? MemOpKind::write : MemOpKind::read, address, 0);
  CoreRange range;
  range.bytes = bytes;
  range.misses = &misses_;
  range.writebacks = &writebacks_;
  range.oracle = &oracle_;
  range.observer = observer_;
  range.agent = basename();
  range.cycle = clock_.period;
  range.bytes_per_cycle = is_store ? params_.store_bytes_per_cycle : params_.load_bytes_per_cycle;
  range.start = now;
  payload_.op().range = &range;
  sc_time delay;
  set_absolute_time(delay, now);
  cached_port->b_transport(payload_.payload(), delay);

  stats_.miss_stall += range.stall;
  if (is_store) {
    stats_.stores += range.lines;
    stats_.store_bytes += bytes;
    stats_.stale_merges += range.stale_merges;
  } else {
    stats_.loads += range.lines;
    stats_.load_bytes += bytes;
    stats_.stale_reads += range.stale_reads;
    loads_done_ = std::max(loads_done_, range.loads_done);
  }
  return range.next_issue;
}

Tick CpuAgent::uncached(MemOpKind kind, std::uint64_t address, unsigned bytes, Version version, bool full_line, Tick now, Version* served) {
  MemOp& op = payload_.prepare(kind, address, bytes);
  op.version = version;
  op.full_line = full_line;
  op.self_snoop = params_.uncached.snoops_caches;
  sc_time delay;
  set_absolute_time(delay, now);
  uncached_port->b_transport(payload_.payload(), delay);
  ++stats_.uncached_accesses;
  if (served) *served = op.version;
  return absolute_time(delay);
}

Tick CpuAgent::flush_wc(const WriteCombiner::Flush& f, Tick now) {
  const Tick start = wc_writes_.slot_free_at(now);
  stats_.uncached_stall += start - now;
  wc_writes_.add(uncached(MemOpKind::write, f.line * params_.line_bytes, params_.line_bytes, f.version, f.full, start));
  return start;
}

Tick CpuAgent::wc_store(std::uint64_t address, std::uint64_t bytes, Tick now) {
  const unsigned line_bytes = params_.line_bytes;
  const std::uint64_t end = address + bytes;
  for (std::uint64_t line = address / line_bytes; line * line_bytes < end; ++line) {
    const auto n = static_cast<unsigned>(std::min(end, (line + 1) * line_bytes) - std::max(address, line * line_bytes));
    const auto flushes = combiner_.store(line, n, oracle_.bump(line));
    for (unsigned i = 0; i < flushes.count; ++i) now = flush_wc(flushes.items[i], now);
    if (line == wc_read_buffer_line_) wc_read_buffer_line_ = ~0ull;  // the read buffer no longer matches memory
    ++stats_.stores;
    stats_.store_bytes += n;
    now += issue_cost(true, n);
  }
  return now;
}

Tick CpuAgent::wc_streaming_load(std::uint64_t address, std::uint64_t bytes, Tick now) {
  const unsigned line_bytes = params_.line_bytes;
  const std::uint64_t end = address + bytes;
  for (std::uint64_t line = address / line_bytes; line * line_bytes < end; ++line) {
    const auto n = static_cast<unsigned>(std::min(end, (line + 1) * line_bytes) - std::max(address, line * line_bytes));
    if (line != wc_read_buffer_line_) {
      // A line still gathering in a WC buffer goes out before it is read back.
      if (auto pending = combiner_.take(line)) now = flush_wc(*pending, now);
      const Tick start = wc_reads_.slot_free_at(now);
      stats_.uncached_stall += start - now;
      now = start;
      Version served = 0;
      const Tick done = uncached(MemOpKind::read, line * line_bytes, line_bytes, 0, false, now, &served);
      wc_reads_.add(done);
      wc_read_buffer_line_ = line;
      wc_read_buffer_version_ = served;
    }
    ++stats_.loads;
    stats_.load_bytes += n;
    check_read(line, wc_read_buffer_version_);
    now += issue_cost(false, n);
  }
  return now;
}

Tick CpuAgent::uncached_accesses(bool is_store, std::uint64_t address, std::uint64_t bytes, unsigned chunk, Outstanding* slots, Tick now) {
  // Each access is its own transaction of `chunk` bytes, never combined with
  // its neighbours (plain WC loads: Intel SDM vol. 1, 12.10.3, WC reads have
  // "significantly lower throughput"; Arm ARM: Normal Non-cacheable reads are
  // not cached). Up to `slots` capacity are in flight; without slots they are
  // strongly ordered (UC): each waits for the previous one.
  const unsigned line_bytes = params_.line_bytes;
  const std::uint64_t end = address + bytes;
  std::uint64_t pos = address;
  std::uint64_t counted_line = ~0ull;
  while (pos < end) {
    // One access never crosses an aligned chunk (nor, therefore, a line).
    const std::uint64_t next = std::min(end, (pos / chunk + 1) * chunk);
    const std::uint64_t line = pos / line_bytes;
    const auto n = static_cast<unsigned>(next - pos);
    if (!is_store) {
      // A line still gathering in a WC buffer goes out before it is read back;
      // a plain load drops a streaming-load buffer of its line.
      if (auto pending = combiner_.take(line)) now = flush_wc(*pending, now);
      if (line == wc_read_buffer_line_) wc_read_buffer_line_ = ~0ull;
    }
    if (slots) {
      const Tick start = slots->slot_free_at(now);
      stats_.uncached_stall += start - now;
      now = start;
    }
    Version served = 0;
    const Version version = is_store ? oracle_.bump(line) : 0;
    const Tick done = uncached(is_store ? MemOpKind::write : MemOpKind::read, pos, n, version, n == line_bytes, now, &served);
    if (line != counted_line) {
      ++(is_store ? stats_.stores : stats_.loads);  // lines touched, as for every other access
      counted_line = line;
    }
    if (is_store) {
      stats_.store_bytes += n;
    } else {
      stats_.load_bytes += n;
      check_read(line, served);
    }
    if (slots) {
      slots->add(done);
      now += issue_cost(is_store, n);
    } else {
      stats_.uncached_stall += done - now;
      now = done;
    }
    pos = next;
  }
  return now;
}

Tick CpuAgent::maintain(MemOpKind kind, std::uint64_t address, std::uint64_t bytes, Tick now) {
  if (bytes == 0) return now;
  if (kind == MemOpKind::invalidate && params_.maintenance.invalidate_cleans_dirty) kind = MemOpKind::clean_invalidate;
  const unsigned line_bytes = params_.line_bytes;
  const std::uint64_t first = address / line_bytes;
  const std::uint64_t lines = (address + bytes - 1) / line_bytes - first + 1;
  const double cycles_per_line = kind == MemOpKind::clean ? params_.maintenance.clean_cycles_per_line : params_.maintenance.invalidate_cycles_per_line;
  const auto interval = static_cast<Tick>(std::llround(cycles_per_line * static_cast<double>(clock_.period)));

  MemOp& op = payload_.prepare(kind, first * line_bytes, 0);
  MaintenanceRange range{.lines = lines, .line_interval = interval, .start = now, .slots = &misses_, .poc_round_trip = params_.poc_round_trip};
  op.range = &range;
  sc_time delay;
  set_absolute_time(delay, now);
  cached_port->b_transport(payload_.payload(), delay);
  maintenance_done_ = std::max(maintenance_done_, absolute_time(delay));

  ++stats_.maintenance_ops;
  stats_.maintenance_lines += lines;
  // Issue time, including waits for a free slot when operations complete
  // more slowly than they issue (dirty lines bound by their write-backs).
  stats_.maintenance_issue += range.issued - now;
  return range.issued;
}

Tick CpuAgent::drain(Tick now) {
  for (const auto& f : combiner_.drain()) now = flush_wc(f, now);
  return std::max({misses_.drained(now), writebacks_.drained(now), wc_reads_.drained(now), plain_reads_.drained(now), wc_writes_.drained(now),
                   maintenance_done_, loads_done_});
}

Tick CpuAgent::barrier(Tick now) {
  const Tick done = drain(now) + clock_.cycles(params_.maintenance.barrier_cycles);
  ++stats_.barriers;
  stats_.barrier += done - now;
  wc_read_buffer_line_ = ~0ull;  // a barrier orders later reads after everything before it
  return done;
}

Tick CpuAgent::compute(std::uint64_t cycles, Tick now) {
  const Tick t = clock_.cycles(cycles);
  stats_.compute += t;
  return now + t;
}

}  // namespace cohsim
