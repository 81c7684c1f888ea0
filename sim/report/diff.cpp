#include "sim/report/diff.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "sim/report/check.h"
#include "sim/report/tables.h"

namespace cohsim::report {
namespace {

using nlohmann::json;

std::string describe(const json& results, const std::string& path) {
  return path + " (scenario \"" + results.at("scenario").at("config").value("name", "") + "\", cohsim " + results.value("cohsim_version", "?") + ")";
}

// A number as the files hold it, shortened to 6 significant digits.
std::string shown(const std::string& dumped) {
  double v = 0;
  if (dumped.empty() || std::sscanf(dumped.c_str(), "%lf", &v) != 1 || dumped.front() == '"') return dumped;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// B - A with its sign; the relative change is the check's.
std::string difference(const Difference& d) {
  double a = 0, b = 0;
  if (std::sscanf(d.baseline.c_str(), "%lf", &a) != 1 || std::sscanf(d.now.c_str(), "%lf", &b) != 1) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.6g", b - a);
  return buf;
}

}  // namespace

DiffResult diff_results(const json& a, const std::string& a_path, const json& b, const std::string& b_path, const DiffOptions& options) {
  auto pairs = runs_by_label(a, b);
  const bool shared = std::any_of(pairs.begin(), pairs.end(), [](const auto& p) { return p.first != nullptr && p.second != nullptr; });
  bool by_position = false;
  if (!shared && a.at("runs").size() == b.at("runs").size()) {
    pairs.clear();
    for (std::size_t i = 0; i < a.at("runs").size(); ++i) pairs.emplace_back(&a.at("runs").at(i), &b.at("runs").at(i));
    by_position = true;
  }
  const auto wanted = [&](const std::string& metric) { return options.every_metric || metric.starts_with("coherency/"); };
  const CheckResult r = compare_runs(pairs, {}, wanted);

  std::ostringstream out;
  const bool markdown = options.format == "markdown";
  out << (markdown ? "**cohsim diff**\n\n- A: " : "cohsim diff\nA: ") << describe(a, a_path) << (markdown ? "\n- B: " : "\nB: ") << describe(b, b_path) << "\n";
  if (by_position) out << (markdown ? "- " : "") << "the files share no run label: runs paired in file order\n";
  out << "\n";
  const std::string what = options.every_metric ? "metrics" : "coherency figures";
  if (r.moved.empty()) {
    out << "The " << r.metrics_compared << " " << what << " of " << r.runs_compared << " runs are identical.\n";
    return {out.str(), true};
  }
  out << r.moved.size() << (r.moved.size() == 1 ? " difference" : " differences") << " (" << r.metrics_compared << " " << what << " of " << r.runs_compared
      << " runs compared; a run or figure only one file has counts as one).\n\n";
  // One table per run, its figures as rows (the coherency figures without
  // their common prefix).
  for (std::size_t i = 0; i < r.moved.size();) {
    Table t;
    t.title = r.moved[i].run;
    t.header = {"figure", "A", "B", "B - A", "change"};
    t.fit_80_columns = false;
    for (; i < r.moved.size() && r.moved[i].run == t.title; ++i) {
      const Difference& d = r.moved[i];
      const std::string figure = options.every_metric || !d.metric.starts_with("coherency/") ? d.metric : d.metric.substr(10);
      t.rows.push_back({figure, shown(d.baseline), shown(d.now), difference(d), d.change});
    }
    out << (markdown ? render_markdown(t) : render_text(t)) << "\n";
  }
  out << "change: (B - A) / |A|, or B - A where A is 0.\n";
  return {out.str(), false};
}

}  // namespace cohsim::report
