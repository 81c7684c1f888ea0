#include "sim/report/check.h"

#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <sstream>

#include "sim/report/tables.h"
#include "sim/util/checked_number.h"
#include "sim/util/input_error.h"

namespace cohsim::report {
namespace {

using nlohmann::json;

// A run's numbers by metric path: "coherency/core_busy_per_frame" for a
// figure's value, ".../ns" for its other numbers. Itemised stale records are
// left out: their count is a metric already, and their list is a diagnosis.
std::map<std::string, json> metrics_of(const json& run) {
  std::map<std::string, json> out;
  const json flat = run.flatten();  // kept alive: items() only refers to it
  for (const auto& [pointer, value] : flat.items()) {
    if (!value.is_number() && !value.is_boolean()) continue;
    if (pointer.starts_with("/sharing/stale/records")) continue;
    std::string metric = pointer.substr(1);
    if (metric.ends_with("/value")) metric.resize(metric.size() - 6);
    out.emplace(std::move(metric), value);
  }
  return out;
}

// Does `selector` name this metric: a prefix of its path, or whole segments inside it?
bool selects(const std::string& selector, const std::string& metric) {
  const std::string path = "/" + metric + "/", wanted = "/" + selector + "/";
  return path.find(wanted) != std::string::npos;
}

const Tolerance* tolerance_for(const std::vector<Tolerance>& tolerances, const std::string& metric) {
  const Tolerance* best = nullptr;
  for (const auto& t : tolerances) {
    if (!t.metric.empty() && !selects(t.metric, metric)) continue;
    if (best == nullptr || t.metric.size() > best->metric.size()) best = &t;
  }
  return best;
}

std::string change_text(double was, double now) {
  char buf[64];
  if (was != 0) {
    std::snprintf(buf, sizeof buf, "%+.3g%%", 100.0 * (now - was) / std::fabs(was));
  } else {
    std::snprintf(buf, sizeof buf, "%+.6g", now - was);
  }
  return buf;
}

std::string label_of(const json& run) { return run.at("label").get<std::string>(); }

}  // namespace

Tolerance parse_tolerance(const std::string& spec) {
  Tolerance t;
  std::string limit = spec;
  if (const std::size_t eq = spec.find('='); eq != std::string::npos) {
    t.metric = spec.substr(0, eq);
    limit = spec.substr(eq + 1);
    while (!t.metric.empty() && t.metric.back() == '/') t.metric.pop_back();
    if (t.metric.empty()) throw InputError("", "--tolerance", "\"" + spec + "\": the metric before '=' is empty");
  }
  if (!limit.empty() && limit.back() == '%') {
    t.relative = true;
    limit.pop_back();
  }
  if (to_number(std::string_view(limit), t.limit) != NumberError::none || t.limit < 0)
    throw InputError("", "--tolerance", "\"" + spec + "\": expected [METRIC=]LIMIT[%] with a limit >= 0, e.g. 2%, coherency/stale_reads=0 or caches=0.5%");
  if (t.relative) t.limit /= 100.0;
  return t;
}

CheckResult compare_runs(const std::vector<std::pair<const json*, const json*>>& pairs, const std::vector<Tolerance>& tolerances,
                         const std::function<bool(const std::string&)>& wanted) {
  CheckResult result;
  for (const auto& [was_run, now_run] : pairs) {
    if (now_run == nullptr || was_run == nullptr) {
      const bool missing = now_run == nullptr;
      result.moved.push_back(
          {label_of(missing ? *was_run : *now_run), "(run)", missing ? "present" : "", missing ? "" : "present", missing ? "missing run" : "new run"});
      continue;
    }
    const json& was = *was_run;
    const json& now = *now_run;
    const std::string label = label_of(was) == label_of(now) ? label_of(was) : label_of(was) + " | " + label_of(now);
    ++result.runs_compared;
    if (was.contains("refused") != now.contains("refused")) {
      result.moved.push_back({label, "refused", was.value("refused", "no"), now.value("refused", "no"), "refusal changed"});
      continue;
    }
    const auto before = metrics_of(was), after = metrics_of(now);
    for (const auto& [metric, value] : before) {
      if (!wanted(metric)) continue;
      ++result.metrics_compared;
      auto it = after.find(metric);
      if (it == after.end()) {
        result.moved.push_back({label, metric, value.dump(), "", "metric gone"});
        continue;
      }
      if (it->second == value) continue;
      if (!value.is_number() || !it->second.is_number()) {
        result.moved.push_back({label, metric, value.dump(), it->second.dump(), "changed"});
        continue;
      }
      const double a = value.get<double>(), b = it->second.get<double>();
      const Tolerance* t = tolerance_for(tolerances, metric);
      const double allowed = t == nullptr ? 0 : t->relative ? t->limit * std::fabs(a) : t->limit;
      if (std::fabs(b - a) <= allowed) continue;
      result.moved.push_back({label, metric, value.dump(), it->second.dump(), change_text(a, b)});
    }
    for (const auto& [metric, value] : after)
      if (wanted(metric) && before.count(metric) == 0) result.moved.push_back({label, metric, "", value.dump(), "new metric"});
  }
  return result;
}

std::vector<std::pair<const json*, const json*>> runs_by_label(const json& a, const json& b) {
  std::vector<std::pair<const json*, const json*>> pairs;
  std::map<std::string, const json*> b_runs;
  for (const json& run : b.at("runs")) b_runs[label_of(run)] = &run;
  for (const json& run : a.at("runs")) {
    const auto found = b_runs.find(label_of(run));
    pairs.emplace_back(&run, found == b_runs.end() ? nullptr : found->second);
    if (found != b_runs.end()) b_runs.erase(found);
  }
  for (const auto& [label, run] : b_runs) pairs.emplace_back(nullptr, run);
  return pairs;
}

CheckResult check_against_baseline(const json& baseline, const std::string& baseline_path, const json& results, const std::string& results_path,
                                   const std::vector<Tolerance>& tolerances) {
  const auto name = [](const json& d) { return d.at("scenario").at("config").value("name", ""); };
  if (name(baseline) != name(results)) {
    throw InputError(results_path, "/scenario/config/name",
                     "scenario \"" + name(results) + "\" is not the baseline's (\"" + name(baseline) + "\" in " + baseline_path + ")");
  }
  return compare_runs(runs_by_label(baseline, results), tolerances, [](const std::string&) { return true; });
}

std::string check_report(const CheckResult& result, const std::string& baseline_path, const std::vector<std::string>& input_notes) {
  std::ostringstream out;
  if (!input_notes.empty()) {
    out << "cohsim check: the two files came from different inputs (host/provenance):\n";
    for (const std::string& line : input_notes) out << "  " << line << "\n";
  }
  if (result.moved.empty()) {
    out << "cohsim check: " << result.metrics_compared << " metrics of " << result.runs_compared << " runs within tolerance of " << baseline_path << "\n";
    return out.str();
  }
  out << "cohsim check: " << result.moved.size() << " differences beyond tolerance against " << baseline_path << " (" << result.metrics_compared
      << " metrics of " << result.runs_compared << " runs compared)\n\n";
  Table t;
  t.title = "What moved";
  t.header = {"run", "metric", "baseline", "now", "change"};
  t.fit_80_columns = false;  // metric paths are long; a terminal or a CI log is wide
  for (const auto& d : result.moved) t.rows.push_back({d.run, d.metric, d.baseline, d.now, d.change});
  out << render_text(t);
  return out.str();
}

json as_baseline(json results) {
  json host = {{"note", "a baseline: the wall-clock figures of the run it came from are left out, and of its provenance the inputs' digests are kept"}};
  if (results.contains("host") && results.at("host").contains("provenance")) {
    json inputs = json::array();
    for (const json& i : results.at("host").at("provenance").value("inputs", json::array()))
      inputs.push_back({{"role", i.value("role", "")}, {"name", i.value("name", "")}, {"sha256", i.value("sha256", "")}});
    host["provenance"] = {{"inputs", inputs}};
  }
  results["host"] = host;
  return results;
}

}  // namespace cohsim::report
