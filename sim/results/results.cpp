#include "sim/results/results.h"

#include <cstdio>
#include <sstream>

#include "sim/config/json_source.h"
#include "sim/results/comparison.h"
#include "sim/util/input_error.h"

namespace cohsim {

using nlohmann::json;

json make_results(const config::LoadedScenario& scenario, const std::vector<json>& runs, const json& host) {
  json platforms = json::array();
  for (const auto& p : scenario.platforms) {
    platforms.push_back({{"label", p.label}, {"source", p.source}, {"config", config::to_json_value(p.config)}});
  }
  json out;
  out["schema_version"] = kResultsSchemaVersion;
  out["cohsim_version"] = COHSIM_VERSION;
  out["scenario"] = {{"file", scenario.path},
                     {"config", config::to_json_value(scenario.config)},
                     {"platforms", platforms},
                     {"trace", {{"path", scenario.trace_path}, {"format", std::string(config::enum_name(scenario.trace_format))}}}};
  out["runs"] = runs;
  out["host"] = host;
  return out;
}

std::string results_text(const json& results) { return results.dump(2) + "\n"; }

json load_results_file(const std::string& path) {
  json results = config::load_json_file(path);
  if (!results.is_object() || !results.contains("schema_version") || !results.contains("runs") || !results.contains("scenario"))
    throw InputError(path, "", "not a cohsim results file (expected an object with schema_version, scenario and runs, as `cohsim run -o` writes)");
  const json& version = results.at("schema_version");
  if (!version.is_number_integer() || version.get<int>() != kResultsSchemaVersion)
    throw InputError(path, "/schema_version",
                     "results schema version " + version.dump() + "; this cohsim reads version " + std::to_string(kResultsSchemaVersion));
  if (!results.at("runs").is_array()) throw InputError(path, "/runs", "expected an array of runs");
  try {
    for (const json& run : results.at("runs")) {
      if (!run.contains("coherency") && !run.contains("refused")) {
        add_coherency_figures(results);
        break;
      }
    }
  } catch (const json::exception& e) {
    throw InputError(path, "/runs", std::string("a run lacks a figure cohsim writes: ") + e.what());
  }
  return results;
}

namespace {

std::uint64_t count(const json& run, const char* section, const std::string& group, const char* stat) {
  const json::json_pointer p("/" + std::string(section) + "/" + group + "/" + stat + "/value");
  return run.contains(p) ? run.at(p).get<std::uint64_t>() : 0;
}

}  // namespace

std::string summary_table(const json& results) {
  if (!results.at("runs").empty() && results.at("runs").at(0).contains("coherency")) return comparison_table(results);
  std::ostringstream out;
  const auto& runs = results.at("runs");
  out << "scenario: " << results.at("scenario").at("config").at("name").get<std::string>() << "\n";
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"", ""});
  for (const auto& run : runs) rows[0].push_back(run.at("label").get<std::string>());

  auto add = [&](const std::string& metric, const std::string& unit, auto&& value_of) {
    std::vector<std::string> row{metric, unit};
    for (const auto& run : runs) row.push_back(value_of(run));
    rows.push_back(row);
  };
  const auto cpu_of = [](const json& run) { return run.at("cpu").get<std::string>(); };
  add("simulated time", "us", [](const json& r) { return format_fixed(r.at("simulated_time").at("value").get<double>() / 1000.0, 3); });
  add("core cycles", "cycles", [&](const json& r) { return std::to_string(count(r, "agents", cpu_of(r), "elapsed")); });
  // One miss-rate row per cache level, in the order of the first run.
  std::vector<std::string> caches;
  if (!runs.empty() && runs[0].contains("caches")) {
    for (const auto& [name, c] : runs[0].at("caches").items()) caches.push_back(name);
  }
  for (const auto& name : caches) {
    add(name + " miss rate", "%", [&](const json& r) {
      const double hits = static_cast<double>(count(r, "caches", name, "read_hits") + count(r, "caches", name, "write_hits"));
      const double misses = static_cast<double>(count(r, "caches", name, "read_misses") + count(r, "caches", name, "write_misses"));
      return hits + misses > 0 ? format_fixed(100.0 * misses / (hits + misses), 2) : std::string("-");
    });
  }
  add("DRAM read", "KiB", [](const json& r) {
    std::uint64_t b = 0;
    for (const auto& [n, m] : r.at("memories").items()) b += m.at("bytes_read").at("value").get<std::uint64_t>();
    return format_fixed(static_cast<double>(b) / 1024.0, 1);
  });
  add("DRAM written", "KiB", [](const json& r) {
    std::uint64_t b = 0;
    for (const auto& [n, m] : r.at("memories").items()) b += m.at("bytes_written").at("value").get<std::uint64_t>();
    return format_fixed(static_cast<double>(b) / 1024.0, 1);
  });
  add("maintenance", "lines", [&](const json& r) { return std::to_string(count(r, "agents", cpu_of(r), "maintenance_lines")); });
  add("maintenance issue", "cycles", [&](const json& r) { return std::to_string(count(r, "agents", cpu_of(r), "maintenance_issue")); });
  add("barriers", "cycles", [&](const json& r) { return std::to_string(count(r, "agents", cpu_of(r), "barrier")); });
  add("stale reads", "lines", [](const json& r) {
    std::uint64_t n = 0;
    for (const auto& [name, a] : r.at("agents").items()) n += a.contains("stale_reads") ? a.at("stale_reads").at("value").get<std::uint64_t>() : 0;
    return std::to_string(n);
  });

  std::vector<size_t> width(rows[0].size(), 0);
  for (const auto& row : rows)
    for (size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
  for (size_t r = 0; r < rows.size(); ++r) {
    const auto& row = rows[r];
    for (size_t i = 0; i < row.size(); ++i) {
      const std::string pad(width[i] - row[i].size(), ' ');
      out << (i == 0 ? row[i] + pad : "  " + pad + row[i]);
    }
    out << "\n";
    if (r == 0) {
      size_t total = 0;
      for (size_t w : width) total += w + 2;
      out << std::string(total - 2, '-') << "\n";
    }
  }
  return out.str();
}

}  // namespace cohsim
