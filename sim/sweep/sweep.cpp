#include "sim/sweep/sweep.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "sim/config/fields.h"
#include "sim/config/json_source.h"
#include "sim/config/scenario_config.h"
#include "sim/report/report_data.h"
#include "sim/run/process_pool.h"
#include "sim/run/run_scenario.h"
#include "sim/run/simulate.h"
#include "sim/util/atomic_file.h"
#include "sim/util/input_error.h"
#include "sim/util/interrupt.h"
#include "sim/util/scratch_folder.h"

namespace cohsim {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// The points of this shard that have no results yet, each with its
// scenario written to its folder; those that have results count as reused.
std::vector<const SweepPoint*> points_to_run(const SweepOptions& options, const SweepPlan& plan, SweepOutcome& outcome) {
  std::vector<const SweepPoint*> todo;
  for (const SweepPoint& p : plan.points) {
    if (p.index % options.shards != options.shard || options.merge_only) continue;
    if (fs::exists(sweep_point_results(options.output_dir, p))) {
      ++outcome.reused;
      continue;
    }
    fs::create_directories(sweep_point_dir(options.output_dir, p));
    write_file_atomically(sweep_point_dir(options.output_dir, p) + "/scenario.json", p.scenario.dump(2) + "\n");
    todo.push_back(&p);
  }
  return todo;
}

// Runs one point's scenario (in its own process); it reports on stderr, and
// its exit status says how it went.
int run_point(const SweepOptions& options, const SweepPoint& p) {
  try {
    RunOptions run;
    run.scenario_path = sweep_point_dir(options.output_dir, p) + "/scenario.json";
    run.output_path = sweep_point_results(options.output_dir, p);
    run.jobs = 1;
    run.progress = false;
    run_scenario(run);
    return 0;
  } catch (const InputError& e) {
    std::cerr << "cohsim: " << e.what() << "\n";
    return 2;
  } catch (const Interrupted& e) {
    return e.exit_status();
  } catch (const std::exception& e) {
    std::cerr << "cohsim: internal error: " << e.what() << "\n";
    return 3;
  }
}

// A child per point, `jobs` at a time; each runs its scenario's runs one
// after another. Returns what failed first ("" if nothing did).
std::string run_points(const SweepOptions& options, const std::vector<const SweepPoint*>& todo, SweepOutcome& outcome) {
  const unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  const bool bar = options.progress && ::isatty(STDERR_FILENO);
  const auto start = std::chrono::steady_clock::now();
  std::string failure;
  ProcessPool pool(jobs, SIGTERM);  // a point's runner stops its own simulations and writes nothing
  ProcessPool::Handlers handlers;
  handlers.exited = [&](std::size_t i, int status) {
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
      ++outcome.ran;
    } else if (failure.empty()) {
      failure = "point " + todo[i]->id + " " + todo[i]->values.dump() + " failed (" +
                (WIFSIGNALED(status) ? "signal " + std::to_string(WTERMSIG(status)) : "exit status " + std::to_string(WEXITSTATUS(status))) +
                "); the points that finished keep their results";
      pool.stop(0);  // start no further point; the running ones finish
    }
  };
  handlers.tick = [&] {
    if (!bar) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::size_t done = outcome.ran, total = todo.size();
    const int width = 30, filled = total == 0 ? width : static_cast<int>(width * done / total);
    std::fprintf(stderr, "\r[cohsim sweep] [%s%s] %zu/%zu points, %zu running, %zu reused, %.0f s ", std::string(filled, '#').c_str(),
                 std::string(width - filled, '.').c_str(), done, total, pool.running(), outcome.reused, elapsed);
  };
  std::vector<std::size_t> order(todo.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  try {
    pool.run(
        order, [&](std::size_t i, int /*message_fd: unused, open until the point ends*/) { return run_point(options, *todo[i]); }, handlers);
  } catch (const Interrupted&) {
    if (bar) std::fprintf(stderr, "\n");
    throw;
  }
  if (bar) std::fprintf(stderr, "\n");
  return failure;
}

}  // namespace

void check_sweep_traces(const SweepPlan& plan, const std::string& scenario_path) {
  const ScratchFolder scratch("cohsim-sweep-traces");
  for (const SweepPoint& point : plan.points) {
    if (point.scenario.at("workload").value("generator", "").empty()) continue;
    const std::string file = (scratch.path() / "point.json").string();
    std::ofstream(file) << point.scenario.dump();
    try {
      check_workload(config::load_scenario(file), nullptr);
    } catch (const InputError& e) {
      throw InputError(scenario_path, "/sweep", "point " + point.values.dump() + ": at " + e.place() + ": " + e.message());
    }
  }
}

SweepOutcome run_sweep(const SweepOptions& options) {
  catch_interrupts();
  const SweepPlan plan = plan_sweep(options.scenario_path);
  check_sweep_traces(plan, options.scenario_path);
  if (options.shards == 0 || options.shard >= options.shards)
    throw InputError("", "--shard", std::to_string(options.shard) + "/" + std::to_string(options.shards) + ": expected I/N with 0 <= I < N");
  std::error_code ec;
  fs::create_directories(options.output_dir + "/points", ec);
  if (ec) throw InputError(options.output_dir, "", "cannot create the sweep folder: " + ec.message());

  SweepOutcome outcome;
  outcome.points = plan.points.size();
  const std::vector<const SweepPoint*> todo = points_to_run(options, plan, outcome);
  if (const std::string failure = run_points(options, todo, outcome); !failure.empty()) throw InputError(options.scenario_path, "/sweep", failure);

  // Merge once every point of every shard has its results.
  std::vector<std::string> missing;
  for (const SweepPoint& p : plan.points)
    if (!fs::exists(sweep_point_results(options.output_dir, p))) missing.push_back(p.id);
  if (missing.empty()) {
    merge_sweep(plan, options.output_dir);
    outcome.merged = true;
  } else if (options.merge_only) {
    throw InputError(options.output_dir, "",
                     std::to_string(missing.size()) + " of " + std::to_string(plan.points.size()) + " points have no results yet (first: points/" +
                         missing.front() + "); run their shards first");
  }
  return outcome;
}

std::string emit_slurm(const SweepOptions& options, std::size_t shards, const std::string& cohsim_binary) {
  const SweepPlan plan = plan_sweep(options.scenario_path);
  check_sweep_traces(plan, options.scenario_path);
  if (shards == 0) shards = std::min<std::size_t>(plan.points.size(), 16);
  shards = std::min(shards, plan.points.size());
  const std::string dir = fs::absolute(options.output_dir).lexically_normal().string();
  std::error_code ec;
  fs::create_directories(dir + "/slurm", ec);
  if (ec) throw InputError(dir, "", "cannot create the sweep folder: " + ec.message());
  const std::string bin = shell_quote(fs::absolute(cohsim_binary).string()), scenario = shell_quote(plan.scenario_path), out = shell_quote(dir);
  const std::string name = fs::path(plan.scenario_path).stem().string();

  std::ostringstream array;
  array << "#!/bin/bash\n# cohsim sweep of " << plan.scenario_path << ": " << plan.points.size() << " points in " << shards
        << " shards; task I runs the points whose index % " << shards << " == I.\n"
        << "#SBATCH --job-name=cohsim-" << name << "\n#SBATCH --array=0-" << shards - 1 << "\n#SBATCH --cpus-per-task=1\n"
        << "#SBATCH --output=" << dir << "/slurm/shard-%a.out\n"
        << "exec " << bin << " sweep " << scenario << " -o " << out << " --shard \"${SLURM_ARRAY_TASK_ID}/" << shards
        << "\" -j \"${SLURM_CPUS_PER_TASK:-1}\" --quiet\n";
  std::ostringstream merge_job;
  merge_job << "#!/bin/bash\n# Merges the shards' results into sweep.json and sweep.csv.\n#SBATCH --job-name=cohsim-" << name << "-merge\n"
            << "#SBATCH --output=" << dir << "/slurm/merge.out\n"
            << "exec " << bin << " sweep " << scenario << " -o " << out << " --merge --quiet\n";
  std::ostringstream submit;
  submit << "#!/bin/bash\n# Submits the sweep's job array, then the merge once every task succeeded.\nset -euo pipefail\n"
         << "array=$(sbatch --parsable " << shell_quote(dir + "/sweep.sbatch") << ")\n"
         << "merge=$(sbatch --parsable --dependency=afterok:\"${array%%;*}\" " << shell_quote(dir + "/merge.sbatch") << ")\n"
         << "echo \"array job ${array}, merge job ${merge}: results in " << dir << "/sweep.json\"\n";
  json manifest = {{"scenario", plan.scenario_path}, {"shards", shards}, {"parameters", plan.parameters}, {"points", json::array()}};
  for (const SweepPoint& p : plan.points) manifest["points"].push_back({{"id", p.id}, {"index", p.index}, {"shard", p.index % shards}, {"values", p.values}});
  write_file_atomically(dir + "/sweep.sbatch", array.str());
  write_file_atomically(dir + "/merge.sbatch", merge_job.str());
  write_file_atomically(dir + "/submit.sh", submit.str());
  write_file_atomically(dir + "/manifest.json", manifest.dump(2) + "\n");
  fs::permissions(dir + "/submit.sh", fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add);
  return dir + "/submit.sh";
}

}  // namespace cohsim
