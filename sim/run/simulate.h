#pragma once
// One simulation: elaborate a platform, replay a trace, return the run's
// results. Call at most once per process (SystemC elaborates once).
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

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

// Passes the whole trace through a checker (platform null: a bare trace,
// only what holds on every platform); returns its operation count and adds
// the checker's warnings to `warnings` (may be null).
std::uint64_t check_trace(TraceSource& source, const TracePlatform* platform, std::vector<std::string>* warnings);

// The checks `cohsim run` makes of a scenario's trace before it simulates:
// the trace through the checker once per distinct thing the checker looks at
// (a run's platform, and whether its policy keeps a shadow copy, which
// decides the aperture). Returns the trace's operation count; the checker's
// warnings go to `warnings`, labelled by platform. Throws InputError.
std::uint64_t check_workload(const config::LoadedScenario& scenario, std::vector<std::string>* warnings);

// Sets up the SystemC kernel the way cohsim needs it (time resolution, no
// banner). Call first thing in sc_main.
void prepare_systemc();

}  // namespace cohsim
