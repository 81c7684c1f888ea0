#include "sim/calibrate/calibrate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <numeric>
#include <random>
#include <sstream>

#include "sim/config/json_source.h"
#include "sim/load/scenario_loader.h"
#include "sim/run/run_scenario.h"
#include "sim/util/atomic_file.h"
#include "sim/util/input_error.h"

namespace cohsim::calibrate {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::uint64_t kMiB = 1ull << 20;

struct Measured {
  double l1_ns = 0, l2_ns = 0, llc_ns = 0, dram_ns = 0;
  std::uint64_t l1_probe = 0, l2_probe = 0, llc_probe = 0;
  double read_warm_gbps = 0, read_cold_gbps = 0, write_gbps = 0, nt_gbps = 0;
  double flush_clean_ns = 0, flush_dirty_ns = 0;
  // Independent chases inside the LLC probe's buffer: the fastest time per
  // load over 4 to 48 chains, and the misses in flight that makes.
  double parallel_ns = 0;
  unsigned parallel_chains = 0;
  double in_flight() const { return llc_ns / parallel_ns; }
};

std::string fixed(double v, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string today() {
  const std::time_t t = std::time(nullptr);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", std::gmtime(&t));
  return buf;
}

// The preset: the shipped one of the same architecture, with every value the
// probes measured replaced, and `sources` saying how each was found.
// The preset being written, the source of each of its values, and the
// preset it starts from.
struct PresetDraft {
  json preset;
  json sources = json::object();
  std::string base;
};

// Misses in flight: independent chases that miss L1 and L2 overlap as far as
// the core's fill buffers and the L2's miss registers let them, and the chase
// cannot tell which of the two is the bound; both get the figure (the L2's
// registers hold its prefetches too, docs/models.md).
struct InFlight {
  long count = 1;
  std::string how;
};
InFlight misses_in_flight(const Measured& m) {
  return {std::max(1L, std::lround(m.in_flight())), "cohsim calibrate: " + std::to_string(m.parallel_chains) + " independent pointer chases over " +
                                                        std::to_string(m.llc_probe / kMiB) + " MiB, " + fixed(m.parallel_ns, 2) + " ns per load against " +
                                                        fixed(m.llc_ns, 2) + " ns for one: " + fixed(m.in_flight(), 1) + " misses in flight"};
}

// Caches: sizes and ways from sysfs; each level's latency is what a pointer
// chase inside it measured, minus the levels above. Returns the cycles of
// every level together.
long set_caches(PresetDraft& d, const HostCpu& cpu, const Measured& m, double ghz, const InFlight& in_flight) {
  const double chase[] = {m.l1_ns, m.l2_ns, m.llc_ns};
  const std::uint64_t probes[] = {m.l1_probe, m.l2_probe, m.llc_probe};
  std::string cache_names[3];  // the base preset's caches by level
  for (auto& [name, c] : d.preset["caches"].items()) {
    const unsigned level = c["level"].get<unsigned>();
    if (level >= 1 && level <= 3) cache_names[level - 1] = name;
  }
  long above_cycles = 0;
  for (int i = 0; i < 3; ++i) {
    if (cache_names[i].empty()) continue;
    json& c = d.preset["caches"][cache_names[i]];
    const std::string at = "/caches/" + cache_names[i];
    for (const CacheLevel& level : cpu.data_caches) {
      if (level.level != static_cast<unsigned>(i + 1)) continue;
      c["size"] = level.size;
      c["ways"] = level.ways;
      d.sources[at + "/size"] = d.sources[at + "/ways"] = "cohsim calibrate: /sys/devices/system/cpu/cpu0/cache";
    }
    if (i == 1) {
      c["mshrs"] = in_flight.count;
      d.sources[at + "/mshrs"] = in_flight.how;
    }
    const long cycles = std::max(1L, std::lround(chase[i] * ghz) - above_cycles);
    c["latency_cycles"] = cycles;
    d.sources[at + "/latency_cycles"] =
        "cohsim calibrate: pointer chase over " + std::to_string(probes[i] / 1024) + " KiB, " + fixed(chase[i], 2) + " ns per load, minus the levels above";
    above_cycles += cycles;
  }
  return above_cycles;
}

// Memory: the chase beyond every cache, minus the caches' and links' share.
void set_memories(PresetDraft& d, const Measured& m, const ProbeSizes& sizes, double ghz, long cache_cycles) {
  for (auto& [name, mem] : d.preset["memories"].items()) {
    double links_ns = 0;
    for (auto& [fname, f] : d.preset["fabrics"].items()) links_ns += f["downstream"].value("latency_ns", 0.0);
    const double dram = std::max(1.0, m.dram_ns - static_cast<double>(cache_cycles) / ghz - links_ns);
    mem["latency_ns"] = std::round(dram * 10) / 10;
    d.sources["/memories/" + name + "/latency_ns"] = "cohsim calibrate: pointer chase over " + std::to_string(sizes.big_bytes / kMiB) + " MiB, " +
                                                     fixed(m.dram_ns, 1) + " ns per load, minus the caches and links above";
    d.sources["/memories/" + name + "/bandwidth_gbps"] = "not measured (one core cannot saturate memory): " + d.base;
  }
}

// Maintenance: a flush of clean lines costs its issue (the mechanism adds the
// round trip and, for dirty lines, the write-back).
void set_maintenance(PresetDraft& d, const HostCpu& cpu, const Measured& m, double ghz) {
  json& maintenance = d.preset["cpus"]["cpu0"]["maintenance"];
  const double flush_cycles = std::round(m.flush_clean_ns * ghz * 10) / 10;
  maintenance["clean_cycles_per_line"] = flush_cycles;
  maintenance["invalidate_cycles_per_line"] = flush_cycles;
  const std::string flush_how = std::string(cpu.arch == "aarch64" ? "DC CIVAC + DSB" : "CLFLUSHOPT + SFENCE") + " of 8 MiB of clean cached lines, " +
                                fixed(m.flush_clean_ns, 2) + " ns per line";
  d.sources["/cpus/cpu0/maintenance/clean_cycles_per_line"] = "cohsim calibrate: " + flush_how;
  d.sources["/cpus/cpu0/maintenance/invalidate_cycles_per_line"] = "cohsim calibrate: " + flush_how + " (the same instruction)";
}

json host_preset(const HostCpu& cpu, const Measured& m, const ProbeSizes& sizes) {
  PresetDraft d;
  d.base = cpu.arch == "aarch64" ? "arm-soc" : "x86-llc";
  d.preset = config::load_json_file(config::preset_path(d.base));
  // What is not measured keeps the base preset's value and says so; every
  // measured value replaces its entry.
  const json base_sources = d.preset.value("sources", json::object());
  for (const auto& [pointer, source] : base_sources.items()) d.sources[pointer] = "not measured: " + d.base + "'s value (" + source.get<std::string>() + ")";
  d.preset["name"] = "host";
  d.preset["description"] = "this machine (" + cpu.model + "), measured by cohsim calibrate on " + today() + "; what was not measured comes from " + d.base;
  json& core = d.preset["cpus"]["cpu0"];
  const double ghz = cpu.ghz > 0 ? cpu.ghz : core["clock_ghz"].get<double>();
  core["clock_ghz"] = std::round(ghz * 1000) / 1000;
  d.sources["/cpus/cpu0/clock_ghz"] = cpu.ghz > 0 ? "cohsim calibrate: " + cpu.ghz_source : "not measured: " + d.base;
  const InFlight in_flight = misses_in_flight(m);
  core["mlp"] = in_flight.count;
  d.sources["/cpus/cpu0/mlp"] = in_flight.how;
  const long cache_cycles = set_caches(d, cpu, m, ghz, in_flight);
  set_memories(d, m, sizes, ghz, cache_cycles);
  set_maintenance(d, cpu, m, ghz);
  d.preset["sources"] = d.sources;
  return d.preset;
}

// One probe replayed through cohsim on the written preset.
class Replay {
 public:
  Replay(const std::string& preset)
      : preset_(fs::absolute(preset).string()) {
    std::string pattern = (fs::temp_directory_path() / "cohsim-calibrate-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
  }
  ~Replay() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  // The core's elapsed time (ns) for a trace.
  double elapsed_ns(const std::string& trace) {
    const std::string name = "t" + std::to_string(count_++);
    std::ofstream(dir_ + "/" + name + ".trace") << trace;
    const json scenario = {{"name", name}, {"platforms", json::array({json{{"file", preset_}}})}, {"workload", {{"trace", name + ".trace"}}}};
    std::ofstream(dir_ + "/" + name + ".json") << scenario.dump();
    RunOptions options;
    options.scenario_path = dir_ + "/" + name + ".json";
    options.progress = false;
    options.jobs = 1;
    const json results = run_scenario(options);
    return results.at("runs").at(0).at("agents").at("cpu0").at("elapsed").at("ns").get<double>();
  }

 private:
  std::string preset_, dir_;
  int count_ = 0;
};

std::string hex(std::uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

// The probes' own access order: every line of `bytes` once, in a fixed
// random order (a random cycle, as the pointer chases use).
std::vector<std::uint64_t> random_cycle(std::uint64_t bytes) {
  std::vector<std::uint64_t> order(bytes / 64);
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(12345);
  std::shuffle(order.begin() + 1, order.end(), rng);
  return order;
}

// Loads along a random cycle of the lines of `bytes`, after one pass along
// the whole cycle (as the chase probes warm up), unless the buffer is meant
// to come from memory. A barrier after each load keeps them one at a time
// (its cost is taken out); without barriers they overlap as independent
// chases do. Like the chase on the machine, each line comes back only after
// all the others, so a cache smaller than the buffer holds none of them.
double simulated_chase_ns(Replay& replay, std::uint64_t bytes, double barrier_ns, bool warm_first, bool dependent = true) {
  const std::uint64_t base = 0x40000000, steps = 2000;
  const std::vector<std::uint64_t> order = random_cycle(bytes);
  std::string warm;
  if (warm_first)
    for (const std::uint64_t line : order) warm += "r " + hex(base + line * 64) + " 8\n";
  warm += "barrier\n";
  std::string chase = warm;
  for (std::uint64_t i = 0; i < steps; ++i) chase += "r " + hex(base + order[i % order.size()] * 64) + " 8\n" + (dependent ? "barrier\n" : "");
  if (!dependent) chase += "barrier\n";
  const double extra_barriers_ns = dependent ? static_cast<double>(steps) * barrier_ns : barrier_ns;
  return (replay.elapsed_ns(chase) - replay.elapsed_ns(warm) - extra_barriers_ns) / static_cast<double>(steps);
}

// The probe sizes: the host's caches (from sysfs, else typical ones) set
// them; --quick shortens the chases.
struct ProbePlan {
  ProbeSizes sizes;
  std::uint64_t cache_size[3] = {32 * 1024ull, 1024 * 1024ull, 16 * kMiB};
};
ProbePlan plan_probes(const HostCpu& cpu, bool quick) {
  ProbePlan plan;
  ProbeSizes& sizes = plan.sizes;
  std::uint64_t* cache_size = plan.cache_size;
  if (quick) {
    sizes.chase_steps = 200'000;
    sizes.big_bytes = 64 * kMiB;
    sizes.repeats = 1;
  }
  for (const CacheLevel& c : cpu.data_caches)
    if (c.level >= 1 && c.level <= 3) cache_size[c.level - 1] = c.size;
  // Memory's probes: beyond twice the LLC, so that no cache holds them, in
  // the model either.
  sizes.big_bytes = std::max(sizes.big_bytes, (2 * cache_size[2] + kMiB - 1) / kMiB * kMiB);
  return plan;
}

// Every probe on this machine.
Measured measure_host(const ProbePlan& plan) {
  const ProbeSizes& sizes = plan.sizes;
  const std::uint64_t* cache_size = plan.cache_size;
  Measured m;
  // Inside each level: half its size (so the level above does not hold it all).
  m.l1_probe = cache_size[0] / 2;
  m.l2_probe = cache_size[1] / 2;
  // The LLC: 4 times the L2 (beyond it, and the 8 MiB of the warm read
  // probe on a 2 MiB L2), at most half the LLC. Not half of it whatever its
  // size: a big shared LLC (260 MiB on a server part) is mostly someone
  // else's, and a chase over half of it measures memory (measured here:
  // 137.7 ns over 130 MiB, 140.0 ns over 256 MiB).
  m.llc_probe = std::min(cache_size[2] / 2, std::max(4 * cache_size[1], m.l2_probe * 4));
  m.l1_ns = chase_latency_ns(m.l1_probe, sizes);
  m.l2_ns = chase_latency_ns(m.l2_probe, sizes);
  m.llc_ns = chase_latency_ns(m.llc_probe, sizes);
  m.dram_ns = chase_latency_ns(sizes.big_bytes, sizes);
  m.parallel_ns = 1e30;
  for (const unsigned chains : {4u, 8u, 12u, 16u, 24u, 32u, 48u}) {
    const double ns = parallel_chase_ns(m.llc_probe, chains, sizes);
    if (ns < m.parallel_ns) {
      m.parallel_ns = ns;
      m.parallel_chains = chains;
    }
  }
  m.read_warm_gbps = read_bandwidth_gbps(8 * kMiB, true, sizes);
  m.read_cold_gbps = read_bandwidth_gbps(sizes.big_bytes, false, sizes);
  m.write_gbps = write_bandwidth_gbps(sizes.big_bytes, sizes);
  m.nt_gbps = nt_store_bandwidth_gbps(sizes.big_bytes, sizes);
  m.flush_clean_ns = flush_ns_per_line(8 * kMiB, false, sizes);
  m.flush_dirty_ns = flush_ns_per_line(8 * kMiB, true, sizes);
  return m;
}

struct ProbeRow {
  std::string probe, unit;
  double measured, simulated;
};

// The probes again, as traces through cohsim on the preset written.
std::vector<ProbeRow> simulate_probes(Replay& replay, const json& preset, const Measured& m, const ProbeSizes& sizes) {
  const double ghz = preset["cpus"]["cpu0"]["clock_ghz"].get<double>();
  const double barrier_ns = preset["cpus"]["cpu0"]["maintenance"]["barrier_cycles"].get<double>() / ghz;
  const std::uint64_t big = sizes.big_bytes, eight = 8 * kMiB;
  const std::string buf = hex(0x40000000);
  auto gbps = [](std::uint64_t bytes, double ns) { return static_cast<double>(bytes) / ns; };
  const double read_once = replay.elapsed_ns("r " + buf + " " + std::to_string(eight) + "\nbarrier\n");
  const double read_twice = replay.elapsed_ns("r " + buf + " " + std::to_string(eight) + "\nbarrier\nr " + buf + " " + std::to_string(eight) + "\nbarrier\n");
  const double read_then = replay.elapsed_ns("r " + buf + " " + std::to_string(eight) + "\nbarrier\n");
  const double write_then = replay.elapsed_ns("w " + buf + " " + std::to_string(eight) + "\nbarrier\n");
  return {
      {"load-to-use, " + std::to_string(m.l1_probe / 1024) + " KiB (L1)", "ns", m.l1_ns, simulated_chase_ns(replay, m.l1_probe, barrier_ns, true)},
      {"load-to-use, " + std::to_string(m.l2_probe / 1024) + " KiB (L2)", "ns", m.l2_ns, simulated_chase_ns(replay, m.l2_probe, barrier_ns, true)},
      {"load-to-use, " + std::to_string(m.llc_probe / kMiB) + " MiB (LLC)", "ns", m.llc_ns, simulated_chase_ns(replay, m.llc_probe, barrier_ns, true)},
      {"load-to-use, " + std::to_string(big / kMiB) + " MiB (DRAM)", "ns", m.dram_ns, simulated_chase_ns(replay, big, barrier_ns, false)},
      {std::to_string(m.parallel_chains) + " chases, " + std::to_string(m.llc_probe / kMiB) + " MiB", "ns/load", m.parallel_ns,
       simulated_chase_ns(replay, m.llc_probe, barrier_ns, true, /*dependent=*/false)},
      {"read 8 MiB, warm", "GB/s", m.read_warm_gbps, gbps(eight, read_twice - read_once)},
      {"read " + std::to_string(big / kMiB) + " MiB, cold", "GB/s", m.read_cold_gbps,
       gbps(big, replay.elapsed_ns("r " + buf + " " + std::to_string(big) + "\nbarrier\n"))},
      {"write " + std::to_string(big / kMiB) + " MiB", "GB/s", m.write_gbps,
       gbps(big, replay.elapsed_ns("w " + buf + " " + std::to_string(big) + "\nbarrier\n"))},
      {"non-temporal stores " + std::to_string(big / kMiB) + " MiB", "GB/s", m.nt_gbps,
       gbps(big, replay.elapsed_ns("map " + buf + " " + std::to_string(big) + " wc\nw " + buf + " " + std::to_string(big) + "\nbarrier\n"))},
      {"flush 8 MiB of clean lines", "ns/line", m.flush_clean_ns,
       (replay.elapsed_ns("r " + buf + " " + std::to_string(eight) + "\nbarrier\nflush " + buf + " " + std::to_string(eight) + "\nbarrier\n") - read_then) /
           static_cast<double>(eight) / 64},
      {"flush 8 MiB of dirty lines", "ns/line", m.flush_dirty_ns,
       (replay.elapsed_ns("w " + buf + " " + std::to_string(eight) + "\nbarrier\nflush " + buf + " " + std::to_string(eight) + "\nbarrier\n") - write_then) /
           static_cast<double>(eight) / 64},
  };
}

void print_comparison(const std::string& output, const std::vector<ProbeRow>& rows) {
  std::printf("wrote %s\n\n%-32s %8s %12s %12s %8s\n", output.c_str(), "probe", "unit", "measured", "simulated", "sim/meas");
  unsigned within = 0;
  for (const ProbeRow& r : rows) {
    const double ratio = r.simulated / r.measured;
    within += std::fabs(ratio - 1) <= 0.25 ? 1 : 0;
    std::printf("%-32s %8s %12.3f %12.3f %8.2f%s\n", r.probe.c_str(), r.unit.c_str(), r.measured, r.simulated, ratio,
                std::fabs(ratio - 1) <= 0.25 ? "" : "  (outside 25%)");
  }
  std::printf("\n%u of %zu probes within 25%%\n", within, rows.size());
}

}  // namespace

int run_calibrate(const CalibrateOptions& options) {
  const HostCpu cpu = describe_host();
  std::cerr << "cohsim calibrate: " << cpu.model << " (" << cpu.arch << "), " << fixed(cpu.ghz, 3) << " GHz (" << cpu.ghz_source << ")\n";
  if (!cpu.has_flush_instruction) std::cerr << "cohsim calibrate: no CLFLUSHOPT: the flush probes use CLFLUSH\n";
  const ProbePlan plan = plan_probes(cpu, options.quick);
  const Measured m = measure_host(plan);
  const json preset = host_preset(cpu, m, plan.sizes);
  write_output(options.output, preset.dump(2) + "\n");
  config::load_platform(options.output);  // what was written is a valid preset
  Replay replay(options.output);
  print_comparison(options.output, simulate_probes(replay, preset, m, plan.sizes));
  return 0;
}

}  // namespace cohsim::calibrate
