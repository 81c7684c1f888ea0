#pragma once
// Drives the core from the thread that replays a trace (sim/replay), for the
// replay itself and for the exporter and policies acting through CpuOps. Long ranges are cut into chunks so
// that the thread never runs more than a quantum ahead of SystemC time: the
// device threads then interleave with the core at quantum granularity, and
// shared resources (DRAM, links) see requests roughly in time order.
#include <cstdint>
#include <string>
#include <systemc>

#include "models/common/quantum_keeper.h"
#include "models/cpu/cpu_agent.h"
#include "models/cpu/cpu_ops.h"

namespace cohsim {

class CoreDriver final : public CpuOps {
 public:
  CoreDriver(CpuAgent& cpu, Tick quantum, Timeline* timeline = nullptr)
      : cpu_(cpu),
        keeper_(quantum),
        now_(kernel_time()),
        timeline_(timeline),
        track_(cpu.basename()) {}

  using CpuOps::load;
  void load(std::uint64_t address, std::uint64_t bytes, LoadShape shape) override {
    chunked(address, bytes, [&](auto a, auto n) { now_ = cpu_.load(a, n, now_, shape); });
  }
  void store(std::uint64_t address, std::uint64_t bytes) override {
    chunked(address, bytes, [&](auto a, auto n) { now_ = cpu_.store(a, n, now_); });
  }
  void maintain(MemOpKind kind, std::uint64_t address, std::uint64_t bytes) override {
    chunked(address, bytes, [&](auto a, auto n) { now_ = cpu_.maintain(kind, a, n, now_); });
  }
  void barrier() override { step(cpu_.barrier(now_)); }
  void set_mapping(std::uint64_t address, std::uint64_t bytes, Mapping mapping) override { cpu_.set_mapping(address, bytes, mapping); }
  void compute(std::uint64_t cycles) override { step(cpu_.compute(cycles, now_)); }
  // The core is idle (nothing to do) until `t`.
  void idle_until(Tick t) override {
    if (t > now_) {
      cpu_.record_idle(t - now_);
      step(t);
    }
  }
  // Brings SystemC time up to the core's, before handing work to another thread.
  void catch_up_kernel() override { QuantumKeeper::wait_until(now_); }
  // The core learns that something it waited for happened at `t`.
  void advance_to(Tick t) { step(std::max(now_, t)); }

  Tick now() const override { return now_; }
  Timeline* timeline() const override { return timeline_; }
  std::string_view track() const override { return track_; }
  CpuAgent& cpu() { return cpu_; }

  // Lines per chunk: long enough that the transaction overhead vanishes,
  // short enough (4 KiB) to keep the quantum meaningful.
  static constexpr std::uint64_t kChunkBytes = 4096;

 private:
  template <class F>
  void chunked(std::uint64_t address, std::uint64_t bytes, F&& f) {
    const std::uint64_t end = address + bytes;
    while (address < end) {
      const std::uint64_t next = std::min(end, (address / kChunkBytes + 1) * kChunkBytes);
      f(address, next - address);
      step(now_);
      address = next;
    }
  }
  void step(Tick t) {
    now_ = t;
    keeper_.keep_within(now_);
  }

  CpuAgent& cpu_;
  QuantumKeeper keeper_;
  Tick now_;
  Timeline* timeline_;
  std::string track_;
};

}  // namespace cohsim
