#include "sim/results/results.h"

#include <cstdio>
#include <sstream>

#include "sim/config/json_source.h"
#include "sim/results/comparison.h"
#include "sim/util/input_error.h"

namespace cohsim {

using nlohmann::json;

json make_results(const config::LoadedScenario& scenario, const std::vector<json>& runs, const json& host) {
  json platforms = json::array();
  for (const auto& p : scenario.platforms) {
    platforms.push_back({{"label", p.label}, {"source", p.source}, {"config", config::to_json_value(p.config)}});
  }
  json out;
  out["schema_version"] = kResultsSchemaVersion;
  out["cohsim_version"] = COHSIM_VERSION;
  out["scenario"] = {{"file", scenario.path},
                     {"config", config::to_json_value(scenario.config)},
                     {"platforms", platforms},
                     {"trace", {{"path", scenario.trace_path}, {"format", std::string(config::enum_name(scenario.trace_format))}}}};
  out["runs"] = runs;
  out["host"] = host;
  return out;
}

std::string results_text(const json& results) { return results.dump(2) + "\n"; }

json load_results_file(const std::string& path) {
  json results = config::load_json_file(path);
  if (!results.is_object() || !results.contains("schema_version") || !results.contains("runs") || !results.contains("scenario"))
    throw InputError(path, "", "not a cohsim results file (expected an object with schema_version, scenario and runs, as `cohsim run -o` writes)");
  const json& version = results.at("schema_version");
  if (!version.is_number_integer() || version.get<int>() != kResultsSchemaVersion)
    throw InputError(path, "/schema_version",
                     "results schema version " + version.dump() + "; this cohsim reads version " + std::to_string(kResultsSchemaVersion));
  if (!results.at("runs").is_array()) throw InputError(path, "/runs", "expected an array of runs");
  const json& runs = results.at("runs");
  for (std::size_t i = 0; i < runs.size(); ++i)
    if (!runs.at(i).is_object() || !runs.at(i).contains("label") || !runs.at(i).at("label").is_string())
      throw InputError(path, "/runs/" + std::to_string(i) + "/label", "expected each run to be an object with its label (platform/policy)");
  if (!results.at("scenario").is_object() || !results.at("scenario").contains("config") || !results.at("scenario").at("config").is_object())
    throw InputError(path, "/scenario/config", "expected the scenario's configuration");
  try {
    for (const json& run : results.at("runs")) {
      if (!run.contains("coherency") && !run.contains("refused")) {
        add_coherency_figures(results);
        break;
      }
    }
  } catch (const json::exception& e) {
    throw InputError(path, "/runs", std::string("a run lacks a figure cohsim writes: ") + e.what());
  }
  return results;
}

}  // namespace cohsim
