#pragma once
// Where a results file came from, in its `host` section (so that simulated
// figures stay byte-identical from run to run): the cohsim build (version,
// git commit, whether the tree had changes), a SHA-256 of every input file
// read (the scenario, each platform file and the preset it builds on, the
// trace), the machine and the date. `cohsim report` prints it; `cohsim
// check` says when two files came from different inputs.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/load/scenario_loader.h"

namespace cohsim {

// The `host.provenance` section of a run of `scenario`.
nlohmann::json provenance(const config::LoadedScenario& scenario);

// What differs between the inputs of two provenance sections (each may be
// absent: nothing is said then), one line per input, e.g. `platform
// arm-soc.json: 3f2a... here, 9c1b... there`.
std::vector<std::string> input_differences(const nlohmann::json& a, const nlohmann::json& b);

// The lines a report ends with.
std::vector<std::string> provenance_lines(const nlohmann::json& provenance);

}  // namespace cohsim
