#pragma once
// `cohsim check`: a regression check of simulated figures against a baseline
// results file. Runs are matched by label (platform/policy); every number a
// run reports is compared (the `host` section, wall-clock figures, is not
// part of a run and never compared). Simulation is deterministic, so the
// default tolerance is none: any change shows, and a baseline is refreshed on
// purpose (`--update`). Tolerances loosen that per metric.
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace cohsim::report {

// "[METRIC=]LIMIT[%]": LIMIT is relative with %, else absolute (in the
// metric's unit). METRIC selects metrics whose path (e.g.
// coherency/stale_reads, caches/l2/read_misses) starts with it or contains it
// as whole path segments; the longest matching selector wins; no METRIC sets
// the default.
struct Tolerance {
  std::string metric;  // empty: every metric
  double limit = 0;
  bool relative = false;
};
// Throws InputError (place "--tolerance") on a malformed spec.
Tolerance parse_tolerance(const std::string& spec);

struct Difference {
  std::string run, metric;
  std::string baseline, now;  // as the files hold them ("" when missing)
  std::string change;         // "+4.7%", "+12", "new run", "missing run", ...
};

struct CheckResult {
  std::size_t runs_compared = 0, metrics_compared = 0;
  std::vector<Difference> moved;
};

// Both documents as load_results_file returns them; `baseline_path` and
// `results_path` name them in errors (different scenarios are an InputError).
CheckResult check_against_baseline(const nlohmann::json& baseline, const std::string& baseline_path, const nlohmann::json& results,
                                   const std::string& results_path, const std::vector<Tolerance>& tolerances);

// The comparison under both: each pair of runs (one side null: a run only the
// other file has), every metric `wanted` selects, against the tolerances.
CheckResult compare_runs(const std::vector<std::pair<const nlohmann::json*, const nlohmann::json*>>& pairs, const std::vector<Tolerance>& tolerances,
                         const std::function<bool(const std::string&)>& wanted);
// The runs of two results documents paired by label, in the first's order;
// a run of one only is paired with null.
std::vector<std::pair<const nlohmann::json*, const nlohmann::json*>> runs_by_label(const nlohmann::json& a, const nlohmann::json& b);

// The table `cohsim check` prints; `input_notes` (input_differences of the
// two files' provenance) say which inputs differ, whatever moved.
std::string check_report(const CheckResult& result, const std::string& baseline_path, const std::vector<std::string>& input_notes = {});

// A results document as a baseline file: the host section (wall time) dropped,
// so that refreshing a baseline changes only what the simulation changed.
nlohmann::json as_baseline(nlohmann::json results);

}  // namespace cohsim::report
