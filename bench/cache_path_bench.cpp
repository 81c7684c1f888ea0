// How fast cohsim simulates cache-line accesses.
//
//   SystemCPath/*  line accesses through the elaborated x86-llc platform: the
//                  core agent, TLM sockets, L1 -> L2 -> LLC -> fabric -> DRAM
//                  modules, timing and the stale-read oracle.
//   BareBehaviours/*    the same model cores (L1, L2, LLC, DRAM timing, oracle)
//                  wired to each other without SystemC: the baseline the
//                  SystemC layer is judged against.
//   BareTagArrays/* the same access sequence through three plain tag arrays
//                  (lookup, LRU update, fill, dirty victim into the next
//                  level): the floor any cache simulator pays.
//   Maintenance/*  clean of a dirty 8 MiB range (every line present in
//                  some level), per maintained line.
// Argument 0: a 32 KiB working set (L1 hits); 1: a 16 MiB stream (misses in
// L1 and L2, hits in the 30 MiB LLC); 2: a 64 MiB stream (misses to DRAM).
// Compare SystemCPath with BareBehaviours and BareTagArrays within one run (ratios, not
// absolute rates: the machines are shared).
#include <benchmark/benchmark.h>

#include <array>
#include <memory>

#include "models/cache/direct_sinks.h"
#include "models/cache/tag_array.h"
#include "sim/load/scenario_loader.h"
#include "sim/platform/elaborate.h"
#include "sim/run/simulate.h"

namespace {

using namespace cohsim;

constexpr std::array<std::uint64_t, 3> kWorkingSet = {32 << 10, 16 << 20, 64 << 20};
constexpr std::uint64_t kOpBytes = 4096;  // one trace op: 64 lines

// One elaborated platform for the whole process (SystemC elaborates once).
struct Platform {
  config::ResolvedPlatform resolved = config::load_platform("x86-llc");
  PlatformGraph graph = build_platform_graph(resolved.config, config::blame_file("x86-llc"));
  std::unique_ptr<ElaboratedPlatform> sim = elaborate(resolved.config, graph, kTicksPerNs * 1000);
  Tick now = 0;
};
Platform& platform() {
  static Platform p;
  return p;
}

void SystemCPath(benchmark::State& state) {
  Platform& p = platform();
  CpuAgent& cpu = *p.sim->cpu;
  const std::uint64_t set = kWorkingSet[static_cast<size_t>(state.range(0))];
  std::uint64_t offset = 0;
  bool write = false;
  for (auto _ : state) {
    // Alternate a write and a read sweep so that lines get dirty and write back.
    p.now = write ? cpu.store(offset, kOpBytes, p.now) : cpu.load(offset, kOpBytes, p.now);
    offset += kOpBytes;
    if (offset >= set) {
      offset = 0;
      write = !write;
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kOpBytes / 64));
  state.counters["line_accesses_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(kOpBytes) / 64, benchmark::Counter::kIsRate);
}
BENCHMARK(SystemCPath)->DenseRange(0, 2);

// The bare baseline: the same cache behaviours, wired to each other directly.
void BareBehaviours(benchmark::State& state) {
  const auto& cfg = platform().resolved.config;
  StatRegistry stats;
  auto params = [&](const char* name) {
    const auto& c = cfg.caches.at(name);
    CacheParams p;
    static_cast<CacheLevelConfig&>(p) = c;  // the platform's cache settings
    p.prefetch = PrefetchConfig{};          // the bare path: demand fetches only, no miss-register limit
    p.mshrs = 0;
    p.line_bytes = cfg.line_bytes;
    p.lookup_latency = ns_to_ticks(c.latency_cycles / 4.0);
    return p;
  };
  CacheBehaviour l1(params("l1d"), stats.group("caches", "l1d"));
  CacheBehaviour l2(params("l2"), stats.group("caches", "l2"));
  CacheBehaviour llc(params("llc"), stats.group("caches", "llc"));
  const auto& dram_cfg = cfg.memories.at("dram");
  DramParams dram_params;
  static_cast<MemoryConfig&>(dram_params) = dram_cfg;  // the platform's memory settings
  dram_params.line_bytes = cfg.line_bytes;
  MemoryBehaviour dram(dram_params, stats.group("memories", "dram"));
  CacheBehaviourSink to_l2(l2), to_llc(llc);
  MemorySink to_dram(dram, cfg.line_bytes);
  l1.connect_below(&to_l2, &l2);
  l2.connect_below(&to_llc, &llc);
  llc.connect_below(&to_dram, nullptr);
  l2.add_above(&l1);
  llc.add_above(&l2);

  LineVersionMap oracle;
  Outstanding misses(cfg.cpus.at("cpu0").mlp), writebacks(cfg.cpus.at("cpu0").mlp);
  const std::uint64_t set = kWorkingSet[static_cast<size_t>(state.range(0))];
  std::uint64_t offset = 0;
  bool write = false;
  Tick now = 0;
  for (auto _ : state) {
    CoreRange range;
    range.bytes = kOpBytes;
    range.misses = &misses;
    range.writebacks = &writebacks;
    range.oracle = &oracle;
    range.cycle = Clock::from_ghz(4.0).period;
    range.bytes_per_cycle = 64;
    MemRequest req;
    req.kind = write ? MemOpKind::write : MemOpKind::read;
    range.start = now;
    req.range = &range;
    l1.walk_core_range(offset, req);
    now = range.next_issue;
    offset += kOpBytes;
    if (offset >= set) {
      offset = 0;
      write = !write;
    }
  }
  benchmark::DoNotOptimize(now);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kOpBytes / 64));
  state.counters["line_accesses_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(kOpBytes) / 64, benchmark::Counter::kIsRate);
}
BENCHMARK(BareBehaviours)->DenseRange(0, 2);

// The floor any cache simulator pays: tag lookups, LRU and fills alone.
void BareTagArrays(benchmark::State& state) {
  const auto& caches = platform().resolved.config.caches;
  std::array<TagArray, 3> levels = {TagArray({caches.at("l1d").size, caches.at("l1d").ways, 64}), TagArray({caches.at("l2").size, caches.at("l2").ways, 64}),
                                    TagArray({caches.at("llc").size, caches.at("llc").ways, 64})};
  // Puts `line` into level k (and below it on a miss there).
  auto access = [&levels](std::uint64_t line, bool write, auto& self, size_t k) -> void {
    TagArray& t = levels[k];
    TagArray::Slot s = t.find(line);
    if (s != TagArray::kNone) {
      t.touch(s);
      if (write) t.set_dirty(s, true);
      return;
    }
    if (k + 1 < levels.size()) self(line, false, self, k + 1);
    s = t.victim_for(line);
    if (t.valid(s) && t.dirty(s) && k + 1 < levels.size()) self(t.line_of(s), true, self, k + 1);
    t.fill(s, line, 0, write);
  };
  const std::uint64_t set = kWorkingSet[static_cast<size_t>(state.range(0))];
  std::uint64_t offset = 0;
  bool write = false;
  for (auto _ : state) {
    for (std::uint64_t line = offset / 64; line < (offset + kOpBytes) / 64; ++line) access(line, write, access, 0);
    offset += kOpBytes;
    if (offset >= set) {
      offset = 0;
      write = !write;
    }
  }
  benchmark::DoNotOptimize(levels[0].valid_lines());
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(kOpBytes / 64));
  state.counters["line_accesses_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(kOpBytes) / 64, benchmark::Counter::kIsRate);
}
BENCHMARK(BareTagArrays)->DenseRange(0, 2);

void Maintenance(benchmark::State& state) {
  Platform& p = platform();
  CpuAgent& cpu = *p.sim->cpu;
  constexpr std::uint64_t kBase = 1ull << 36, kBytes = 8 << 20;
  std::uint64_t lines = 0;
  for (auto _ : state) {
    state.PauseTiming();
    p.now = cpu.store(kBase, kBytes, p.now);  // make the range dirty again
    state.ResumeTiming();
    p.now = cpu.maintain(MemOpKind::clean, kBase, kBytes, p.now);
    p.now = cpu.barrier(p.now);
    lines += kBytes / 64;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(lines));
  state.counters["maintenance_lines_per_second"] = benchmark::Counter(static_cast<double>(lines), benchmark::Counter::kIsRate);
}
BENCHMARK(Maintenance)->Unit(benchmark::kMillisecond);

}  // namespace
