#pragma once
// Loading: a scenario or platform file becomes checked configuration. The
// platform presets are found (the data folder), a virtual platform is laid
// over its host preset, overrides are merged and blamed on the file that
// gave them, each platform's graph is built and checked, the generator's
// parameters are checked against the generators' registry, and the runs
// (platform x policy, and each platform's ideal) are listed. It sits above
// the config readers, the platform graph and the workload generators, which
// therefore need not know each other.
#include <string>
#include <vector>

#include "sim/config/platform_config.h"
#include "sim/config/scenario_config.h"

namespace cohsim::config {

// A platform ready to elaborate, with where each of its values came from.
struct ResolvedPlatform {
  std::string label;
  std::string source;  // preset name or file path, for reports
  json document;       // the merged JSON (preset + override)
  PlatformConfig config;
  std::vector<std::string> files;  // the files it was read from: its own, and the preset it extends or runs on
};

// One simulation of a scenario: a platform under a policy.
struct RunSpec {
  std::string label;         // "x86-llc", or "x86-llc/sync-full", "x86-llc/ideal"
  std::size_t platform = 0;  // index into LoadedScenario::platforms
  std::string policy = "none";
  bool ideal = false;         // the platform made fully coherent (the reference run)
  ResolvedPlatform resolved;  // the platform this run simulates
  std::string refused;        // why the policy cannot run on this platform (then it is not simulated)
};

struct LoadedScenario {
  std::string path;
  ScenarioConfig config;
  std::vector<ResolvedPlatform> platforms;
  std::vector<RunSpec> runs;
  std::string trace_path;  // resolved against the scenario's folder (empty for a generator)
  TraceFormat trace_format = TraceFormat::cohsim;
};

// The same platform with every device coherent and every fabric snooping its
// last-level cache: the ideally coherent reference.
ResolvedPlatform ideal_variant(const ResolvedPlatform& platform);

// The folder holding platforms/ (COHSIM_DATA_DIR, else the build's default).
std::string data_dir();
std::string preset_path(const std::string& name);
std::vector<std::string> preset_names();

// Loads a platform file or preset by name (a name has no '/' and no ".json").
ResolvedPlatform load_platform(const std::string& name_or_file);

// Loads and validates a scenario, its platforms and the trace's existence.
LoadedScenario load_scenario(const std::string& path);

}  // namespace cohsim::config
