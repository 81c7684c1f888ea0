#pragma once
// Built-in workloads (docs/workloads.md): each generates a buffer-sharing
// trace on the fly from a few parameters in the scenario, streamed frame by
// frame, and `cohsim gen` writes the same trace to a file for users to edit.
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/config/fields.h"
#include "sim/trace/trace_op.h"

namespace cohsim {

std::vector<std::string> generator_names();
// docs/workloads.md's generated list: one line per workload, its name and summary.
std::string generator_list_markdown();

// Checks a generator's name and parameters; errors name /workload/params/...
// (`params_at` is the checker of the params object; `name_pointer` the
// pointer of the generator's name).
void validate_generator(const std::string& name, const nlohmann::json& params, const config::Checker& params_at, const std::string& name_pointer);

// The generator's parameters with every default filled in (for results).
nlohmann::json resolved_generator_params(const std::string& name, const nlohmann::json& params);

// The trace of a validated generator.
// Given the scenario file, errors a parameter causes (a device the platform
// lacks, a layout it cannot share) are reported at /workload/params/KEY there.
std::unique_ptr<TraceSource> make_generator(const std::string& name, const nlohmann::json& params, const std::string& scenario_file = "");

}  // namespace cohsim
