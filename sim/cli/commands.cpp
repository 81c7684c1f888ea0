#include "sim/cli/commands.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "models/exporter/policy_catalog.h"
#include "sim/calibrate/calibrate.h"
#include "sim/cli/validate.h"
#include "sim/config/json_source.h"
#include "sim/config/schema.h"
#include "sim/import/wayland_importer.h"
#include "sim/load/scenario_loader.h"
#include "sim/platform/platform_graph.h"
#include "sim/report/check.h"
#include "sim/report/dashboard.h"
#include "sim/report/diff.h"
#include "sim/report/report.h"
#include "sim/report/run_summary.h"
#include "sim/results/provenance.h"
#include "sim/results/results.h"
#include "sim/results/results_reference.h"
#include "sim/run/run_scenario.h"
#include "sim/run/simulate.h"
#include "sim/sweep/sweep.h"
#include "sim/trace/open_trace.h"
#include "sim/trace/text_trace_reader.h"
#include "sim/trace/text_trace_writer.h"
#include "sim/util/atomic_file.h"
#include "sim/util/checked_number.h"
#include "sim/util/input_error.h"
#include "sim/util/interrupt.h"
#include "sim/validation/model_validation.h"
#include "sim/workloads/generator.h"

namespace cohsim::cli {
namespace {

// Output as -o asks (see write_output); no -o at all is stdout too.
void emit(const std::string& output, const std::string& text) { write_output(output.empty() ? "-" : output, text); }

}  // namespace

int command_run(const std::string& scenario, const std::string& output, unsigned jobs, bool quiet, const std::string& timeline) {
  RunOptions options;
  options.timeline_path = timeline;
  options.scenario_path = scenario;
  options.output_path = output;
  options.jobs = jobs;
  options.progress = !quiet;
  // With -o - the results JSON is all that goes to stdout, so it can be piped.
  const bool to_stdout = output == "-";
  const nlohmann::json results = run_scenario(options);
  if (!quiet && !to_stdout) std::cout << report::run_summary(results);
  if (!output.empty() && !quiet && !to_stdout) std::cout << "results: " << output << "\n";
  if (!timeline.empty() && !quiet) std::cout << "timeline: " << timeline << " (open in https://ui.perfetto.dev or chrome://tracing)\n";
  return 0;
}

int command_validate(const std::vector<std::string>& files) {
  int status = 0;
  for (const auto& f : files) {
    try {
      const ValidateOutcome outcome = validate_file(f);  // before printing: a bad file prints no "ok"
      std::cout << f << ": ok (" << outcome.summary << ")\n";
      for (const std::string& w : outcome.warnings) std::cout << f << ": warning: " << w << "\n";
    } catch (const InputError& e) {
      std::cerr << "cohsim: " << e.what() << "\n";
      status = 2;
    }
  }
  return status;
}

int command_validate_model(const std::vector<std::string>& paths) {
  const std::vector<std::string> files =
      validation::case_files(paths.empty() ? std::vector<std::string>{(std::filesystem::path(config::data_dir()) / "validation").string()} : paths);
  if (files.empty()) throw InputError(paths.empty() ? config::data_dir() + "/validation" : paths.front(), "", "no validation case (*.case.json) found");
  std::vector<validation::Outcome> outcomes;
  outcomes.reserve(files.size());
  for (const std::string& f : files) outcomes.push_back(validation::run_case(f));
  std::cout << validation::format_outcomes(outcomes);
  return validation::exit_status(outcomes);
}

int command_platforms() {
  for (const auto& name : config::preset_names()) {
    const config::ResolvedPlatform p = config::load_platform(name);
    std::printf("%-16s %s\n", name.c_str(), p.config.description.c_str());
  }
  std::fflush(stdout);
  std::fprintf(stderr, "(presets in %s/platforms; COHSIM_DATA_DIR names another folder)\n", config::data_dir().c_str());
  return 0;
}

int command_graph(const std::string& platform) {
  std::cout << platform_to_dot(config::load_platform(platform).config);
  return 0;
}

int command_gen(const std::string& scenario_path, const std::string& output) {
  const config::LoadedScenario s = config::load_scenario(scenario_path);
  const config::WorkloadConfig& w = s.config.workload;
  if (w.generator.empty()) throw InputError(scenario_path, "/workload", "this scenario replays a trace file, not a generator");
  std::unique_ptr<TraceSource> source = make_generator(w.generator, w.params);
  std::ostringstream text;
  text << "# cohsim trace written by `cohsim gen` from " << scenario_path << "\n# generator " << w.generator << ": "
       << resolved_generator_params(w.generator, w.params).dump() << "\n";
  TextTraceWriter writer(text);
  TraceOp op;
  while (source->next(op)) writer.write(op, *source);
  emit(output, text.str());
  return 0;
}

int command_schema(const std::string& which) {
  if (which == "reference") {
    std::cout << config::config_reference_markdown();
  } else if (which == "policies") {
    std::cout << policy_list_markdown();
  } else if (which == "workloads") {
    std::cout << generator_list_markdown();
  } else if (which == "results") {
    std::cout << results_schema().dump(2) << "\n";
  } else if (which == "results-reference") {
    std::cout << results_reference_markdown();
  } else {
    std::cout << (which == "platform" ? config::platform_schema() : config::scenario_schema()).dump(2) << "\n";
  }
  return 0;
}

int command_report(ReportRequest r) {
  std::string& format = r.format;
  if (format.empty()) format = r.output.ends_with(".html") ? "html" : r.output.ends_with(".md") ? "markdown" : "text";
  const report::Format f = format == "html" ? report::Format::html : format == "markdown" ? report::Format::markdown : report::Format::text;
  const std::string text = report::render_report(report::load_report_data(r.files, r.x_field, r.point_detail), f);
  emit(r.output, text);
  return 0;
}

// "I/N" -> (I, N).
std::pair<std::size_t, std::size_t> parse_shard(const std::string& spec) {
  std::size_t i = 0, n = 0;
  const std::size_t slash = spec.find('/');
  const std::string_view s(spec);
  if (slash == std::string::npos || to_number(s.substr(0, slash), i) != NumberError::none || to_number(s.substr(slash + 1), n) != NumberError::none || n == 0 ||
      i >= n)
    throw InputError("", "--shard", "\"" + spec + "\": expected I/N with 0 <= I < N, e.g. 0/8");
  return {i, n};
}

int command_sweep(SweepOptions options, const std::string& shard, const std::string& emit, std::size_t shards, bool quiet) {
  if (!shard.empty()) std::tie(options.shard, options.shards) = parse_shard(shard);
  if (emit == "slurm") {
    char self[4096];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    const std::string binary = n > 0 ? std::string(self, static_cast<std::size_t>(n)) : std::string("cohsim");
    const std::string submit = emit_slurm(options, shards, binary);
    std::cout << "wrote " << submit << " (and sweep.sbatch, merge.sbatch, manifest.json beside it); submit with: bash " << submit << "\n";
    return 0;
  }
  const SweepOutcome out = run_sweep(options);
  if (!quiet) {
    std::cout << "sweep: " << out.points << " points; ran " << out.ran << ", " << out.reused << " already done\n";
    if (out.merged)
      std::cout << "merged: " << options.output_dir << "/sweep.json, " << options.output_dir << "/sweep.csv\n";
    else
      std::cout << "not merged yet: other shards still have points to run\n";
  }
  return 0;
}

int command_import_wayland(const std::string& log, const std::string& output, const WaylandImportParams& base) {
  std::ifstream in(log);
  if (!in) throw InputError(log, "", "cannot read the Wayland log");
  WaylandImportParams params = base;
  params.source_name = log;
  std::ostringstream trace;
  const WaylandImportSummary summary = import_wayland_log(in, trace, params);
  emit(output, trace.str());
  if (!output.empty() && output != "-") std::cout << summary.text() << "trace: " << output << "\n";
  return 0;
}

int command_dashboard(const std::string& folder, const std::string& output) {
  const std::string html = report::render_dashboard(folder);
  emit(output, html);
  return 0;
}

// Exit 0 when the compared figures are identical, 1 when some differ (as diff(1)).
int command_diff(const std::string& a_path, const std::string& b_path, bool every_metric, std::string format, const std::string& output) {
  if (format.empty()) format = output.ends_with(".md") ? "markdown" : "text";
  const report::DiffResult r =
      report::diff_results(load_results_file(a_path), a_path, load_results_file(b_path), b_path, {.every_metric = every_metric, .format = format});
  emit(output, r.text);
  return r.identical ? 0 : 1;
}

// Exit 0 when nothing moved beyond tolerance, 1 when something did (the table
// says what); with --update, the baseline is rewritten from the results.
int command_check(const std::string& baseline_path, const std::string& results_path, const std::vector<std::string>& tolerance_specs, bool update) {
  std::vector<report::Tolerance> tolerances;
  tolerances.reserve(tolerance_specs.size());
  for (const auto& spec : tolerance_specs) tolerances.push_back(report::parse_tolerance(spec));
  const nlohmann::json results = load_results_file(results_path);
  if (update && ::access(baseline_path.c_str(), F_OK) != 0) {
    write_output(baseline_path, results_text(report::as_baseline(results)));
    std::cout << "cohsim check: new baseline " << baseline_path << "\n";
    return 0;
  }
  const nlohmann::json baseline = load_results_file(baseline_path);
  const report::CheckResult result = report::check_against_baseline(baseline, baseline_path, results, results_path, tolerances);
  std::cout << report::check_report(result, baseline_path,
                                    input_differences(baseline.value("host", nlohmann::json::object()).value("provenance", nlohmann::json()),
                                                      results.value("host", nlohmann::json::object()).value("provenance", nlohmann::json())));
  if (update) {
    write_output(baseline_path, results_text(report::as_baseline(results)));
    std::cout << "cohsim check: baseline " << baseline_path << " updated\n";
    return 0;
  }
  return result.moved.empty() ? 0 : 1;
}

}  // namespace cohsim::cli
