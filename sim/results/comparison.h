#pragma once
// The figures a design review wants from a sharing scenario, derived from the
// runs' statistics (and from each platform's ideally coherent run): cost per
// frame, its breakdown, bytes moved, amplification, stale reads, overhead.
#include <nlohmann/json.hpp>
#include <string>

namespace cohsim {

// Adds a "coherency" section to every run of a scenario that has policies.
void add_coherency_figures(nlohmann::json& results);

// `v` with `decimals` digits after the point: the one number format of tables and reports.
std::string format_fixed(double v, int decimals);

// The one format of factors (cost against the ideal run, savings): "1.13x",
// "12.3x", "3075x": three significant digits at most, always a factor.
std::string format_factor(double factor);
// The one format of shares (of the frame budget): "0.024%", "0.17%", "2.4%", "131%".
std::string format_share(double share);

// The cost of a policy, as findings, tables and "cheapest" use it
// (docs/reports.md): the core's busy time, plus the host copy engine's busy
// time on a virtual platform, plus the DMA time the policy adds to devices
// (their busy time beyond the ideal run's), per frame.
inline constexpr const char* kCostDefinition =
    "core busy time + the host copy engine's busy time (virtual platforms) + device DMA time beyond the ideal run's, per frame";

}  // namespace cohsim
