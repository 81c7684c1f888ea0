#include "models/dram/dram.h"

namespace cohsim {

DramTiming::DramTiming(const DramParams& p)
    : latency_(ns_to_ticks(p.latency_ns)),
      gbps_(p.bandwidth_gbps),
      line_bytes_(p.line_bytes),
      burst_bytes_(std::max(1u, p.burst_bytes)),
      line_transfer_(transfer_ticks((p.line_bytes + burst_bytes_ - 1) / burst_bytes_ * burst_bytes_, p.bandwidth_gbps)),
      window_(std::max<Tick>(1, 16 * line_transfer_)) {}

Tick DramTiming::access(Tick t, std::uint64_t bytes, bool posted) {
  const Tick need = bytes == line_bytes_ ? line_transfer_ : std::min(window_, transfer_ticks((bytes + burst_bytes_ - 1) / burst_bytes_ * burst_bytes_, gbps_));
  if (need == 0) return posted ? t : t + latency_;
  // Windows older than the oldest kept are folded into it (a request that
  // late is far behind every other agent).
  constexpr std::uint64_t kKeptWindows = 1 << 16;
  std::uint64_t w = std::max(t / window_, first_window_);
  // A request far beyond every kept window (after an idle gap: a frame paced
  // to vsync, a trace's pause) would push one empty window per step of the
  // gap and then drop them all: start the calendar where that would leave it.
  if (w >= first_window_ + used_.size() + kKeptWindows) {
    used_.clear();
    first_window_ = w + 1 - kKeptWindows;
  }
  for (;; ++w) {
    while (w - first_window_ >= used_.size()) used_.push_back(0);
    Tick& used = used_[w - first_window_];
    const Tick window_start = w * window_;
    const Tick start = std::max(t, window_start + used);
    if (start + need <= window_start + window_) {
      used = start + need - window_start;
      busy_until_ = std::max(busy_until_, start + need);
      while (used_.size() > kKeptWindows) {
        used_.pop_front();
        ++first_window_;
      }
      return posted ? start + need : start + latency_;
    }
  }
}

MemoryBehaviour::MemoryBehaviour(const DramParams& params, StatGroup& g)
    : timing_(params),
      stats_(g) {}

Tick MemoryBehaviour::read(std::uint64_t line, unsigned bytes, Tick t, Version& version) {
  ++stats_.reads;
  stats_.bytes_read += bytes;
  version = versions_.get(line);
  return timing_.access(t, bytes);
}

Tick MemoryBehaviour::write(std::uint64_t line, unsigned bytes, Version version, Tick t) {
  ++stats_.writes;
  stats_.bytes_written += bytes;
  versions_.set(line, version);
  return timing_.access(t, bytes, /*posted=*/true);
}

Dram::Dram(sc_core::sc_module_name name, const DramParams& params, StatRegistry& stats)
    : sc_module(name),
      port("port"),
      line_bytes_(params.line_bytes),
      behaviour_(params, stats.group("memories", basename())) {
  port.bind(*this);
}

void Dram::b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) {
  MemOp& op = mem_op(p);
  const std::uint64_t line = p.get_address() / line_bytes_;
  const Tick t = absolute_time(delay);
  if (p.is_write()) {
    set_absolute_time(delay, behaviour_.write(line, p.get_data_length(), op.version, t));
  } else {
    op.dirty = false;
    set_absolute_time(delay, behaviour_.read(line, p.get_data_length(), t, op.version));
  }
  p.set_response_status(tlm::TLM_OK_RESPONSE);
}

}  // namespace cohsim
