#pragma once
// Simulated time inside the models: an integer count of femtoseconds, the
// SystemC time resolution cohsim sets. Femtoseconds keep clock periods such as
// 2.8 GHz (357,142.857 fs) within 1e-6 relative error while 2^64 fs still
// covers five hours of simulated time. Plain model classes use Tick so they can
// be tested without a SystemC kernel; the SystemC wrappers convert with
// sc_time::from_value() and sc_time::value().
#include <cmath>
#include <cstdint>

namespace cohsim {

using Tick = std::uint64_t;

constexpr Tick kTicksPerNs = 1'000'000;

inline Tick ns_to_ticks(double ns) { return static_cast<Tick>(std::llround(ns * static_cast<double>(kTicksPerNs))); }
inline double ticks_to_ns(Tick t) { return static_cast<double>(t) / static_cast<double>(kTicksPerNs); }

// A clock domain: converts cycles to ticks and back.
struct Clock {
  double ghz = 1.0;
  Tick period = kTicksPerNs;  // one cycle

  static Clock from_ghz(double ghz) { return Clock{ghz, static_cast<Tick>(std::llround(1e6 / ghz))}; }
  Tick cycles(std::uint64_t n) const { return n * period; }
  // Whole cycles that a span of time covers, rounded up (a partial cycle is spent).
  std::uint64_t to_cycles(Tick t) const { return (t + period - 1) / period; }
};

// Time a transfer of `bytes` takes at `gbps` gigabytes per second (1 GB/s moves
// one byte per ns). Zero bandwidth means unlimited.
inline Tick transfer_ticks(std::uint64_t bytes, double gbps) {
  if (gbps <= 0) return 0;
  return static_cast<Tick>(std::llround(static_cast<double>(bytes) * static_cast<double>(kTicksPerNs) / gbps));
}

}  // namespace cohsim
