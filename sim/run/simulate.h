#pragma once
// One simulation: elaborate a platform, replay a trace, return the run's
// results. Call at most once per process (SystemC elaborates once).
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "sim/load/scenario_loader.h"
#include "sim/trace/trace_checker.h"

namespace cohsim {

struct SimulationRequest {
  const config::LoadedScenario* scenario = nullptr;
  std::size_t run = 0;  // index into scenario->runs
  std::function<void(double)> on_progress;
  std::string timeline_part;  // where to write this run's timeline events (empty: none)
};

struct SimulationOutput {
  nlohmann::json run;   // simulated figures only: identical for identical input
  nlohmann::json host;  // wall time and speed
};

// Throws InputError for problems in the trace.
SimulationOutput simulate(const SimulationRequest& request);

// What the trace checker knows of one run of a scenario: its platform's
// devices and their roles, whether its GPU is virtual, its aperture, and
// what the scenario and the run's policy ask of tiled buffers.
TracePlatform trace_platform_for(const config::LoadedScenario& scenario, const config::RunSpec& run);

// The run's trace: its file, or its generator (errors a parameter causes are
// reported at the scenario's /workload/params/KEY).
std::unique_ptr<TraceSource> open_workload(const config::LoadedScenario& scenario);

// Sets up the SystemC kernel the way cohsim needs it (time resolution, no
// banner). Call first thing in sc_main.
void prepare_systemc();

}  // namespace cohsim
