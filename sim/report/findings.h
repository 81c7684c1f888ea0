#pragma once
// Headline findings a reviewer reads first, each computed from the figures of
// one results file: the cheapest policy that reads no stale data on each
// platform and by what factor it beats the dearest; what a dirty-region sync
// saves over a whole-buffer one; the stale data a missing sync shows; the
// largest amplification; the host's share on a virtual platform; refusals.
#include <string>
#include <vector>

#include "sim/report/report_data.h"
#include "sim/results/comparison.h"  // format_factor, format_share, kCostDefinition

namespace cohsim::report {

std::vector<std::string> findings(const ReportSource& source);

// The short answer a report opens with: per platform, the kind of importer
// the trace's devices are there (a display that does not snoop, a snooping
// GPU or camera, a virtual GPU), the cheapest policy that reads no stale
// data (never `none`), its cost per frame and share of the frame budget, the
// factor to the next one, and what leaving the sync out reads; then the
// line that reproduces the run.
std::vector<std::string> verdict(const ReportSource& source);

// The simulated runs of `platform` that read nothing stale, leaving out
// `none` (a missing sync is never recommended: where it reads nothing
// stale, that is timing or a coherent path), cheapest first. The verdict,
// the findings and a sweep's table of points all choose from this.
std::vector<const RunFigures*> clean_syncs_by_cost(const ReportSource& source, const std::string& platform);

// The number formats every report format shares (so the test can parse them back).
std::string format_us(double us);  // "405.8"

}  // namespace cohsim::report
