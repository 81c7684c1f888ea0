#include "sim/report/report_data.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <optional>

#include "sim/config/json_source.h"
#include "sim/results/provenance.h"
#include "sim/results/results.h"
#include "sim/util/input_error.h"
#include "sim/util/units.h"

namespace cohsim::report {
namespace {

using nlohmann::json;

constexpr double kMiB = 1024.0 * 1024.0;

double us_of(const json& figure) { return figure.at("ns").get<double>() / 1000.0; }

RunFigures figures_of(const json& run) {
  RunFigures f;
  f.label = run.at("label").get<std::string>();
  f.platform = run.at("platform").get<std::string>();
  f.policy = run.at("policy").get<std::string>();
  if (run.contains("refused")) {
    f.refused = run.at("refused").get<std::string>();
    return f;
  }
  const json& c = run.at("coherency");
  f.frames = c.at("frames").at("value").get<std::uint64_t>();
  f.core_us_per_frame = us_of(c.at("core_busy_per_frame"));
  f.cost_us_per_frame = c.at("cost_per_frame").at("value").get<double>() / 1000.0;
  if (c.contains("cost_vs_ideal")) f.cost_vs_ideal = c.at("cost_vs_ideal").at("value").get<double>();
  f.frame_budget_share = c.at("frame_budget_share").at("value").get<double>();
  f.stale_lines = c.at("stale_reads").at("value").get<std::uint64_t>();
  for (const auto& part : kBreakdownParts) f.breakdown_us.push_back(us_of(c.at("breakdown_per_frame").at(std::string(part.key))));
  if (c.contains("host_copy_busy_per_frame")) f.host_copy_us = us_of(c.at("host_copy_busy_per_frame"));
  f.amplification = c.at("amplification").at("value").get<double>();
  f.dram_read_mib_per_frame = c.at("dram_bytes_read_per_frame").at("value").get<double>() / kMiB;
  f.dram_written_mib_per_frame = c.at("dram_bytes_written_per_frame").at("value").get<double>() / kMiB;
  return f;
}

void add_unique(std::vector<std::string>& list, const std::string& item) {
  if (std::find(list.begin(), list.end(), item) == list.end()) list.push_back(item);
}

}  // namespace

ReportSource source_of_results(nlohmann::json file, const std::string& path) {
  ReportSource source;
  source.path = path;
  source.results = std::move(file);
  const json& results = source.results;
  try {
    const json& scenario = results.at("scenario").at("config");
    source.scenario = scenario.at("name").get<std::string>();
    source.description = scenario.value("description", "");
    source.cohsim_version = results.value("cohsim_version", "");
    if (results.contains("host") && results.at("host").is_object())
      source.provenance = provenance_lines(results.at("host").value("provenance", json::object()));
  } catch (const json::exception& e) {
    throw InputError(path, "/scenario/config", std::string("expected the scenario's name and description: ") + e.what());
  }
  const json& runs = results.at("runs");
  for (std::size_t i = 0; i < runs.size(); ++i) {
    try {
      source.runs.push_back(figures_of(runs[i]));
    } catch (const json::exception& e) {
      throw InputError(path, "/runs/" + std::to_string(i), std::string("a figure is missing or of the wrong type: ") + e.what());
    }
    add_unique(source.platforms, source.runs.back().platform);
    add_unique(source.policies, source.runs.back().policy);
  }
  return source;
}

namespace {

ReportSource load_source(const std::string& path) { return source_of_results(load_results_file(path), path); }

// Scenario fields that differ between the sources: leaves of the flattened
// scenario config, leaving out its name and description.
std::vector<SweptField> swept_fields(const std::vector<ReportSource>& sources) {
  std::vector<SweptField> swept;
  if (sources.size() < 2) return swept;
  std::vector<json> flat;
  flat.reserve(sources.size());
  for (const auto& s : sources) flat.push_back(s.results.at("scenario").at("config").flatten());
  std::map<std::string, bool> pointers;  // every leaf any source has, in order
  for (const auto& f : flat)
    for (const auto& [pointer, value] : f.items()) pointers.emplace(pointer, true);
  for (const auto& [pointer, unused] : pointers) {
    if (pointer == "/name" || pointer == "/description") continue;
    SweptField field{pointer, {}, true, {}};
    for (const auto& f : flat) {
      const json& v = field.values.emplace_back(f.contains(pointer) ? f.at(pointer) : json(nullptr));
      std::optional<double> number;
      if (v.is_number()) number = v.get<double>();
      if (v.is_string()) {
        if (const auto bytes = parse_byte_size(v.get<std::string>())) number = static_cast<double>(*bytes);
      }
      field.numeric = field.numeric && number.has_value();
      field.numbers.push_back(number.value_or(0));
    }
    if (!field.numeric) field.numbers.clear();
    const bool all_equal = std::all_of(field.values.begin(), field.values.end(), [&](const json& v) { return v == field.values.front(); });
    if (!all_equal) swept.push_back(std::move(field));
  }
  return swept;
}

// A merged sweep (`cohsim sweep`'s sweep.json) stands for its points' results files.
std::vector<std::string> expand_sweeps(const std::vector<std::string>& paths, bool& any_sweep) {
  std::vector<std::string> out;
  for (const auto& path : paths) {
    const json doc = config::load_json_file(path);
    if (!doc.is_object() || !doc.contains("sweep") || !doc.contains("rows")) {
      out.push_back(path);
      continue;
    }
    any_sweep = true;
    const std::string folder = std::filesystem::path(path).parent_path().string();
    try {
      for (const json& point : doc.at("sweep").at("points")) out.push_back((folder.empty() ? "" : folder + "/") + point.at("results").get<std::string>());
    } catch (const json::exception& e) {
      throw InputError(path, "/sweep/points", std::string("expected each point's results file: ") + e.what());
    }
  }
  return out;
}

}  // namespace

std::size_t SweptField::distinct() const {
  std::vector<std::string> seen;
  for (const auto& v : values)
    if (std::find(seen.begin(), seen.end(), v.dump()) == seen.end()) seen.push_back(v.dump());
  return seen.size();
}

ReportData load_report_data(const std::vector<std::string>& paths, const std::string& x_field, bool point_detail) {
  ReportData data;
  bool any_sweep = false;
  for (const auto& path : expand_sweeps(paths, any_sweep)) data.sources.push_back(load_source(path));
  data.swept = swept_fields(data.sources);
  // A sweep of one point, or whose points do not differ, is reported as a results file.
  data.from_sweep = any_sweep && paths.size() == 1 && data.sources.size() > 1 && !data.swept.empty();
  data.point_detail = point_detail;
  if (!x_field.empty()) {
    // An exact pointer, else the one numeric field whose pointer ends with it.
    std::vector<std::string> numeric, matches;
    for (const auto& f : data.swept) {
      if (!f.numeric) continue;
      numeric.push_back(f.pointer);
      if (f.pointer == x_field) matches = {f.pointer};
      if (f.pointer.ends_with("/" + x_field) && !(matches.size() == 1 && matches[0] == x_field)) matches.push_back(f.pointer);
    }
    const auto joined = [](const std::vector<std::string>& v) {
      std::string out;
      for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
      return out.empty() ? std::string("(none)") : out;
    };
    if (matches.empty())
      throw InputError("--x", "", "\"" + x_field + "\" is not a numeric field these results differ in; they differ numerically in: " + joined(numeric));
    if (matches.size() > 1) throw InputError("--x", "", "\"" + x_field + "\" names several fields (" + joined(matches) + "); give more of the pointer");
    data.x_field = matches.front();
  }
  return data;
}

const RunFigures* find_run(const ReportSource& source, std::string_view platform, std::string_view policy) {
  for (const auto& run : source.runs)
    if (run.platform == platform && run.policy == policy) return &run;
  return nullptr;
}

}  // namespace cohsim::report
