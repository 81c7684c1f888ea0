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
#include "sim/run/run_scenario.h"
#include "sim/util/atomic_file.h"
#include "sim/util/input_error.h"
#include "sim/util/interrupt.h"

namespace cohsim {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

std::string hex_id(const std::string& text) {
  // FNV-1a, 64 bits: a stable name for a point's scenario.
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// Sets `pointer` in a scenario document. A platform given by name becomes
// {"preset": name} when a field inside it is set (its override, say).
void set_field(json& doc, const json::json_pointer& pointer, const json& value) {
  const std::string text = pointer.to_string();
  if (text.starts_with("/platforms/")) {
    const std::size_t slash = text.find('/', 11);
    if (slash != std::string::npos) {
      const json::json_pointer platform(text.substr(0, slash));
      if (doc.contains(platform) && doc.at(platform).is_string()) doc[platform] = json{{"preset", doc.at(platform)}};
    }
  }
  doc[pointer] = value;
}

// Paths in a scenario are relative to its file; a point's file lives
// elsewhere, so they become absolute.
void absolutize_paths(json& doc, const fs::path& folder) {
  auto absolute = [&](json& field) {
    if (field.is_string() && !field.get<std::string>().empty() && fs::path(field.get<std::string>()).is_relative())
      field = fs::absolute(folder / field.get<std::string>()).lexically_normal().string();
  };
  if (doc.contains("workload") && doc["workload"].contains("trace")) absolute(doc["workload"]["trace"]);
  if (doc.contains("platforms") && doc["platforms"].is_array())
    for (json& p : doc["platforms"])
      if (p.is_object() && p.contains("file")) absolute(p["file"]);
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string point_dir(const std::string& output_dir, const SweepPoint& p) { return output_dir + "/points/" + p.id; }
std::string results_of(const std::string& output_dir, const SweepPoint& p) { return point_dir(output_dir, p) + "/results.json"; }

// One row per point and run: the swept values and the run's figures.
void merge(const SweepPlan& plan, const std::string& output_dir) {
  json rows = json::array(), points = json::array();
  std::ostringstream csv;
  const std::vector<std::string> figure_columns = {"frames", "cost_us_per_frame", "cost_vs_ideal", "frame_budget_share", "core_us_per_frame", "stale_lines", "maint_us", "barrier_us",
                                                   "wc_uc_us", "copy_us", "virt_us", "host_copy_us", "amplification",
                                                   "dram_read_mib_per_frame", "dram_written_mib_per_frame"};
  auto csv_cell = [](const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
  };
  csv << "point";
  for (const auto& p : plan.parameters) csv << "," << csv_cell(p);
  csv << ",label,platform,policy,refused";
  for (const auto& c : figure_columns) csv << "," << c;
  csv << "\n";
  for (const SweepPoint& point : plan.points) {
    const std::string results = "points/" + point.id + "/results.json";
    points.push_back({{"id", point.id}, {"index", point.index}, {"values", point.values}, {"results", results}});
    const report::ReportData data = report::load_report_data({output_dir + "/" + results});
    for (const report::RunFigures& r : data.sources.at(0).runs) {
      json row = {{"point", point.id}, {"values", point.values}, {"label", r.label}, {"platform", r.platform}, {"policy", r.policy}};
      std::vector<json> figures(figure_columns.size(), nullptr);
      if (!r.simulated()) {
        row["refused"] = r.refused;
      } else {
        figures = {r.frames, r.cost_us_per_frame, r.cost_vs_ideal ? json(*r.cost_vs_ideal) : json(nullptr), r.frame_budget_share, r.core_us_per_frame,
                   r.stale_lines};
        for (double us : r.breakdown_us) figures.push_back(us);
        figures.push_back(r.host_copy_us ? json(*r.host_copy_us) : json(nullptr));
        figures.insert(figures.end(), {r.amplification, r.dram_read_mib_per_frame, r.dram_written_mib_per_frame});
        for (std::size_t i = 0; i < figure_columns.size(); ++i) row[figure_columns[i]] = figures[i];
      }
      rows.push_back(row);
      csv << point.id;
      for (const auto& p : plan.parameters) {
        const json& v = point.values.contains(p) ? point.values.at(p) : json(nullptr);
        csv << "," << csv_cell(v.is_null() ? "" : v.is_string() ? v.get<std::string>() : v.dump());
      }
      csv << "," << csv_cell(r.label) << "," << csv_cell(r.platform) << "," << csv_cell(r.policy) << "," << csv_cell(r.refused);
      for (const json& f : figures) csv << "," << (f.is_null() ? "" : f.dump());
      csv << "\n";
    }
  }
  const json merged = {{"sweep", {{"scenario", plan.scenario_path}, {"parameters", plan.parameters}, {"points", points}}},
                       {"cohsim_version", COHSIM_VERSION},
                       {"row_key", "one row per point and run; times in us per frame, traffic in MiB per frame (docs/sweeps.md)"},
                       {"rows", rows}};
  write_file_atomically(output_dir + "/sweep.json", merged.dump(2) + "\n");
  write_file_atomically(output_dir + "/sweep.csv", csv.str());
}

}  // namespace

SweepPlan plan_sweep(const std::string& scenario_path) {
  const config::LoadedScenario base = config::load_scenario(scenario_path);  // the whole scenario is valid first
  if (!base.config.sweep) throw InputError(scenario_path, "", "no \"sweep\" block: nothing to sweep (docs/sweeps.md)");
  const config::SweepConfig& sweep = *base.config.sweep;
  json document = config::load_json_file(scenario_path);
  document.erase("sweep");
  const fs::path folder = fs::path(scenario_path).parent_path();

  SweepPlan plan;
  plan.scenario_path = fs::absolute(scenario_path).lexically_normal().string();
  auto check_pointer = [&](const std::string& pointer, const std::string& place) {
    try {
      const json::json_pointer p(pointer);
      if (p.empty() || pointer.starts_with("/sweep") || pointer == "/name") throw InputError(scenario_path, place, "cannot sweep \"" + pointer + "\"");
    } catch (const json::exception&) {
      throw InputError(scenario_path, place, "\"" + pointer + "\" is not a JSON pointer (expected /field/subfield, e.g. /workload/params/width)");
    }
    if (std::find(plan.parameters.begin(), plan.parameters.end(), pointer) == plan.parameters.end()) plan.parameters.push_back(pointer);
  };

  // The grid: every combination, the last pointer varying fastest.
  std::vector<std::pair<std::string, const std::vector<json>*>> axes;
  for (const auto& [pointer, values] : sweep.grid) {
    const std::string place = "/sweep/grid/" + config::escape_pointer_token(pointer);
    check_pointer(pointer, place);
    if (values.empty()) throw InputError(scenario_path, place, "a grid field needs at least one value");
    axes.emplace_back(pointer, &values);
  }
  std::vector<std::pair<json, std::string>> assignments;  // values, where they came from
  if (!axes.empty()) {
    std::vector<std::size_t> at(axes.size(), 0);
    for (;;) {
      json values = json::object();
      for (std::size_t a = 0; a < axes.size(); ++a) values[axes[a].first] = (*axes[a].second)[at[a]];
      assignments.emplace_back(values, "/sweep/grid");
      std::size_t a = axes.size();
      while (a > 0 && ++at[a - 1] == axes[a - 1].second->size()) at[--a] = 0;
      if (a == 0) break;
    }
  }
  for (std::size_t i = 0; i < sweep.points.size(); ++i) {
    json values = json::object();
    for (const auto& [pointer, value] : sweep.points[i]) {
      check_pointer(pointer, "/sweep/points/" + std::to_string(i) + "/" + config::escape_pointer_token(pointer));
      values[pointer] = value;
    }
    assignments.emplace_back(values, "/sweep/points/" + std::to_string(i));
  }
  if (assignments.empty()) throw InputError(scenario_path, "/sweep", "the sweep has no points (give a grid or points)");

  // Each point is checked as `cohsim run` would check it, from a scratch file.
  const fs::path scratch = fs::temp_directory_path() / ("cohsim-sweep-check-" + std::to_string(::getpid()));
  fs::create_directories(scratch);
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{scratch};
  std::set<std::string> seen;
  for (std::size_t i = 0; i < assignments.size(); ++i) {
    const auto& [values, place] = assignments[i];
    SweepPoint point;
    point.index = i;
    point.values = values;
    point.scenario = document;
    try {
      for (const auto& [pointer, value] : values.items()) set_field(point.scenario, json::json_pointer(pointer), value);
    } catch (const json::exception& e) {
      throw InputError(scenario_path, place, "point " + values.dump() + ": cannot set that field: " + e.what());
    }
    absolutize_paths(point.scenario, folder);
    const std::string text = point.scenario.dump();
    point.id = hex_id(text);
    if (!seen.insert(point.id).second) continue;  // the same scenario twice: run it once
    const std::string file = (scratch / "point.json").string();
    std::ofstream(file) << text;
    try {
      config::load_scenario(file);
    } catch (const InputError& e) {
      throw InputError(scenario_path, place, "point " + values.dump() + " is not a valid scenario: at " + e.place() + ": " + e.message());
    }
    plan.points.push_back(std::move(point));
  }
  return plan;
}

SweepOutcome run_sweep(const SweepOptions& options) {
  catch_interrupts();
  const SweepPlan plan = plan_sweep(options.scenario_path);
  if (options.shards == 0 || options.shard >= options.shards)
    throw InputError("", "--shard", std::to_string(options.shard) + "/" + std::to_string(options.shards) + ": expected I/N with 0 <= I < N");
  std::error_code ec;
  fs::create_directories(options.output_dir + "/points", ec);
  if (ec) throw InputError(options.output_dir, "", "cannot create the sweep folder: " + ec.message());

  SweepOutcome outcome;
  outcome.points = plan.points.size();
  std::vector<const SweepPoint*> todo;
  for (const SweepPoint& p : plan.points) {
    if (p.index % options.shards != options.shard || options.merge_only) continue;
    if (fs::exists(results_of(options.output_dir, p))) {
      ++outcome.reused;
      continue;
    }
    fs::create_directories(point_dir(options.output_dir, p));
    write_file_atomically(point_dir(options.output_dir, p) + "/scenario.json", p.scenario.dump(2) + "\n");
    todo.push_back(&p);
  }

  // A child per point; each runs its scenario's runs one after another.
  const unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  const bool bar = options.progress && ::isatty(STDERR_FILENO);
  const auto start = std::chrono::steady_clock::now();
  std::map<pid_t, const SweepPoint*> running;
  std::size_t next = 0;
  std::string failure;
  auto draw = [&] {
    if (!bar) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const std::size_t done = outcome.ran, total = todo.size();
    const int width = 30, filled = total == 0 ? width : static_cast<int>(width * done / total);
    std::fprintf(stderr, "\r[cohsim sweep] [%s%s] %zu/%zu points, %zu running, %zu reused, %.0f s ", std::string(filled, '#').c_str(),
                 std::string(width - filled, '.').c_str(), done, total, running.size(), outcome.reused, elapsed);
  };
  while (next < todo.size() || !running.empty()) {
    while (failure.empty() && pending_interrupt() == 0 && next < todo.size() && running.size() < jobs) {
      const SweepPoint& p = *todo[next++];
      std::fflush(nullptr);
      const pid_t pid = ::fork();
      if (pid < 0) throw std::runtime_error("fork failed");
      if (pid == 0) {
        default_interrupts();
        int status = 0;
        try {
          RunOptions run;
          run.scenario_path = point_dir(options.output_dir, p) + "/scenario.json";
          run.output_path = results_of(options.output_dir, p);
          run.jobs = 1;
          run.progress = false;
          run_scenario(run);
        } catch (const InputError& e) {
          std::cerr << "cohsim: " << e.what() << "\n";
          status = 2;
        } catch (const Interrupted& e) {
          status = e.exit_status();
        } catch (const std::exception& e) {
          std::cerr << "cohsim: internal error: " << e.what() << "\n";
          status = 3;
        }
        std::fflush(nullptr);
        ::_exit(status);
      }
      running[pid] = &p;
      draw();
    }
    if (running.empty()) break;
    if (const int signal = pending_interrupt()) {
      // Each point's runner stops its simulations and writes nothing; finished points keep their results.
      for (const auto& [child, point] : running) ::kill(child, SIGTERM);
      for (const auto& [child, point] : running) ::waitpid(child, nullptr, 0);
      if (bar) std::fprintf(stderr, "\n");
      throw Interrupted(signal);
    }
    int status = 0;
    const pid_t pid = ::waitpid(-1, &status, 0);
    if (pid < 0) continue;
    auto it = running.find(pid);
    if (it == running.end()) continue;
    const SweepPoint& p = *it->second;
    running.erase(it);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
      ++outcome.ran;
    } else if (failure.empty()) {
      failure = "point " + p.id + " " + p.values.dump() + " failed (" +
                (WIFSIGNALED(status) ? "signal " + std::to_string(WTERMSIG(status)) : "exit status " + std::to_string(WEXITSTATUS(status))) +
                "); the points that finished keep their results";
    }
    draw();
  }
  if (bar) std::fprintf(stderr, "\n");
  if (!failure.empty()) throw InputError(options.scenario_path, "/sweep", failure);

  // Merge once every point of every shard has its results.
  std::vector<std::string> missing;
  for (const SweepPoint& p : plan.points)
    if (!fs::exists(results_of(options.output_dir, p))) missing.push_back(p.id);
  if (missing.empty()) {
    merge(plan, options.output_dir);
    outcome.merged = true;
  } else if (options.merge_only) {
    throw InputError(options.output_dir, "", std::to_string(missing.size()) + " of " + std::to_string(plan.points.size()) +
                                                 " points have no results yet (first: points/" + missing.front() + "); run their shards first");
  }
  return outcome;
}

std::string emit_slurm(const SweepOptions& options, std::size_t shards, const std::string& cohsim_binary) {
  const SweepPlan plan = plan_sweep(options.scenario_path);
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
  for (const SweepPoint& p : plan.points)
    manifest["points"].push_back({{"id", p.id}, {"index", p.index}, {"shard", p.index % shards}, {"values", p.values}});
  write_file_atomically(dir + "/sweep.sbatch", array.str());
  write_file_atomically(dir + "/merge.sbatch", merge_job.str());
  write_file_atomically(dir + "/submit.sh", submit.str());
  write_file_atomically(dir + "/manifest.json", manifest.dump(2) + "\n");
  fs::permissions(dir + "/submit.sh", fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add);
  return dir + "/submit.sh";
}

}  // namespace cohsim
