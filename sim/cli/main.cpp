// cohsim: the command line. Exit status 0 on success, 2 on bad input or
// usage, 1 when a check finds a difference, 3 on an internal error. Each
// subcommand is declared by one function below, which parses into its own
// arguments and leaves the command to run (sim/cli/commands.*).
#include <CLI/CLI.hpp>
#include <functional>
#include <iostream>
#include <memory>
#include <systemc>  // sc_main

#include "sim/calibrate/calibrate.h"
#include "sim/cli/commands.h"
#include "sim/run/simulate.h"
#include "sim/util/input_error.h"
#include "sim/util/interrupt.h"

namespace {

using namespace cohsim;
using namespace cohsim::cli;
using Action = std::function<int()>;  // the parsed command, ready to run

// Declares subcommand `name` with arguments of type Args: `declare` adds its
// options to `args`, `command` runs it with them once parsed.
template <class Args>
CLI::App* subcommand(CLI::App& app, Action& action, const std::string& name, const std::string& help, const std::function<void(CLI::App&, Args&)>& declare,
                     std::function<int(const Args&)> command) {
  auto args = std::make_shared<Args>();
  CLI::App* sub = app.add_subcommand(name, help);
  declare(*sub, *args);
  sub->callback([args, command = std::move(command), &action] { action = [args, command] { return command(*args); }; });
  return sub;
}

struct RunArgs {
  std::string scenario, output, timeline;
  unsigned jobs = 0;
  bool quiet = false;
};
void declare_run(CLI::App& app, Action& action) {
  subcommand<RunArgs>(
      app, action, "run", "Run a scenario on each of its platforms, print the comparison, write results",
      [](CLI::App& c, RunArgs& a) {
        c.add_option("scenario", a.scenario, "scenario JSON file")->required();
        c.add_option("-o,--output", a.output, "results JSON file, written atomically (a device, FIFO or - for stdout is written directly)");
        c.add_option("-j,--jobs", a.jobs, "simulations in parallel (default: one per core)")->check(CLI::Range(1u, 1024u));
        c.add_flag("-q,--quiet", a.quiet, "no table, no progress");
        c.add_option("--timeline", a.timeline,
                     "also write a Chrome trace-event JSON timeline (Perfetto, chrome://tracing): a process per run, a track per agent");
      },
      [](const RunArgs& a) {
        catch_interrupts();  // a run stops cleanly on SIGINT and SIGTERM
        return command_run(a.scenario, a.output, a.jobs, a.quiet, a.timeline);
      });
}

struct FilesArgs {
  std::vector<std::string> files;
};
void declare_validate(CLI::App& app, Action& action) {
  subcommand<FilesArgs>(
      app, action, "validate", "Check scenario, platform and trace files without simulating",
      [](CLI::App& c, FilesArgs& a) { c.add_option("files", a.files, "files to check (*.json: scenario or platform; others: traces)")->required(); },
      [](const FilesArgs& a) { return command_validate(a.files); });
  subcommand<FilesArgs>(
      app, action, "validate-model",
      "Run the timing validation suite: every case's scenario against the published figure it must reproduce (docs/validation.md)",
      [](CLI::App& c, FilesArgs& a) {
        c.add_option("cases", a.files, "case files (*.case.json) or folders of them (default: the shipped scenarios/validation)");
      },
      [](const FilesArgs& a) { return command_validate_model(a.files); });
}

void declare_calibrate(CLI::App& app, Action& action) {
  subcommand<calibrate::CalibrateOptions>(
      app, action, "calibrate",
      "Measure this machine (latencies, bandwidths, cache flushes), write a platform preset of it and compare the probes replayed through cohsim "
      "(docs/calibration.md)",
      [](CLI::App& c, calibrate::CalibrateOptions& a) {
        c.add_option("-o,--output", a.output, "the preset to write (default host.json)");
        c.add_flag("--quick", a.quick, "smaller probes: seconds instead of a minute, noisier");
      },
      [](const calibrate::CalibrateOptions& a) { return calibrate::run_calibrate(a); });
}

struct PlatformArgs {
  std::string platform;
};
void declare_platforms(CLI::App& app, Action& action) {
  subcommand<PlatformArgs>(
      app, action, "platforms", "List the platform presets", [](CLI::App&, PlatformArgs&) {}, [](const PlatformArgs&) { return command_platforms(); });
  subcommand<PlatformArgs>(
      app, action, "graph", "Print a platform's topology as Graphviz DOT",
      [](CLI::App& c, PlatformArgs& a) { c.add_option("platform", a.platform, "preset name or platform JSON file")->required(); },
      [](const PlatformArgs& a) { return command_graph(a.platform); });
}

struct GenArgs {
  std::string scenario, output;
};
void declare_gen(CLI::App& app, Action& action) {
  subcommand<GenArgs>(
      app, action, "gen", "Write the trace of a scenario's workload generator to a file (or stdout), for editing",
      [](CLI::App& c, GenArgs& a) {
        c.add_option("scenario", a.scenario, "scenario JSON file with a workload generator")->required();
        c.add_option("-o,--output", a.output, "trace file (default: stdout)");
      },
      [](const GenArgs& a) { return command_gen(a.scenario, a.output); });
}

struct SchemaArgs {
  std::string kind = "scenario";
};
void declare_schema(CLI::App& app, Action& action) {
  subcommand<SchemaArgs>(
      app, action, "schema", "Print the JSON Schema of scenario, platform or results files, or the config or results reference (Markdown)",
      [](CLI::App& c, SchemaArgs& a) {
        c.add_option("kind", a.kind, "scenario, platform, results, reference, results-reference, or the lists of policies and workloads in docs/")
            ->check(CLI::IsMember({"scenario", "platform", "results", "reference", "results-reference", "policies", "workloads"}));
      },
      [](const SchemaArgs& a) { return command_schema(a.kind); });
}

void declare_report(CLI::App& app, Action& action) {
  subcommand<ReportRequest>(
      app, action, "report", "Turn results files into a design-review report (text, Markdown or self-contained HTML)",
      [](CLI::App& c, ReportRequest& a) {
        c.add_option("results", a.files,
                     "results JSON files (several: one section each, plus cost against the field they differ in) or a sweep's merged sweep.json (a table of "
                     "its points)")
            ->required();
        c.add_option("--format", a.format, "text (80 columns), markdown or html (default: from the -o extension, else text)")
            ->check(CLI::IsMember({"text", "markdown", "html"}));
        c.add_option("-o,--output", a.output, "report file, written atomically (default: stdout)");
        c.add_option("--x", a.x_field,
                     "the swept field to chart cost against: a JSON pointer into the scenario or its last tokens (width, l2/size); default: the numeric "
                     "field with the most distinct values");
        c.add_flag("--points", a.point_detail, "with a sweep: each point's own findings and tables after the table of points");
      },
      [](const ReportRequest& a) { return command_report(a); });
}

struct CheckArgs {
  std::string baseline, results;
  std::vector<std::string> tolerances;
  bool update = false;
};
void declare_check(CLI::App& app, Action& action) {
  subcommand<CheckArgs>(
      app, action, "check", "Compare a results file with a baseline; exit 1 and list what moved beyond tolerance",
      [](CLI::App& c, CheckArgs& a) {
        c.add_option("--baseline", a.baseline, "baseline results file (results/baselines/ holds those of the standard scenarios)")->required();
        c.add_option("results", a.results, "results JSON file of the same scenario")->required();
        c.add_option("--tolerance", a.tolerances,
                     "[METRIC=]LIMIT[%], repeatable: e.g. 2% (every metric), coherency/stale_reads=0, caches=0.5% (default: exact)");
        c.add_flag("--update", a.update, "rewrite the baseline from the results (on purpose: after a change that should move the figures)");
      },
      [](const CheckArgs& a) { return command_check(a.baseline, a.results, a.tolerances, a.update); });
}

struct DiffArgs {
  std::string a, b, format, output;
  bool every_metric = false;
};
void declare_diff(CLI::App& app, Action& action) {
  subcommand<DiffArgs>(
      app, action, "diff", "Compare two results files figure by figure, run by run, whatever their scenarios; exit 1 if a figure differs",
      [](CLI::App& c, DiffArgs& a) {
        c.add_option("a", a.a, "the first results JSON file (A)")->required();
        c.add_option("b", a.b, "the second (B): each figure is shown as A, B, B - A and the relative change")->required();
        c.add_flag("--all", a.every_metric, "every number the runs report, not only their coherency figures");
        c.add_option("--format", a.format, "text or markdown (a pull request's table; default: from the -o extension, else text)")
            ->check(CLI::IsMember({"text", "markdown"}));
        c.add_option("-o,--output", a.output, "output file, written atomically (default: stdout)");
      },
      [](const DiffArgs& a) { return command_diff(a.a, a.b, a.every_metric, a.format, a.output); });
}

struct DashboardArgs {
  std::string folder, output;
};
void declare_dashboard(CLI::App& app, Action& action) {
  subcommand<DashboardArgs>(
      app, action, "dashboard",
      "Build a self-contained HTML dashboard of simulator speed from a folder of Google Benchmark JSON runs, or by commit from the committed history",
      [](CLI::App& c, DashboardArgs& a) {
        c.add_option("source", a.folder,
                     "folder of benchmark JSON files (tools/bench.sh writes them), or the history results/bench-history.jsonl (tools/bench.sh --record)")
            ->required();
        c.add_option("-o,--output", a.output, "HTML file, written atomically (default: stdout)");
      },
      [](const DashboardArgs& a) { return command_dashboard(a.folder, a.output); });
}

struct SweepArgs {
  SweepOptions options;
  std::string shard, emit;
  std::size_t shards = 0;
  bool quiet = false;
};
void declare_sweep(CLI::App& app, Action& action) {
  subcommand<SweepArgs>(
      app, action, "sweep",
      "Run a scenario's parameter sweep (its \"sweep\" block) on the local cores or a cluster, resumably, and merge the points into one table",
      [](CLI::App& c, SweepArgs& a) {
        c.add_option("scenario", a.options.scenario_path, "scenario JSON file with a sweep block")->required();
        c.add_option("-o,--output", a.options.output_dir, "sweep folder: points/ID/results.json per point, sweep.json and sweep.csv")->required();
        c.add_option("-j,--jobs", a.options.jobs, "points in parallel (default: one per core)")->check(CLI::Range(1u, 1024u));
        c.add_option("--shard", a.shard, "I/N: run only the points whose index % N == I (a cluster's array task)");
        c.add_flag("--merge", a.options.merge_only, "run nothing; merge the shards' results (every point must have run)");
        c.add_option("--emit", a.emit, "write a cluster job instead of running: slurm (sbatch job array, merge job, submit.sh, manifest)")
            ->check(CLI::IsMember({"slurm"}));
        c.add_option("--shards", a.shards, "with --emit: how many array tasks (default: points, at most 16)")
            ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));
        c.add_flag("-q,--quiet", a.quiet, "no progress bar, no summary");
      },
      [](const SweepArgs& a) {
        catch_interrupts();  // a sweep stops cleanly on SIGINT and SIGTERM, keeping the points that finished
        SweepOptions options = a.options;
        options.progress = !a.quiet;
        return command_sweep(options, a.shard, a.emit, a.shards, a.quiet);
      });
}

struct WaylandArgs {
  WaylandImportParams params;
  std::string log, output;
};
void declare_import(CLI::App& app, Action& action) {
  CLI::App* import = app.add_subcommand("import", "Turn a log of another tool into a cohsim trace");
  import->require_subcommand(1);
  subcommand<WaylandArgs>(
      *import, action, "wayland",
      "A WAYLAND_DEBUG=1 protocol log (client or compositor side) or weston's proto debug stream (several clients) as a buffer-sharing trace "
      "(docs/wayland-import.md)",
      [](CLI::App& c, WaylandArgs& a) {
        c.add_option("log", a.log, "the log libwayland wrote to stderr")->required();
        c.add_option("-o,--output", a.output, "trace file, written atomically (default: stdout; then no summary)");
        c.add_option("--reader", a.params.reader, "the compositor's device that reads each commit (default gpu)");
        c.add_option("--renderer", a.params.renderer, "the device that draws dma-buf buffers (default gpu)");
      },
      [](const WaylandArgs& a) { return command_import_wayland(a.log, a.output, a.params); });
}

}  // namespace

int sc_main(int argc, char* argv[]) {
  cohsim::prepare_systemc();
  CLI::App app{"cohsim: cycle-level simulator of the coherency cost of shared graphics buffers"};
  app.set_version_flag("--version", COHSIM_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);
  Action action;
  for (auto* declare : {declare_run, declare_validate, declare_calibrate, declare_platforms, declare_gen, declare_schema, declare_report, declare_check,
                        declare_diff, declare_dashboard, declare_sweep, declare_import})
    declare(app, action);

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
  // Commands other than run and sweep keep the default action of SIGINT and
  // SIGTERM: they write only by renaming a whole file into place.
  try {
    return action ? action() : 2;
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
}
