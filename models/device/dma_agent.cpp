#include "models/device/dma_agent.h"

#include <algorithm>

namespace cohsim {

class DmaAgent::PortSink final : public LineSink {
 public:
  explicit PortSink(DmaAgent& d)
      : d_(d) {}
  Tick fetch(std::uint64_t line, Tick t, MemRequest& req) override {
    MemOp& op = payload_.prepare(MemOpKind::read, line * d_.params_.line_bytes, d_.params_.line_bytes);
    op.coherent = cohsim::snoops_reads(d_.params_.coherence);
    const Tick done = send(t);
    req.version = op.version;
    req.dirty = false;
    return done;
  }
  Tick write_back(std::uint64_t line, Version v, bool dirty, Tick t) override {
    MemOp& op = payload_.prepare(MemOpKind::writeback, line * d_.params_.line_bytes, d_.params_.line_bytes);
    op.version = v;
    op.dirty = dirty;
    op.full_line = true;
    op.coherent = snoops_writes(d_.params_.coherence);
    op.allocates = d_.params_.coherence == DeviceCoherence::full;
    return send(t);
  }

 private:
  Tick send(Tick t) {
    if (d_.iotlb_) t = d_.iotlb_->translate(payload_.payload().get_address(), t);
    sc_core::sc_time delay;
    set_absolute_time(delay, d_.link_.traverse(t, d_.params_.line_bytes));
    d_.port->b_transport(payload_.payload(), delay);
    return absolute_time(delay);
  }
  DmaAgent& d_;
  OpPayload payload_;
};

CacheParams DmaParams::cache_params() const {
  CacheParams c;
  c.size = cache.size;
  c.ways = cache.ways;
  c.latency_cycles = cache.latency_cycles;
  c.line_bytes = line_bytes;
  c.lookup_latency = clock->clock.cycles(cache.latency_cycles);
  c.full_line_write_miss = FullLineWrite::allocate;  // a render target is written whole
  return c;
}

DmaAgent::DmaAgent(sc_core::sc_module_name name, const DmaParams& params, LineVersionMap& oracle, FenceTable& fences, StatRegistry& stats)
    : sc_module(name),
      port("port"),
      params_(params),
      keeper_(params.quantum),
      clock_(params.clock->clock),
      oracle_(oracle),
      fences_(fences),
      link_(params.downstream_link),
      in_flight_(params.mlp),
      stat_group_(stats.group("agents", basename())),
      stats_(stat_group_, *params.clock),
      display_({params.refresh_period(), params.clock->clock.period, params.line_bytes, params.mlp, std::string(basename()) + " scan-out"}, stats_,
               [this](const Ranges& ranges, Tick start, Tick pace, OpPayload& payload, Outstanding& slots) {
                 return transfer(false, ranges, start, StaleObserver::kNow, payload, slots, pace);
               }) {
  port.bind(*this);
  if (params.iommu.present()) {
    iommu_stats_ = std::make_unique<IommuStats>(stat_group_, *params.clock);
    iotlb_ = std::make_unique<IoTlb>(
        IoTlbParams{.entries = params.iommu.iotlb_entries, .page_bytes = params.iommu.page_bytes, .walk = ns_to_ticks(params.iommu.walk_ns)}, *iommu_stats_);
  }
  if (params.cache.size > 0) {
    port_sink_ = std::make_unique<PortSink>(*this);
    cache_ = std::make_unique<CacheBehaviour>(params.cache_params(), stats.group("device_caches", basename()));
    cache_->connect_below(port_sink_.get(), nullptr);
  }
  SC_HAS_PROCESS(DmaAgent);
  SC_THREAD(run);
  if (display_.refreshes()) SC_THREAD(refresh);
}

DmaAgent::~DmaAgent() = default;

namespace {
std::uint64_t pages_spanned(std::uint64_t address, std::uint64_t bytes, std::uint64_t page_bytes) {
  return bytes == 0 ? 0 : (address + bytes - 1) / page_bytes - address / page_bytes + 1;
}
}  // namespace

Tick DmaAgent::map_for_device(std::uint64_t address, std::uint64_t bytes) {
  if (!iotlb_) return 0;
  const std::uint64_t pages = pages_spanned(address, bytes, iotlb_->page_bytes());
  const Tick t = ns_to_ticks(params_.iommu.map_ns_per_page * static_cast<double>(pages));
  iommu_stats_->pages_mapped += pages;
  iommu_stats_->map_time += t;
  return t;
}

Tick DmaAgent::unmap_for_device(std::uint64_t address, std::uint64_t bytes) {
  if (!iotlb_) return 0;
  iotlb_->invalidate(address, bytes);
  const std::uint64_t pages = pages_spanned(address, bytes, iotlb_->page_bytes());
  const Tick t = ns_to_ticks(params_.iommu.unmap_ns_per_page * static_cast<double>(pages));
  iommu_stats_->pages_unmapped += pages;
  iommu_stats_->map_time += t;
  return t;
}

void DmaAgent::submit(DmaCommand command) {
  queue_.push_back(std::move(command));
  work_.notify(sc_core::SC_ZERO_TIME);
}

void DmaAgent::submit_transfer(bool is_write, Ranges ranges, Tick submitted, std::uint64_t frame) {
  submit({submitted, TransferCommand{.is_write = is_write, .ranges = std::move(ranges), .frame = frame}});
}

void DmaAgent::submit_job(bool is_write, Ranges ranges, Tick submitted) {
  submit({submitted, TransferCommand{.is_write = is_write, .ranges = std::move(ranges), .whole_job = true}});
}

void DmaAgent::submit_copy_in(Ranges ranges, Tick submitted) {
  submit({submitted, TransferCommand{.is_write = true, .ranges = std::move(ranges), .copies_current = true}});
}

void DmaAgent::submit_busy(Tick duration, Tick submitted) { submit({submitted, BusyCommand{duration}}); }
void DmaAgent::submit_signal(std::uint64_t fence, Tick submitted) { submit({submitted, SignalCommand{fence}}); }
void DmaAgent::submit_wait(std::uint64_t fence, Tick submitted) { submit({submitted, WaitCommand{fence}}); }

void DmaAgent::submit_present(Ranges ranges, Tick submitted, std::uint64_t frame) {
  display_.present_submitted();
  submit({submitted, PresentCommand{std::move(ranges), frame}});
}

void DmaAgent::record_stale_read(std::uint64_t line, std::uint64_t frame) {
  ++stats_.stale_reads;
  if (observer_) observer_->on_stale_read(basename(), line, frame);
}

Tick DmaAgent::wait_idle() {
  while (busy_ || !queue_.empty()) sc_core::wait(idle_);
  return now_;
}

void DmaAgent::run() {
  for (;;) {
    while (queue_.empty()) {
      idle_.notify(sc_core::SC_ZERO_TIME);
      sc_core::wait(work_);
    }
    busy_ = true;
    DmaCommand command = std::move(queue_.front());
    queue_.pop_front();
    now_ = std::max(now_, command.submitted);
    std::visit([this](auto& work) { execute(work); }, command.work);
    busy_ = false;
  }
}

void DmaAgent::execute(TransferCommand& c) {
  const Tick start = now_;
  if (cache_ && c.whole_job) now_ = cache_->clean_all(now_, clock_.period, true);
  now_ = cache_ ? cached_transfer(c, now_) : transfer(c.is_write, c.ranges, now_, c.frame, payload_, in_flight_, clock_.period, c.copies_current);
  if (cache_ && c.whole_job) now_ = cache_->clean_all(now_, clock_.period, false);
  stats_.busy += now_ - start;
  draw("device", c.copies_current ? "copy in" : c.is_write ? "write" : "read", start, now_);
}

void DmaAgent::execute(PresentCommand& c) {
  const Tick start = now_;
  if (display_.refreshes()) {
    now_ = display_.flip(std::move(c.ranges), now_, keeper_);
    draw("scanout", "flip queued until vsync", start, now_);
    return;
  }
  now_ = transfer(false, c.ranges, now_, c.frame, payload_, in_flight_, clock_.period);  // one scan-out
  stats_.busy += now_ - start;
  draw("scanout", "scanout", start, now_);
  display_.scanned_out_once();
}

void DmaAgent::execute(BusyCommand& c) {
  stats_.busy += c.duration;
  draw("device", "submission", now_, now_ + c.duration);
  now_ += c.duration;
  keeper_.keep_within(now_);
}

void DmaAgent::execute(SignalCommand& c) {
  // The end of a job: what the device's cache holds dirty goes to memory first.
  if (cache_) now_ = cache_->clean_all(now_, clock_.period, false);
  keeper_.keep_within(now_);
  fences_.signal(c.fence, now_);
  if (timeline_ != nullptr) timeline_->instant(basename(), "device", "signal fence " + std::to_string(c.fence), now_);
}

void DmaAgent::execute(WaitCommand& c) {
  const Tick waiting = now_;
  now_ = std::max(now_, fences_.wait_for(c.fence));
  draw("device", "wait fence " + std::to_string(c.fence), waiting, now_);
  // The start of a job that depends on others: forget what the cache held.
  if (cache_) now_ = cache_->clean_all(now_, clock_.period, true);
}

Tick DmaAgent::cached_transfer(const TransferCommand& command, Tick now) {
  ++stats_.transfers;
  const bool is_write = command.is_write;
  const std::uint64_t frame = command.frame;
  const unsigned line_bytes = params_.line_bytes;
  const char* agent = basename();
  MemRequest req;
  Tick issue = now;
  std::uint64_t since_sync = 0;
  for (const auto& [address, bytes] : command.ranges) {
    if (bytes == 0) continue;
    const std::uint64_t end = (address + bytes - 1) / line_bytes + 1;
    for (std::uint64_t line = address / line_bytes; line < end; ++line) {
      issue = in_flight_.slot_free_at(issue);
      req = MemRequest{};
      Tick done;
      if (is_write) {
        req.kind = MemOpKind::write;
        req.full_line = true;  // devices move whole lines
        req.version = command.copies_current ? oracle_.get(line) : oracle_.bump(line);
        done = cache_->write_line(line, req, issue);
        ++stats_.lines_written;
      } else {
        req.kind = MemOpKind::read;
        done = cache_->read_line(line, req, issue);
        ++stats_.lines_read;
        if (oracle_.stale(line, req.version)) {
          ++stats_.stale_reads;
          if (observer_) observer_->on_stale_read(agent, line, frame);
        }
      }
      in_flight_.add(std::max(done, req.writeback_done));
      issue += clock_.period;
      if (++since_sync == 64) {
        since_sync = 0;
        keeper_.keep_within(issue);
      }
    }
  }
  return in_flight_.drained(issue);
}

Tick DmaAgent::transfer(bool is_write, const Ranges& ranges, Tick now, std::uint64_t frame, OpPayload& payload, Outstanding& slots, Tick period,
                        bool copies_current) {
  ++stats_.transfers;
  const unsigned line_bytes = params_.line_bytes;
  // The fabric walks each run of lines: at most 64, and no more than one
  // quantum of issue time (a paced display issues one line per tens of us),
  // so that the thread stays within its quantum between runs. Running
  // further ahead would make it claim DRAM time far beyond everyone else's.
  constexpr std::uint64_t kMaxLinesPerRequest = 64;
  const std::uint64_t lines_per_request = std::clamp<std::uint64_t>(params_.quantum / std::max<Tick>(period, 1), 1, kMaxLinesPerRequest);
  DeviceRange range;
  range.is_write = is_write;
  range.in_flight = &slots;
  range.link = &link_;
  range.period = period;
  range.oracle = &oracle_;
  range.observer = observer_;
  range.agent = basename();
  range.frame = frame;
  range.copies_current = copies_current;
  range.iotlb = iotlb_.get();
  Tick issue = now;
  for (const auto& [address, bytes] : ranges) {
    if (bytes == 0) continue;
    const std::uint64_t first = address / line_bytes;
    const std::uint64_t end = (address + bytes - 1) / line_bytes + 1;
    for (std::uint64_t line = first; line < end; line += lines_per_request) {
      range.first_line = line;
      range.lines = std::min(lines_per_request, end - line);
      range.stale_reads = 0;
      MemOp& op = payload.prepare(is_write ? MemOpKind::write : MemOpKind::read, line * line_bytes, 0);
      op.coherent = is_write ? snoops_writes(params_.coherence) : cohsim::snoops_reads(params_.coherence);
      op.allocates = params_.coherence == DeviceCoherence::full;
      op.range = &range;
      sc_core::sc_time delay;
      set_absolute_time(delay, issue);
      port->b_transport(payload.payload(), delay);
      issue = range.next_issue;
      (is_write ? stats_.lines_written : stats_.lines_read) += range.lines;
      stats_.stale_reads += range.stale_reads;
      keeper_.keep_within(issue);
    }
  }
  return slots.drained(issue);
}

}  // namespace cohsim
