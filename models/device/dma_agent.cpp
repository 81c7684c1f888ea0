#include "models/device/dma_agent.h"

#include <algorithm>

namespace cohsim {

class DmaAgent::PortSink final : public LineSink {
 public:
  explicit PortSink(DmaAgent& d)
      : d_(d) {}
  Tick fetch(std::uint64_t line, Tick t, MemRequest& req) override {
    MemOp& op = payload_.prepare(MemOpKind::read, line * d_.params_.line_bytes, d_.params_.line_bytes);
    op.coherent = d_.params_.coherent;
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
    op.coherent = d_.params_.coherent;
    op.allocates = d_.params_.writes_allocate;
    return send(t);
  }

 private:
  Tick send(Tick t) {
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
      scan_slots_(params.mlp),
      stats_(stats.group("agents", basename()), *params.clock) {
  port.bind(*this);
  if (params.cache.size > 0) {
    port_sink_ = std::make_unique<PortSink>(*this);
    cache_ = std::make_unique<CacheBehaviour>(params.cache_params(), stats.group("device_caches", basename()));
    cache_->connect_below(port_sink_.get(), nullptr);
  }
  SC_HAS_PROCESS(DmaAgent);
  SC_THREAD(run);
  if (params.refresh_period() > 0) SC_THREAD(refresh);
}

DmaAgent::~DmaAgent() = default;

void DmaAgent::submit_present(Ranges ranges, Tick submitted, std::uint64_t frame) {
  ++presents_owed_;
  queue_.push_back(Command{Command::Kind::present, false, std::move(ranges), 0, submitted, frame});
  work_.notify(sc_core::SC_ZERO_TIME);
}

void DmaAgent::refresh() {
  // Vsyncs at every period; at each, take a pending flip, then fetch the front
  // buffer paced across the period, as the display's pixel clock consumes it.
  for (Tick vsync = params_.refresh_period();; vsync += params_.refresh_period()) {
    QuantumKeeper::wait_until(vsync);
    if (has_pending_) {
      front_ = std::move(pending_);
      has_pending_ = false;
      flip_time_ = vsync;
      if (timeline_ != nullptr) timeline_->instant(scanout_track(), "scanout", "flip", vsync);
      ++stats_.flips;
      --presents_owed_;
      flipped_.notify(sc_core::SC_ZERO_TIME);
    }
    // Once the trace is over, the flips still queued happen; scanning stops.
    if (stopping_ && presents_owed_ == 0) return;
    if (stopping_) continue;
    if (front_.empty()) continue;
    ++stats_.scanouts;
    std::uint64_t lines = 0;
    for (const auto& [a, n] : front_) lines += n == 0 ? 0 : (a + n - 1) / params_.line_bytes - a / params_.line_bytes + 1;
    const Tick pace = std::max(clock_.period, params_.refresh_period() / std::max<std::uint64_t>(1, lines));
    const Tick done = transfer(false, front_, vsync, StaleObserver::kNow, scan_payload_, scan_slots_, pace);
    if (timeline_ != nullptr && done > vsync) timeline_->span(scanout_track(), "scanout", "scanout", vsync, done);
  }
}

void DmaAgent::submit_transfer(bool is_write, Ranges ranges, Tick submitted, std::uint64_t frame) {
  queue_.push_back(Command{Command::Kind::transfer, is_write, std::move(ranges), 0, submitted, frame});
  work_.notify(sc_core::SC_ZERO_TIME);
}

void DmaAgent::submit_job(bool is_write, Ranges ranges, Tick submitted) {
  queue_.push_back(Command{Command::Kind::transfer, is_write, std::move(ranges), 0, submitted, StaleObserver::kNow, true});
  work_.notify(sc_core::SC_ZERO_TIME);
}

void DmaAgent::submit_copy_in(Ranges ranges, Tick submitted) {
  Command c{Command::Kind::transfer, true, std::move(ranges), 0, submitted};
  c.copies_current = true;
  queue_.push_back(std::move(c));
  work_.notify(sc_core::SC_ZERO_TIME);
}

void DmaAgent::submit_busy(Tick duration, Tick submitted) {
  Command c{Command::Kind::busy, false, {}, 0, submitted};
  c.duration = duration;
  queue_.push_back(std::move(c));
  work_.notify(sc_core::SC_ZERO_TIME);
}

void DmaAgent::record_stale_read(std::uint64_t line, std::uint64_t frame) {
  ++stats_.stale_reads;
  if (observer_) observer_->on_stale_read(basename(), line, frame);
}

void DmaAgent::submit_signal(std::uint64_t fence, Tick submitted) {
  queue_.push_back(Command{Command::Kind::signal, false, {}, fence, submitted});
  work_.notify(sc_core::SC_ZERO_TIME);
}

void DmaAgent::submit_wait(std::uint64_t fence, Tick submitted) {
  queue_.push_back(Command{Command::Kind::wait, false, {}, fence, submitted});
  work_.notify(sc_core::SC_ZERO_TIME);
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
    Command command = std::move(queue_.front());
    queue_.pop_front();
    now_ = std::max(now_, command.submitted);
    switch (command.kind) {
      case Command::Kind::transfer: {
        const Tick start = now_;
        if (cache_ && command.whole_job) now_ = cache_->clean_all(now_, clock_.period, true);
        now_ = cache_ ? cached_transfer(command, now_)
                      : transfer(command.is_write, command.ranges, now_, command.frame, payload_, in_flight_, clock_.period, command.copies_current);
        if (cache_ && command.whole_job) now_ = cache_->clean_all(now_, clock_.period, false);
        stats_.busy += now_ - start;
        draw("device", command.copies_current ? "copy in" : command.is_write ? "write" : "read", start, now_);
        break;
      }
      case Command::Kind::present:
        if (params_.refresh_period() == 0) {
          const Tick start = now_;
          now_ = transfer(false, command.ranges, now_, command.frame, payload_, in_flight_, clock_.period);  // one scan-out
          stats_.busy += now_ - start;
          draw("scanout", "scanout", start, now_);
          --presents_owed_;
          ++stats_.scanouts;
        } else {
          keeper_.keep_within(now_);
          pending_ = std::move(command.ranges);
          has_pending_ = true;
          const Tick queued = now_;
          while (has_pending_) sc_core::wait(flipped_);
          now_ = std::max(now_, flip_time_);
          draw("scanout", "flip queued until vsync", queued, now_);
        }
        break;
      case Command::Kind::busy:
        stats_.busy += command.duration;
        draw("device", "submission", now_, now_ + command.duration);
        now_ += command.duration;
        keeper_.keep_within(now_);
        break;
      case Command::Kind::signal:
        // The end of a job: what the device's cache holds dirty goes to memory first.
        if (cache_) now_ = cache_->clean_all(now_, clock_.period, false);
        keeper_.keep_within(now_);
        fences_.signal(command.fence, now_);
        if (timeline_ != nullptr) timeline_->instant(basename(), "device", "signal fence " + std::to_string(command.fence), now_);
        break;
      case Command::Kind::wait: {
        const Tick waiting = now_;
        now_ = std::max(now_, fences_.wait_for(command.fence));
        draw("device", "wait fence " + std::to_string(command.fence), waiting, now_);
        // The start of a job that depends on others: forget what the cache held.
        if (cache_) now_ = cache_->clean_all(now_, clock_.period, true);
        break;
      }
    }
    busy_ = false;
  }
}

Tick DmaAgent::cached_transfer(const Command& command, Tick now) {
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
      op.coherent = params_.coherent;
      op.allocates = params_.writes_allocate;
      op.device = &range;
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
