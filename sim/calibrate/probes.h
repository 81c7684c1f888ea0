#pragma once
// Small measurements of the machine cohsim runs on (`cohsim calibrate`,
// docs/calibration.md), written in C++ with no external tool: load-to-use
// latency by pointer chasing, streaming read and write bandwidth,
// non-temporal store bandwidth, and the cost of flushing clean and dirty
// lines (CLFLUSHOPT + SFENCE on x86, DC CIVAC + DSB on arm64).
#include <cstdint>
#include <string>
#include <vector>

namespace cohsim::calibrate {

struct ProbeSizes {
  std::uint64_t chase_steps = 4'000'000;   // dependent loads per latency probe
  std::uint64_t big_bytes = 256ull << 20;  // beyond any last-level cache
  unsigned repeats = 3;                    // best of this many runs
};

// ns per dependent load over a buffer of `bytes` (lines in a random cycle).
double chase_latency_ns(std::uint64_t bytes, const ProbeSizes& sizes);
// ns per load of `chains` independent chases through one random cycle over
// `bytes`, interleaved: the core keeps up to `chains` misses in flight.
double parallel_chase_ns(std::uint64_t bytes, unsigned chains, const ProbeSizes& sizes);
// GB/s of reading every byte of a buffer of `bytes` (warm: read once before).
double read_bandwidth_gbps(std::uint64_t bytes, bool warm, const ProbeSizes& sizes);
// GB/s of writing every byte (memset) and of non-temporal stores.
double write_bandwidth_gbps(std::uint64_t bytes, const ProbeSizes& sizes);
double nt_store_bandwidth_gbps(std::uint64_t bytes, const ProbeSizes& sizes);
// ns per line of flushing `bytes` with the barrier after it; the lines are
// cached clean (read before) or dirty (written before).
double flush_ns_per_line(std::uint64_t bytes, bool dirty, const ProbeSizes& sizes);

// What this machine's CPU has, from sysfs and /proc/cpuinfo.
struct CacheLevel {
  unsigned level = 0;
  std::uint64_t size = 0;
  unsigned ways = 0;
};
struct HostCpu {
  std::string arch;  // x86_64 or aarch64
  std::string model;
  double ghz = 0;
  std::string ghz_source;
  std::vector<CacheLevel> data_caches;  // L1d, L2, L3 as the first CPU sees them
  bool has_flush_instruction = false;   // CLFLUSHOPT (x86) or DC CIVAC from EL0 (arm64)
};
HostCpu describe_host();

}  // namespace cohsim::calibrate
