// Frames per second and simulated line operations per second of the standard
// sharing scenarios, end to end (scenario load, a child process per run,
// elaboration, replay, results), and the memory a run needs as the number of
// frames grows (it should not grow).
//
//   StandardScenario/PATH       each scenario of results/baselines/SCENARIOS, whole
//   Swrast4kArmSyncFull/FRAMES  swrast-to-display at 3840x2160, full-frame
//                               damage, on arm-soc under sync-full: every line
//                               written, cleaned and scanned out every frame.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <systemc>

#include "sim/run/run_scenario.h"

namespace {

using nlohmann::json;

json run(const json& scenario) {
  const std::string dir = std::filesystem::temp_directory_path() / ("cohsim-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/scenario.json";
  std::ofstream(path) << scenario.dump();
  cohsim::RunOptions options;
  options.scenario_path = path;
  options.progress = false;
  options.jobs = 1;
  json results = cohsim::run_scenario(options);
  std::filesystem::remove_all(dir);
  return results;
}

// Runs `scenario` once per iteration; reports simulated frames per second,
// simulated line operations per second of the simulation itself, and its
// maximum resident set.
void measure(benchmark::State& state, const json& scenario, double frames_per_run) {
  double line_ops = 0, sim_wall = 0, rss = 0;
  for (auto _ : state) {
    const json r = run(scenario);
    line_ops += r.at("runs").at(0).at("line_operations").at("value").get<double>();
    sim_wall += r.at("host").at("runs").at(0).at("wall_seconds").get<double>();
    rss = r.at("host").at("runs").at(0).at("max_rss_kib").get<double>();
  }
  state.counters["frames_per_second"] = benchmark::Counter(frames_per_run * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["simulated_line_ops_per_second"] = line_ops / sim_wall;
  state.counters["max_rss_kib"] = rss;
}

void Swrast4kArmSyncFull(benchmark::State& state) {
  const json scenario = {{"name", "bench"},
                         {"platforms", {"arm-soc"}},
                         {"policies", {"sync-full"}},
                         {"ideal", false},
                         {"workload",
                          {{"generator", "swrast-to-display"},
                           {"params", {{"width", 3840}, {"height", 2160}, {"damage", "full-frame"}, {"frames", state.range(0)}, {"fps", 60}}}}}};
  measure(state, scenario, static_cast<double>(state.range(0)));
}
BENCHMARK(Swrast4kArmSyncFull)->Arg(2)->Arg(16)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

// 4K GPU readback (gpu-to-cpu) per layout on x86-llc and arm-soc, sync-full:
// frames per second of simulation. Arguments: layout, platform, frames (AFBC
// on arm-soc also runs 16 frames: its resident set should match 4 frames').
void Readback4k(benchmark::State& state) {
  const char* layouts[] = {"linear", "I915_FORMAT_MOD_X_TILED", "I915_FORMAT_MOD_Y_TILED", "I915_FORMAT_MOD_4_TILED", "DRM_FORMAT_MOD_ARM_AFBC_16x16"};
  const char* platform = state.range(1) == 0 ? "x86-llc" : "arm-soc";
  const json scenario = {
      {"name", "bench"},
      {"platforms", {platform}},
      {"policies", {"sync-full"}},
      {"ideal", false},
      {"workload",
       {{"generator", "gpu-to-cpu"},
        {"params", {{"width", 3840}, {"height", 2160}, {"frames", state.range(2)}, {"fps", 0}, {"buffers", 1}, {"layout", layouts[state.range(0)]}}}}}};
  state.SetLabel(std::string(platform) + " " + layouts[state.range(0)]);
  measure(state, scenario, static_cast<double>(state.range(2)));
}
BENCHMARK(Readback4k)->ArgsProduct({{0, 1, 2, 3, 4}, {0, 1}, {4}})->Args({4, 1, 16})->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

// Every standard scenario (results/baselines/SCENARIOS) as `cohsim run`
// runs it, one simulation at a time: simulated frames per second of wall
// time, over all its platform and policy runs.
void StandardScenario(benchmark::State& state, const std::string& path) {
  double frames = 0, line_ops = 0, sim_wall = 0;
  for (auto _ : state) {
    cohsim::RunOptions options;
    options.scenario_path = path;
    options.progress = false;
    options.jobs = 1;
    const json r = cohsim::run_scenario(options);
    for (const json& run : r.at("runs")) {
      if (run.contains("refused")) continue;
      frames += run.contains("sharing") ? run.at("sharing").at("frames").at("value").get<double>() : 0;
      line_ops += run.at("line_operations").at("value").get<double>();
    }
    for (const json& h : r.at("host").at("runs")) sim_wall += h.value("wall_seconds", 0.0);
  }
  state.counters["frames_per_second"] = benchmark::Counter(frames, benchmark::Counter::kIsRate);
  state.counters["simulated_line_ops_per_second"] = sim_wall > 0 ? line_ops / sim_wall : 0;
}

const bool standard_scenarios_registered = [] {
  std::ifstream list(COHSIM_SOURCE_DIR "/results/baselines/SCENARIOS");
  std::string line;
  while (std::getline(list, line)) {
    if (line.empty() || line[0] == '#') continue;
    benchmark::RegisterBenchmark(("StandardScenario/" + line).c_str(), StandardScenario, std::string(COHSIM_SOURCE_DIR "/") + line)
        ->Unit(benchmark::kMillisecond)
        ->Iterations(1)
        ->UseRealTime();
  }
  return true;
}();

}  // namespace
