// cohsim: the command line. Exit status 0 on success, 2 on bad input or
// usage, 1 when a check finds a difference, 3 on an internal error.
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "sim/config/json_source.h"
#include "sim/config/scenario_config.h"
#include "sim/config/schema.h"
#include "sim/platform/platform_graph.h"
#include "sim/results/results.h"
#include "sim/run/run_scenario.h"
#include "sim/run/simulate.h"
#include "sim/trace/open_trace.h"
#include "sim/trace/text_trace_reader.h"
#include "sim/util/atomic_file.h"
#include "sim/workloads/generator.h"
#include "sim/util/input_error.h"

namespace {

using namespace cohsim;

int command_run(const std::string& scenario, const std::string& output, unsigned jobs, bool quiet) {
  RunOptions options;
  options.scenario_path = scenario;
  options.output_path = output;
  options.jobs = jobs;
  options.progress = !quiet;
  const nlohmann::json results = run_scenario(options);
  if (!quiet) std::cout << summary_table(results);
  if (!output.empty() && !quiet) std::cout << "results: " << output << "\n";
  return 0;
}

// Which kind of file `validate` was given.
std::string validate_one(const std::string& path) {
  if (path.ends_with(".json")) {
    const nlohmann::json document = config::load_json_file(path);
    if (document.is_object() && document.contains("cpus")) {
      const config::ResolvedPlatform p = config::load_platform(path);
      return "platform " + p.config.name;
    }
    const config::LoadedScenario s = config::load_scenario(path);
    // A scenario is valid only if its whole trace is.
    auto source = open_trace(s.trace_path, s.trace_format);
    std::uint64_t ops = 0;
    TraceOp op;
    while (source->next(op)) ++ops;
    return "scenario " + s.config.name + ", " + std::to_string(s.platforms.size()) + " platform(s), trace of " + std::to_string(ops) + " operations";
  }
  auto source = open_trace(path, config::TraceFormat::automatic);
  std::uint64_t ops = 0;
  TraceOp op;
  while (source->next(op)) ++ops;
  return "trace of " + std::to_string(ops) + " operations";
}

int command_validate(const std::vector<std::string>& files) {
  int status = 0;
  for (const auto& f : files) {
    try {
      std::cout << f << ": ok (" << validate_one(f) << ")\n";
    } catch (const InputError& e) {
      std::cerr << "cohsim: " << e.what() << "\n";
      status = 2;
    }
  }
  return status;
}

int command_platforms() {
  for (const auto& name : config::preset_names()) {
    const config::ResolvedPlatform p = config::load_platform(name);
    std::printf("%-16s %s\n", name.c_str(), p.config.description.c_str());
  }
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
  if (output.empty() || output == "-") {
    std::cout << text.str();
  } else {
    write_file_atomically(output, text.str());
  }
  return 0;
}

int command_schema(const std::string& which) {
  if (which == "reference") {
    std::cout << config::config_reference_markdown();
  } else {
    std::cout << (which == "platform" ? config::platform_schema() : config::scenario_schema()).dump(2) << "\n";
  }
  return 0;
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
  run->add_option("-o,--output", output, "results JSON file (written atomically)");
  run->add_option("-j,--jobs", jobs, "simulations in parallel (default: one per core)")->check(CLI::Range(1u, 1024u));
  run->add_flag("-q,--quiet", quiet, "no table, no progress");

  auto* validate = app.add_subcommand("validate", "Check scenario, platform and trace files without simulating");
  validate->add_option("files", files, "files to check (*.json: scenario or platform; others: traces)")->required();

  app.add_subcommand("platforms", "List the platform presets");

  auto* graph = app.add_subcommand("graph", "Print a platform's topology as Graphviz DOT");
  graph->add_option("platform", platform, "preset name or platform JSON file")->required();

  auto* gen = app.add_subcommand("gen", "Write the trace of a scenario's workload generator to a file (or stdout), for editing");
  gen->add_option("scenario", scenario, "scenario JSON file with a workload generator")->required();
  gen->add_option("-o,--output", output, "trace file (default: stdout)");

  auto* schema = app.add_subcommand("schema", "Print the JSON Schema of scenario or platform files, or the config reference (Markdown)");
  schema->add_option("kind", schema_kind, "scenario, platform or reference")->check(CLI::IsMember({"scenario", "platform", "reference"}));

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

  try {
    if (app.got_subcommand(run)) return command_run(scenario, output, jobs, quiet);
    if (app.got_subcommand(validate)) return command_validate(files);
    if (app.got_subcommand("platforms")) return command_platforms();
    if (app.got_subcommand(graph)) return command_graph(platform);
    if (app.got_subcommand(schema)) return command_schema(schema_kind);
    if (app.got_subcommand(gen)) return command_gen(scenario, output);
  } catch (const InputError& e) {
    std::cerr << "cohsim: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "cohsim: internal error: " << e.what() << "\n";
    return 3;
  }
  return 2;
}
