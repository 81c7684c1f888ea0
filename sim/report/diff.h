#pragma once
// `cohsim diff`: two results files compared figure by figure, run by run,
// whatever their scenarios are called (a pull request that moves the model,
// two platform files, two versions of a trace). Runs pair by label
// (platform/policy); when the two files share no label, in file order.
// By default the coherency figures of each run (cost, time and traffic per
// frame, stale reads, the breakdown); with every_metric, every number a run
// reports, as `cohsim check` compares them.
#include <nlohmann/json.hpp>
#include <string>

namespace cohsim::report {

struct DiffOptions {
  bool every_metric = false;
  std::string format = "text";  // text or markdown
};

struct DiffResult {
  std::string text;        // the report
  bool identical = false;  // no compared figure differs
};

// Both documents as load_results_file returns them; the paths name them in the report.
DiffResult diff_results(const nlohmann::json& a, const std::string& a_path, const nlohmann::json& b, const std::string& b_path, const DiffOptions& options);

}  // namespace cohsim::report
