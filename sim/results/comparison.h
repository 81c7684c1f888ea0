#pragma once
// The figures a design review wants from a sharing scenario, derived from the
// runs' statistics (and from each platform's ideally coherent run): cost per
// frame, its breakdown, bytes moved, amplification, stale reads, overhead.
#include <string>

#include <nlohmann/json.hpp>

namespace cohsim {

// Adds a "coherency" section to every run of a scenario that has policies.
void add_coherency_figures(nlohmann::json& results);

// `v` with `decimals` digits after the point: the one number format of tables and reports.
std::string format_fixed(double v, int decimals);

// How tables and reports print an overhead ratio: "+12.5%", or from 10x up "x3075".
std::string format_overhead(double ratio);

// Policies as rows, platforms side by side; then the breakdown per run.
std::string comparison_table(const nlohmann::json& results);

}  // namespace cohsim
