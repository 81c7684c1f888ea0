#pragma once
// What a report shows, read from one or more results files: per run (a
// platform under a policy) the figures of its `coherency` section, in the
// units a reader wants (microseconds per frame, MiB); and, across files, the
// scenario fields whose values differ (a parameter the files sweep).
// Every number here is taken from the results file, never recomputed from a
// model, so a report always agrees with the file it came from.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/results/breakdown.h"

namespace cohsim::report {

using cohsim::kBreakdownParts;

struct RunFigures {
  std::string label, platform, policy;
  std::string refused;  // not simulated, and why (then no figures)
  std::uint64_t frames = 0;
  double core_us_per_frame = 0;         // the core's busy time
  double cost_us_per_frame = 0;         // what findings rank by: core + host copy engine + device DMA beyond ideal (kCostDefinition)
  std::optional<double> cost_vs_ideal;  // factor: 1.25 = 25% more cost than the ideal run
  double frame_budget_share = 0;        // cost / one frame period
  std::uint64_t stale_lines = 0;
  std::vector<double> breakdown_us;    // per frame, in kBreakdownParts order
  std::optional<double> host_copy_us;  // a virtual platform's host copy engine, busy per frame
  double amplification = 0;
  double dram_read_mib_per_frame = 0, dram_written_mib_per_frame = 0;

  bool simulated() const { return refused.empty(); }
  bool is_ideal() const { return policy == "ideal"; }
};

struct ReportSource {
  std::string path;
  std::string scenario, description, cohsim_version;
  nlohmann::json results;  // the whole file
  std::vector<RunFigures> runs;
  std::vector<std::string> platforms, policies;  // in order of first appearance
  std::vector<std::string> provenance;           // lines: the build, each input's digest, machine and date (none in a baseline's host)
};

// A scenario field whose value differs between the files of one report.
struct SweptField {
  std::string pointer;                 // into scenario.config, e.g. /workload/params/width
  std::vector<nlohmann::json> values;  // one per source
  // Every value is a number or a byte size ("256KiB"): `numbers` holds them
  // (sizes in bytes), so that they sort and chart as numbers.
  bool numeric = false;
  std::vector<double> numbers;
  std::size_t distinct() const;  // how many different values
};

struct ReportData {
  std::vector<ReportSource> sources;
  std::vector<SweptField> swept;
  // The sources are the points of one sweep (a merged sweep.json): the report
  // shows the scenario once, a table of points, and each point's own
  // sections only with `point_detail`.
  bool from_sweep = false;
  bool point_detail = false;
  // The field to chart cost against (`cohsim report --x`, resolved from a
  // pointer or its last tokens: "width", "l2/size"); empty: the numeric field
  // with the most distinct values.
  std::string x_field;
};

// Throws InputError naming the file (and a JSON pointer) when a file is
// missing, is not JSON, or is not a cohsim results file.
// `x_field` must name a numeric swept field (else InputError, exit 2).
ReportData load_report_data(const std::vector<std::string>& paths, const std::string& x_field = "", bool point_detail = false);

// One results file already read (with its coherency figures, if it has
// policies); `path` names it in errors and headings.
ReportSource source_of_results(nlohmann::json file, const std::string& path);

// The run of `platform` under `policy` in a source, or null.
const RunFigures* find_run(const ReportSource& source, std::string_view platform, std::string_view policy);

}  // namespace cohsim::report
