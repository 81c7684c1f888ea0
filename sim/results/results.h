#pragma once
// The results file of a scenario run. Self-describing: schema version, cohsim
// version, the resolved configuration (scenario and every platform after
// overrides), the simulated figures of each run with units, and - apart, in
// "host" - wall time and simulation speed. Everything outside "host" is a
// function of the input only, so the same input gives byte-identical results.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/load/scenario_loader.h"

namespace cohsim {

constexpr int kResultsSchemaVersion = 1;

nlohmann::json make_results(const config::LoadedScenario& scenario, const std::vector<nlohmann::json>& runs, const nlohmann::json& host);

// The JSON text cohsim writes (stable formatting).
std::string results_text(const nlohmann::json& results);

// Reads a results file for `report` and `check`: throws InputError naming the
// file (and a JSON pointer) when it is missing, not JSON, not a cohsim
// results file or of another schema version. Adds the coherency figures when
// the file predates them or its scenario has no policies.
nlohmann::json load_results_file(const std::string& path);

}  // namespace cohsim
