#include "sim/calibrate/probes.h"

#include <sys/mman.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <memory>
#include <numeric>
#include <random>
#include <sstream>
#include <vector>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace cohsim::calibrate {
namespace {

constexpr std::uint64_t kLine = 64;

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// A buffer on 2 MiB boundaries, asked to be backed by huge pages (so that
// TLB misses stay out of the latency probes as far as the kernel allows),
// touched once so that page faults stay out of the probes.
struct Buffer {
  explicit Buffer(std::uint64_t bytes)
      : size(bytes),
        data(static_cast<std::uint8_t*>(std::aligned_alloc(kHuge, round_up(bytes)))) {
    if (data == nullptr) throw std::bad_alloc();
    ::madvise(data, round_up(bytes), MADV_HUGEPAGE);  // a hint: without transparent huge pages it does nothing
    std::memset(data, 1, bytes);
  }
  static constexpr std::uint64_t kHuge = 2ull << 20;
  static std::uint64_t round_up(std::uint64_t bytes) { return (bytes + kHuge - 1) / kHuge * kHuge; }
  ~Buffer() { std::free(data); }
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  std::uint64_t size;
  std::uint8_t* data;
};

volatile std::uint64_t g_sink;

bool has_clflushopt() {
  static const bool has = [] {
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
      if (line.starts_with("flags")) return (line + " ").find(" clflushopt ") != std::string::npos;
    return false;
  }();
  return has;
}

#if defined(__x86_64__)
__attribute__((target("clflushopt"))) void clflushopt(const void* p) { _mm_clflushopt(const_cast<void*>(p)); }
#endif

void flush_line(const void* p) {
#if defined(__x86_64__)
  if (has_clflushopt()) {
    clflushopt(p);
  } else {
    _mm_clflush(p);
  }
#elif defined(__aarch64__)
  asm volatile("dc civac, %0" ::"r"(p) : "memory");
#else
  (void)p;
#endif
}
void flush_barrier() {
#if defined(__x86_64__)
  _mm_sfence();
#elif defined(__aarch64__)
  asm volatile("dsb sy" ::: "memory");
#endif
}

// Drops `buffer` from every cache level (flush by line: it is not measured).
void evict(const Buffer& b) {
  for (std::uint64_t i = 0; i < b.size; i += kLine) flush_line(b.data + i);
  flush_barrier();
}

}  // namespace

namespace {
// Links every line of `b` into one random cycle; returns the visiting order.
std::vector<std::uint64_t> link_random_cycle(Buffer& b) {
  const std::uint64_t lines = b.size / kLine;
  std::vector<std::uint64_t> order(lines);
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(12345);  // fixed: the same cycle every run
  std::shuffle(order.begin() + 1, order.end(), rng);
  for (std::uint64_t i = 0; i < lines; ++i) {
    void** at = reinterpret_cast<void**>(b.data + order[i] * kLine);
    *at = b.data + order[(i + 1) % lines] * kLine;
  }
  return order;
}
}  // namespace

double parallel_chase_ns(std::uint64_t bytes, unsigned chains, const ProbeSizes& sizes) {
  Buffer b(bytes);
  const std::vector<std::uint64_t> order = link_random_cycle(b);
  const std::uint64_t lines = order.size();
  std::vector<void*> p(chains);
  for (unsigned j = 0; j < chains; ++j) p[j] = b.data + order[j * lines / chains] * kLine;  // evenly apart on the cycle
  const std::uint64_t rounds = std::max<std::uint64_t>(1, sizes.chase_steps / chains);
  double best = 1e30;
  for (unsigned r = 0; r < sizes.repeats; ++r) {
    const auto t = Clock::now();
    for (std::uint64_t i = 0; i < rounds; ++i)
      for (unsigned j = 0; j < chains; ++j) p[j] = *static_cast<void**>(p[j]);
    best = std::min(best, seconds_since(t) * 1e9 / static_cast<double>(rounds * chains));
  }
  std::uintptr_t sum = 0;
  for (void* q : p) sum += reinterpret_cast<std::uintptr_t>(q);
  g_sink = sum;
  return best;
}

double chase_latency_ns(std::uint64_t bytes, const ProbeSizes& sizes) {
  Buffer b(bytes);
  const std::uint64_t lines = bytes / kLine;
  link_random_cycle(b);
  double best = 1e30;
  for (unsigned r = 0; r < sizes.repeats; ++r) {
    void* p = b.data;
    for (std::uint64_t i = 0; i < lines; ++i) p = *static_cast<void**>(p);  // warm the cycle (and the TLB)
    const auto t = Clock::now();
    for (std::uint64_t i = 0; i < sizes.chase_steps; ++i) p = *static_cast<void**>(p);
    best = std::min(best, seconds_since(t) * 1e9 / static_cast<double>(sizes.chase_steps));
    g_sink = reinterpret_cast<std::uintptr_t>(p);
  }
  return best;
}

double read_bandwidth_gbps(std::uint64_t bytes, bool warm, const ProbeSizes& sizes) {
  Buffer b(bytes);
  double best = 0;
  for (unsigned r = 0; r < sizes.repeats; ++r) {
    const auto* words = reinterpret_cast<const std::uint64_t*>(b.data);
    std::uint64_t sum = 0;
    if (warm) {
      for (std::uint64_t i = 0; i < bytes / 8; ++i) sum += words[i];
    } else {
      evict(b);
    }
    const auto t = Clock::now();
    for (std::uint64_t i = 0; i < bytes / 8; i += 4) sum += words[i] + words[i + 1] + words[i + 2] + words[i + 3];
    best = std::max(best, static_cast<double>(bytes) / seconds_since(t) / 1e9);
    g_sink = sum;
  }
  return best;
}

namespace {
// GB/s of filling a cold buffer of `bytes` with `fill(data, bytes, pass)`, best of the repeats.
template <class Fill>
double store_bandwidth_gbps(std::uint64_t bytes, const ProbeSizes& sizes, Fill&& fill) {
  Buffer b(bytes);
  double best = 0;
  for (unsigned r = 0; r < sizes.repeats; ++r) {
    evict(b);
    const auto t = Clock::now();
    fill(b.data, bytes, static_cast<int>(r));
    best = std::max(best, static_cast<double>(bytes) / seconds_since(t) / 1e9);
    g_sink = b.data[bytes / 2];
  }
  return best;
}
}  // namespace

double write_bandwidth_gbps(std::uint64_t bytes, const ProbeSizes& sizes) {
  return store_bandwidth_gbps(bytes, sizes, [](std::uint8_t* data, std::uint64_t n, int pass) { std::memset(data, pass, n); });
}

double nt_store_bandwidth_gbps(std::uint64_t bytes, const ProbeSizes& sizes) {
  return store_bandwidth_gbps(bytes, sizes, [](std::uint8_t* data, std::uint64_t n, int pass) {
#if defined(__x86_64__)
    const __m128i v = _mm_set1_epi32(pass);
    for (std::uint64_t i = 0; i < n; i += 16) _mm_stream_si128(reinterpret_cast<__m128i*>(data + i), v);
    _mm_sfence();
#else
    std::memset(data, pass, n);  // no non-temporal store in portable code
#endif
  });
}

double flush_ns_per_line(std::uint64_t bytes, bool dirty, const ProbeSizes& sizes) {
  Buffer b(bytes);
  double best = 1e30;
  for (unsigned r = 0; r < sizes.repeats; ++r) {
    if (dirty) {
      std::memset(b.data, static_cast<int>(r + 2), bytes);
    } else {
      std::uint64_t sum = 0;
      for (std::uint64_t i = 0; i < bytes; i += kLine) sum += b.data[i];
      g_sink = sum;
    }
    flush_barrier();
    const auto t = Clock::now();
    for (std::uint64_t i = 0; i < bytes; i += kLine) flush_line(b.data + i);
    flush_barrier();
    best = std::min(best, seconds_since(t) * 1e9 / (static_cast<double>(bytes) / kLine));
  }
  return best;
}

HostCpu describe_host() {
  HostCpu h;
#if defined(__x86_64__)
  h.arch = "x86_64";
  h.has_flush_instruction = has_clflushopt();
#elif defined(__aarch64__)
  h.arch = "aarch64";
  h.has_flush_instruction = true;  // DC CIVAC is allowed at EL0 on Linux (SCTLR_EL1.UCI)
#else
  h.arch = "unknown";
#endif
  std::ifstream cpuinfo("/proc/cpuinfo");
  std::string line;
  while (std::getline(cpuinfo, line)) {
    auto value = [&] { return line.substr(line.find(':') + 2); };
    if (h.model.empty() && (line.starts_with("model name") || line.starts_with("CPU part"))) h.model = value();
    if (h.ghz == 0 && line.starts_with("cpu MHz")) {
      h.ghz = std::stod(value()) / 1000.0;
      h.ghz_source = "/proc/cpuinfo cpu MHz";
    }
  }
  if (std::ifstream max("/sys/devices/system/cpu/cpu0/cpufreq/cpuinfo_max_freq"); max) {
    double khz = 0;
    if (max >> khz && khz > 0) {
      h.ghz = khz / 1e6;
      h.ghz_source = "cpufreq cpuinfo_max_freq";
    }
  }
  for (unsigned i = 0; i < 8; ++i) {
    const std::string dir = "/sys/devices/system/cpu/cpu0/cache/index" + std::to_string(i) + "/";
    std::ifstream type(dir + "type"), level(dir + "level"), size(dir + "size"), ways(dir + "ways_of_associativity");
    if (!type) break;
    std::string t, s;
    CacheLevel c;
    type >> t;
    level >> c.level;
    size >> s;
    ways >> c.ways;
    if (t == "Instruction" || s.empty()) continue;
    const char unit = s.back();
    c.size = std::stoull(s) * (unit == 'K' ? 1024ull : unit == 'M' ? 1024ull * 1024 : 1);
    h.data_caches.push_back(c);
  }
  return h;
}

}  // namespace cohsim::calibrate
