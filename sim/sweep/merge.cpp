#include "sim/sweep/merge.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sim/config/fields.h"
#include "sim/config/json_source.h"
#include "sim/load/scenario_loader.h"
#include "sim/report/report_data.h"
#include "sim/results/breakdown.h"
#include "sim/util/atomic_file.h"
#include "sim/util/input_error.h"
#include "sim/util/scratch_folder.h"

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

}  // namespace

std::string sweep_point_dir(const std::string& output_dir, const SweepPoint& p) { return output_dir + "/points/" + p.id; }
std::string sweep_point_results(const std::string& output_dir, const SweepPoint& p) { return sweep_point_dir(output_dir, p) + "/results.json"; }

// One row per point and run: the swept values and the run's figures.
void merge_sweep(const SweepPlan& plan, const std::string& output_dir) {
  json rows = json::array(), points = json::array();
  std::ostringstream csv;
  std::vector<std::string> figure_columns = {"frames", "cost_us_per_frame", "cost_vs_ideal", "frame_budget_share", "core_us_per_frame", "stale_lines"};
  for (const auto& part : kBreakdownParts) figure_columns.emplace_back(part.csv_column);  // breakdown_us, in this order
  figure_columns.insert(figure_columns.end(), {"host_copy_us", "amplification", "dram_read_mib_per_frame", "dram_written_mib_per_frame"});
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
        figures = {r.frames,     r.cost_us_per_frame, r.cost_vs_ideal ? json(*r.cost_vs_ideal) : json(nullptr), r.frame_budget_share, r.core_us_per_frame,
                   r.stale_lines};
        for (double us : r.breakdown_us) figures.emplace_back(us);
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

namespace {

// The values of each point and where the scenario gave them.
using Assignment = std::pair<json, std::string>;

// Every point of a sweep's grid (every combination, the last pointer varying
// fastest) and its listed points; the swept pointers go to `parameters`.
std::vector<Assignment> sweep_assignments(const std::string& scenario_path, const config::SweepConfig& sweep, std::vector<std::string>& parameters) {
  auto check_pointer = [&](const std::string& pointer, const std::string& place) {
    try {
      const json::json_pointer p(pointer);
      if (p.empty() || pointer.starts_with("/sweep") || pointer == "/name") throw InputError(scenario_path, place, "cannot sweep \"" + pointer + "\"");
    } catch (const json::exception&) {
      throw InputError(scenario_path, place, "\"" + pointer + "\" is not a JSON pointer (expected /field/subfield, e.g. /workload/params/width)");
    }
    if (std::find(parameters.begin(), parameters.end(), pointer) == parameters.end()) parameters.push_back(pointer);
  };

  std::vector<std::pair<std::string, const std::vector<json>*>> axes;
  for (const auto& [pointer, values] : sweep.grid) {
    const std::string place = "/sweep/grid/" + config::escape_pointer_token(pointer);
    check_pointer(pointer, place);
    if (values.empty()) throw InputError(scenario_path, place, "a grid field needs at least one value");
    axes.emplace_back(pointer, &values);
  }
  std::vector<Assignment> assignments;
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
  return assignments;
}

// Each point is checked as `cohsim run` would check it, from a scratch file;
// a point that repeats another is run once.
void add_checked_points(SweepPlan& plan, const std::vector<Assignment>& assignments, const json& document, const fs::path& folder,
                        const std::string& scenario_path) {
  const ScratchFolder scratch("cohsim-sweep-check");
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
    const std::string file = (scratch.path() / "point.json").string();
    std::ofstream(file) << text;
    try {
      config::load_scenario(file);
    } catch (const InputError& e) {
      throw InputError(scenario_path, place, "point " + values.dump() + " is not a valid scenario: at " + e.place() + ": " + e.message());
    }
    plan.points.push_back(std::move(point));
  }
}

}  // namespace

SweepPlan plan_sweep(const std::string& scenario_path) {
  const config::LoadedScenario base = config::load_scenario(scenario_path);  // the whole scenario is valid first
  if (!base.config.sweep) throw InputError(scenario_path, "", "no \"sweep\" block: nothing to sweep (docs/sweeps.md)");
  json document = config::load_json_file(scenario_path);
  document.erase("sweep");
  SweepPlan plan;
  plan.scenario_path = fs::absolute(scenario_path).lexically_normal().string();
  const std::vector<Assignment> assignments = sweep_assignments(scenario_path, *base.config.sweep, plan.parameters);
  add_checked_points(plan, assignments, document, fs::path(scenario_path).parent_path(), scenario_path);
  return plan;
}

}  // namespace cohsim
