#include "sim/run/simulate.h"

#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <set>
#include <systemc>
#include <tuple>

#include "sim/platform/elaborate.h"
#include "sim/replay/replayer.h"
#include "sim/results/stats.h"
#include "sim/run/timeline_writer.h"
#include "sim/trace/open_trace.h"
#include "sim/workloads/generator.h"

namespace cohsim {

void prepare_systemc() {
  // Femtoseconds: see models/common/time.h. Once per process.
  static bool done = false;
  if (done) return;
  done = true;
  sc_core::sc_set_time_resolution(1, sc_core::SC_FS);
  // A replay that stops on bad input calls sc_stop(); the kernel's "Simulation
  // stopped by user." note would stand beside cohsim's own error message.
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);
}

std::unique_ptr<TraceSource> open_workload(const config::LoadedScenario& s) {
  const config::WorkloadConfig& w = s.config.workload;
  if (!w.generator.empty()) return make_generator(w.generator, w.params, s.path);
  return open_trace(s.trace_path, s.trace_format);
}

TracePlatform trace_platform_for(const config::LoadedScenario& scenario, const config::RunSpec& run) {
  const config::PlatformConfig& p = run.resolved.config;
  TracePlatform out;
  out.label = run.label;
  for (const auto& [name, device] : p.devices) out.roles[name] = std::string(config::enum_name(device.role));
  out.virtual_gpu = p.hypervisor.has_value();
  out.aperture_fences = p.aperture.fences;
  out.tiled_access = scenario.config.exporter.tiled_cpu_access;
  out.policy_uses_shadow = make_policy(run.policy)->uses_shadow();
  out.exporter = scenario.config.exporter.kind;
  out.cma_area_bytes = scenario.config.exporter.cma_area_bytes;
  if (const auto vram = config::device_memory(p)) {
    out.device_memory_bytes = vram->window.end() - vram->window.base();
    for (const auto& [name, device] : p.devices)
      if (device.local_memory == vram->name) out.device_memory_local.insert(name);
  }
  return out;
}

std::uint64_t check_trace(TraceSource& source, const TracePlatform* platform, std::vector<std::string>* warnings) {
  TraceChecker checker(source, platform);
  std::uint64_t ops = 0;
  TraceOp op;
  while (source.next(op)) {
    checker.check(op);
    ++ops;
  }
  checker.finish();
  for (const TraceWarning& w : checker.warnings()) {
    if (w.count == 0 || warnings == nullptr) continue;
    std::string line = std::string(w.name) + ": " + std::to_string(w.count) + " operation(s), first at " + w.first_at + ": " + w.meaning;
    if (platform != nullptr) line = platform->label + ": " + line;
    warnings->push_back(line);
  }
  return ops;
}

std::uint64_t check_workload(const config::LoadedScenario& s, std::vector<std::string>* warnings) {
  std::set<std::tuple<std::size_t, bool, bool>> checked;
  std::uint64_t ops = 0;
  for (const config::RunSpec& run : s.runs) {
    if (!run.refused.empty()) continue;
    TracePlatform platform = trace_platform_for(s, run);
    if (!checked.insert({run.platform, run.ideal, platform.policy_uses_shadow}).second) continue;
    std::unique_ptr<TraceSource> source = open_workload(s);
    ops = check_trace(*source, &platform, warnings);
  }
  return ops;
}

namespace {

// How the replay runs: the scenario's simulation settings and this run's policy.
ReplayParams replay_params(const SimulationRequest& request, const config::RunSpec& spec) {
  const config::LoadedScenario& scenario = *request.scenario;
  ReplayParams params;
  params.quantum_ns = scenario.config.simulation.quantum_ns;
  params.policy = spec.policy;
  params.session.exporter = scenario.config.exporter;
  params.session.speculative_fills = scenario.config.simulation.speculative_fills;
  params.session.aperture = spec.resolved.config.aperture;
  params.session.swiotlb = spec.resolved.config.swiotlb;
  if (const auto vram = config::device_memory(spec.resolved.config)) {
    params.session.device_memory_base = vram->window.base();
    params.session.device_memory_bytes = vram->window.end() - vram->window.base();
  }
  params.checks = trace_platform_for(scenario, spec);
  params.end_of_run_flush = scenario.config.simulation.end_of_run_flush;
  params.on_progress = request.on_progress;
  return params;
}

// The run's section of the results: labels, times, the models' statistics,
// the sharing report, skipped lines and the trace's warnings.
nlohmann::json run_results(const config::LoadedScenario& scenario, const config::RunSpec& spec, const Replayer& replayer, const ElaboratedPlatform& platform,
                           const TraceSource& source) {
  nlohmann::json run;
  run["label"] = spec.label;
  run["platform"] = scenario.platforms.at(spec.platform).label;
  run["policy"] = spec.ideal ? "ideal" : spec.policy;
  run["cpu"] = spec.resolved.config.cpus.begin()->first;
  run["simulated_time"] = {{"value", ticks_to_ns(replayer.end_time())}, {"unit", "ns"}};
  run["trace_operations"] = {{"value", replayer.operations()}, {"unit", "operations"}};
  run["line_operations"] = {{"value", platform.line_operations()}, {"unit", "lines"}};
  const nlohmann::json stats = registry_to_json(platform.stats);
  for (const auto& [section, groups] : stats.items()) run[section] = groups;
  run["sharing"] = replayer.sharing_report();
  nlohmann::json skipped = nlohmann::json::object();
  for (const auto& [reason, count] : source.skipped()) skipped[reason] = {{"value", count}, {"unit", "trace lines"}};
  if (!skipped.empty()) run["trace_lines_skipped"] = skipped;
  // Only warnings that occurred: a clean trace's results carry no section.
  nlohmann::json warnings = nlohmann::json::object();
  for (const TraceWarning& w : replayer.trace_warnings()) {
    if (w.count > 0) warnings[w.name] = {{"value", w.count}, {"unit", "operations"}, {"first_at", w.first_at}, {"note", w.meaning}};
  }
  if (!warnings.empty()) run["trace_warnings"] = warnings;
  return run;
}

}  // namespace

SimulationOutput simulate(const SimulationRequest& request) {
  prepare_systemc();
  const auto wall_start = std::chrono::steady_clock::now();
  const config::LoadedScenario& scenario = *request.scenario;
  const config::RunSpec& spec = scenario.runs.at(request.run);
  const config::ResolvedPlatform& resolved = spec.resolved;
  const PlatformGraph graph = build_platform_graph(resolved.config, config::blame_file(resolved.source));
  ElaborateOptions options;
  options.classify_misses = scenario.config.simulation.miss_classes;
  std::unique_ptr<ElaboratedPlatform> platform = elaborate(resolved.config, graph, ns_to_ticks(scenario.config.simulation.quantum_ns), options);
  std::unique_ptr<TraceSource> source = open_workload(scenario);
  ReplayParams params = replay_params(request, spec);
  std::unique_ptr<ChromeTraceWriter> timeline;
  if (!request.timeline_part.empty()) {
    timeline = std::make_unique<ChromeTraceWriter>(request.timeline_part, static_cast<int>(request.run) + 1);
    params.timeline = timeline.get();
  }
  Replayer replayer("replay", *source, *platform, params);

  sc_core::sc_start();
  replayer.rethrow_if_failed();
  if (timeline) timeline->finish();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();

  SimulationOutput out;
  out.run = run_results(scenario, spec, replayer, *platform, *source);
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  out.host = {{"label", spec.label},
              {"wall_seconds", wall},
              {"max_rss_kib", usage.ru_maxrss},
              {"line_operations_per_second", wall > 0 ? static_cast<double>(platform->line_operations()) / wall : 0.0},
              {"trace_operations_per_second", wall > 0 ? static_cast<double>(replayer.operations()) / wall : 0.0}};
  return out;
}

}  // namespace cohsim
