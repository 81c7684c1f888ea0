#pragma once
// What `cohsim run` prints when it is done: for a scenario with policies,
// the report's cost tables (cost, against the ideal run, frame budget,
// stale lines) and refusals, pointing to `cohsim report` for the rest; for
// a trace without policies, one table of
// each run's time, cache miss rates, DRAM traffic, maintenance and stale
// reads. Every table goes through the report's one text-table writer.
#include <nlohmann/json.hpp>
#include <string>

namespace cohsim::report {

std::string run_summary(const nlohmann::json& results);

}  // namespace cohsim::report
