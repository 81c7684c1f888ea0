// cohsim: the command line. Exit status 0 on success, 2 on bad input or
// usage, 1 when a check finds a difference, 3 on an internal error.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <systemc>  // sc_main

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
#include "sim/report/report.h"
#include "sim/report/run_summary.h"
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

namespace {

using namespace cohsim;

// Output as -o asks (see write_output); no -o at all is stdout too.
void emit(const std::string& output, const std::string& text) { write_output(output.empty() ? "-" : output, text); }

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

int command_report(const std::vector<std::string>& files, std::string format, const std::string& output) {
  if (format.empty()) format = output.ends_with(".html") ? "html" : output.ends_with(".md") ? "markdown" : "text";
  const report::Format f = format == "html" ? report::Format::html : format == "markdown" ? report::Format::markdown : report::Format::text;
  const std::string text = report::render_report(report::load_report_data(files), f);
  emit(output, text);
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
  std::cout << report::check_report(result, baseline_path);
  if (update) {
    write_output(baseline_path, results_text(report::as_baseline(results)));
    std::cout << "cohsim check: baseline " << baseline_path << " updated\n";
    return 0;
  }
  return result.moved.empty() ? 0 : 1;
}

}  // namespace

int sc_main(int argc, char* argv[]) {
  cohsim::prepare_systemc();
  CLI::App app{"cohsim: cycle-level simulator of the coherency cost of shared graphics buffers"};
  app.set_version_flag("--version", COHSIM_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  std::string scenario, output, platform, schema_kind = "scenario";
  unsigned jobs = 0;
  bool quiet = false;
  std::vector<std::string> files;

  auto* run = app.add_subcommand("run", "Run a scenario on each of its platforms, print the comparison, write results");
  run->add_option("scenario", scenario, "scenario JSON file")->required();
  run->add_option("-o,--output", output, "results JSON file, written atomically (a device, FIFO or - for stdout is written directly)");
  run->add_option("-j,--jobs", jobs, "simulations in parallel (default: one per core)")->check(CLI::Range(1u, 1024u));
  run->add_flag("-q,--quiet", quiet, "no table, no progress");
  std::string timeline;
  run->add_option("--timeline", timeline, "also write a Chrome trace-event JSON timeline (Perfetto, chrome://tracing): a process per run, a track per agent");

  auto* validate = app.add_subcommand("validate", "Check scenario, platform and trace files without simulating");
  validate->add_option("files", files, "files to check (*.json: scenario or platform; others: traces)")->required();

  std::vector<std::string> case_paths;
  auto* validate_model = app.add_subcommand(
      "validate-model", "Run the timing validation suite: every case's scenario against the published figure it must reproduce (docs/validation.md)");
  validate_model->add_option("cases", case_paths, "case files (*.case.json) or folders of them (default: the shipped scenarios/validation)");

  calibrate::CalibrateOptions calibrate_options;
  auto* calibrate = app.add_subcommand("calibrate",
                                       "Measure this machine (latencies, bandwidths, cache flushes), write a platform preset of it and compare the probes "
                                       "replayed through cohsim (docs/calibration.md)");
  calibrate->add_option("-o,--output", calibrate_options.output, "the preset to write (default host.json)");
  calibrate->add_flag("--quick", calibrate_options.quick, "smaller probes: seconds instead of a minute, noisier");

  app.add_subcommand("platforms", "List the platform presets");

  auto* graph = app.add_subcommand("graph", "Print a platform's topology as Graphviz DOT");
  graph->add_option("platform", platform, "preset name or platform JSON file")->required();

  auto* gen = app.add_subcommand("gen", "Write the trace of a scenario's workload generator to a file (or stdout), for editing");
  gen->add_option("scenario", scenario, "scenario JSON file with a workload generator")->required();
  gen->add_option("-o,--output", output, "trace file (default: stdout)");

  auto* schema = app.add_subcommand("schema", "Print the JSON Schema of scenario, platform or results files, or the config or results reference (Markdown)");
  schema->add_option("kind", schema_kind, "scenario, platform, results, reference, results-reference, or the lists of policies and workloads in docs/")
      ->check(CLI::IsMember({"scenario", "platform", "results", "reference", "results-reference", "policies", "workloads"}));

  std::string report_format;
  auto* report = app.add_subcommand("report", "Turn results files into a design-review report (text, Markdown or self-contained HTML)");
  report->add_option("results", files, "results JSON files (several: one section each, plus cost against the field they differ in)")->required();
  report->add_option("--format", report_format, "text (80 columns), markdown or html (default: from the -o extension, else text)")
      ->check(CLI::IsMember({"text", "markdown", "html"}));
  report->add_option("-o,--output", output, "report file, written atomically (default: stdout)");

  std::string baseline;
  std::vector<std::string> tolerances;
  bool update = false;
  auto* check = app.add_subcommand("check", "Compare a results file with a baseline; exit 1 and list what moved beyond tolerance");
  check->add_option("--baseline", baseline, "baseline results file (results/baselines/ holds those of the standard scenarios)")->required();
  check->add_option("results", output, "results JSON file of the same scenario")->required();
  check->add_option("--tolerance", tolerances, "[METRIC=]LIMIT[%], repeatable: e.g. 2% (every metric), coherency/stale_reads=0, caches=0.5% (default: exact)");
  check->add_flag("--update", update, "rewrite the baseline from the results (on purpose: after a change that should move the figures)");

  std::string bench_folder;
  auto* dashboard = app.add_subcommand("dashboard", "Build a self-contained HTML dashboard of simulator speed from a folder of Google Benchmark JSON runs");
  dashboard->add_option("folder", bench_folder, "folder of benchmark JSON files (tools/bench.sh writes them)")->required();
  dashboard->add_option("-o,--output", output, "HTML file, written atomically (default: stdout)");

  SweepOptions sweep_options;
  std::string shard, emit;
  std::size_t shards = 0;
  auto* sweep = app.add_subcommand(
      "sweep", "Run a scenario's parameter sweep (its \"sweep\" block) on the local cores or a cluster, resumably, and merge the points into one table");
  sweep->add_option("scenario", sweep_options.scenario_path, "scenario JSON file with a sweep block")->required();
  sweep->add_option("-o,--output", sweep_options.output_dir, "sweep folder: points/ID/results.json per point, sweep.json and sweep.csv")->required();
  sweep->add_option("-j,--jobs", sweep_options.jobs, "points in parallel (default: one per core)")->check(CLI::Range(1u, 1024u));
  sweep->add_option("--shard", shard, "I/N: run only the points whose index % N == I (a cluster's array task)");
  sweep->add_flag("--merge", sweep_options.merge_only, "run nothing; merge the shards' results (every point must have run)");
  sweep->add_option("--emit", emit, "write a cluster job instead of running: slurm (sbatch job array, merge job, submit.sh, manifest)")
      ->check(CLI::IsMember({"slurm"}));
  sweep->add_option("--shards", shards, "with --emit: how many array tasks (default: points, at most 16)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
  sweep->add_flag("-q,--quiet", quiet, "no progress bar, no summary");

  auto* import = app.add_subcommand("import", "Turn a log of another tool into a cohsim trace");
  import->require_subcommand(1);
  WaylandImportParams wayland_params;
  std::string wayland_log;
  auto* wayland = import->add_subcommand("wayland",
                                         "A WAYLAND_DEBUG=1 protocol log (client or compositor side) or weston's proto debug stream (several clients) as a "
                                         "buffer-sharing trace (docs/wayland-import.md)");
  wayland->add_option("log", wayland_log, "the log libwayland wrote to stderr")->required();
  wayland->add_option("-o,--output", output, "trace file, written atomically (default: stdout; then no summary)");
  wayland->add_option("--reader", wayland_params.reader, "the compositor's device that reads each commit (default gpu)");
  wayland->add_option("--renderer", wayland_params.renderer, "the device that draws dma-buf buffers (default gpu)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the message and the usage hint
    return 2;
  }

  // Runs and sweeps stop cleanly on SIGINT and SIGTERM (their loops look at
  // the flag); every other command keeps the default action: it writes only
  // by renaming a whole file into place.
  if (app.got_subcommand(run) || app.got_subcommand(sweep)) cohsim::catch_interrupts();
  try {
    if (app.got_subcommand(run)) return command_run(scenario, output, jobs, quiet, timeline);
    if (app.got_subcommand(validate)) return command_validate(files);
    if (app.got_subcommand(validate_model)) return command_validate_model(case_paths);
    if (app.got_subcommand(calibrate)) return calibrate::run_calibrate(calibrate_options);
    if (app.got_subcommand("platforms")) return command_platforms();
    if (app.got_subcommand(graph)) return command_graph(platform);
    if (app.got_subcommand(schema)) return command_schema(schema_kind);
    if (app.got_subcommand(gen)) return command_gen(scenario, output);
    if (app.got_subcommand(report)) return command_report(files, report_format, output);
    if (app.got_subcommand(check)) return command_check(baseline, output, tolerances, update);
    if (app.got_subcommand(dashboard)) return command_dashboard(bench_folder, output);
    if (wayland->parsed()) return command_import_wayland(wayland_log, output, wayland_params);
    if (app.got_subcommand(sweep)) {
      sweep_options.progress = !quiet;
      return command_sweep(sweep_options, shard, emit, shards, quiet);
    }
  } catch (const InputError& e) {
    std::cerr << "cohsim: " << e.what() << "\n";
    return 2;
  } catch (const Interrupted& e) {
    std::cerr << "\ncohsim: " << e.what() << "; stopped, no results file written (a sweep keeps the points that had finished)\n";
    return e.exit_status();
  } catch (const std::exception& e) {
    std::cerr << "cohsim: internal error: " << e.what() << "\n";
    return 3;
  }
  return 2;
}
