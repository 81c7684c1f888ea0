#include "sim/report/run_summary.h"

#include <sstream>

#include "sim/report/report.h"
#include "sim/report/tables.h"
#include "sim/results/comparison.h"

namespace cohsim::report {
namespace {

using nlohmann::json;

std::uint64_t count(const json& run, const char* section, const std::string& group, const char* stat) {
  const json::json_pointer p("/" + std::string(section) + "/" + group + "/" + stat + "/value");
  return run.contains(p) ? run.at(p).get<std::uint64_t>() : 0;
}

std::uint64_t sum_over(const json& run, const char* section, const char* stat) {
  std::uint64_t n = 0;
  for (const auto& [name, group] : run.at(section).items()) n += group.contains(stat) ? group.at(stat).at("value").get<std::uint64_t>() : 0;
  return n;
}

// Runs as columns, one row per figure (a trace replayed without policies).
Table trace_table(const json& results) {
  const auto& runs = results.at("runs");
  Table t;
  t.title = "scenario: " + results.at("scenario").at("config").at("name").get<std::string>();
  t.fit_80_columns = false;
  t.header = {"", ""};
  for (const auto& run : runs) t.header.push_back(run.at("label").get<std::string>());
  auto add = [&](const std::string& metric, const std::string& unit, auto&& value_of) {
    std::vector<std::string> row{metric, unit};
    for (const auto& run : runs) row.push_back(value_of(run));
    t.rows.push_back(std::move(row));
  };
  const auto cpu_of = [](const json& run) { return run.at("cpu").get<std::string>(); };
  add("simulated time", "us", [](const json& r) { return format_fixed(r.at("simulated_time").at("value").get<double>() / 1000.0, 3); });
  add("core cycles", "cycles", [&](const json& r) { return std::to_string(count(r, "agents", cpu_of(r), "elapsed")); });
  // One miss-rate row per cache level, in the order of the first run.
  std::vector<std::string> caches;
  if (!runs.empty() && runs[0].contains("caches"))
    for (const auto& [name, c] : runs[0].at("caches").items()) caches.push_back(name);
  for (const auto& name : caches) {
    add(name + " miss rate", "%", [&](const json& r) {
      const double hits = static_cast<double>(count(r, "caches", name, "read_hits") + count(r, "caches", name, "write_hits"));
      const double misses = static_cast<double>(count(r, "caches", name, "read_misses") + count(r, "caches", name, "write_misses"));
      return hits + misses > 0 ? format_fixed(100.0 * misses / (hits + misses), 2) : std::string("-");
    });
  }
  add("DRAM read", "KiB", [](const json& r) { return format_fixed(static_cast<double>(sum_over(r, "memories", "bytes_read")) / 1024.0, 1); });
  add("DRAM written", "KiB", [](const json& r) { return format_fixed(static_cast<double>(sum_over(r, "memories", "bytes_written")) / 1024.0, 1); });
  add("maintenance", "lines", [&](const json& r) { return std::to_string(count(r, "agents", cpu_of(r), "maintenance_lines")); });
  add("maintenance issue", "cycles", [&](const json& r) { return std::to_string(count(r, "agents", cpu_of(r), "maintenance_issue")); });
  add("barriers", "cycles", [&](const json& r) { return std::to_string(count(r, "agents", cpu_of(r), "barrier")); });
  add("stale reads", "lines", [](const json& r) { return std::to_string(sum_over(r, "agents", "stale_reads")); });
  return t;
}

}  // namespace

std::string run_summary(const json& results) {
  const auto& runs = results.at("runs");
  const bool has_policies = !runs.empty() && (runs.at(0).contains("coherency") || runs.at(0).contains("refused"));
  if (!has_policies) return render_text(trace_table(results));
  const ReportSource source = source_of_results(results, results.at("scenario").at("file").get<std::string>());
  std::ostringstream out;
  out << "scenario: " << source.scenario << "\n";
  if (!source.description.empty()) out << wrap(source.description, 80);
  for (const auto& t : cost_tables(source)) out << "\n" << render_text(t);
  if (Table refusals = refusal_table(source); !refusals.rows.empty()) out << "\n" << render_text(refusals);
  out << "\nWhere the time goes, DRAM traffic and findings: cohsim report " << source.path << "\n";
  return out.str();
}

}  // namespace cohsim::report
