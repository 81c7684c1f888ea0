// The HTML report: one self-contained file (inline CSS and SVG, no script, no
// network), readable offline and attachable to a review.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <tuple>

#include "sim/config/fields.h"
#include "sim/config/platform_config.h"
#include "sim/platform/platform_graph.h"
#include "sim/report/findings.h"
#include "sim/report/report.h"
#include "sim/report/svg_chart.h"
#include "sim/report/sweep.h"

namespace cohsim::report {
namespace {

using nlohmann::json;

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

const char* kStyle = R"(body{font-family:sans-serif;max-width:1100px;margin:24px auto;padding:0 16px;color:#1a1a1a}
h1{font-size:1.6em;border-bottom:2px solid #0072b2;padding-bottom:4px}h2{font-size:1.3em;margin-top:2em}h3{font-size:1.1em}
table{border-collapse:collapse;margin:12px 0}caption{text-align:left;font-weight:bold;padding:4px 0}
th,td{border:1px solid #ccc;padding:3px 8px;font-size:0.9em}th{background:#f2f2f2}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
p.note{font-size:0.85em;color:#555;max-width:820px}svg.chart{display:block;margin:16px 0;border:1px solid #ddd}
.topology svg{max-width:100%;height:auto}details{margin:16px 0}pre{background:#f7f7f7;padding:8px;overflow:auto;font-size:0.8em}
ul.findings li{margin:4px 0})";

// Does a program exist on PATH?
bool have_program(const char* name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path != nullptr ? path : "");
  std::string dir;
  while (std::getline(dirs, dir, ':'))
    if (!dir.empty() && ::access((dir + "/" + name).c_str(), X_OK) == 0) return true;
  return false;
}

// Graphviz's SVG of a DOT graph, without its XML prolog; empty if dot failed.
std::string graphviz_svg(const std::string& dot) {
  char name[] = "/tmp/cohsim-topology-XXXXXX";
  const int fd = ::mkstemp(name);
  if (fd < 0) return {};
  const bool written = ::write(fd, dot.data(), dot.size()) == static_cast<ssize_t>(dot.size());
  ::close(fd);
  std::string svg;
  if (written) {
    if (FILE* pipe = ::popen(("dot -Tsvg " + std::string(name) + " 2>/dev/null").c_str(), "r")) {
      char buf[4096];
      std::size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) svg.append(buf, n);
      if (::pclose(pipe) != 0) svg.clear();
    }
  }
  ::unlink(name);
  const std::size_t start = svg.find("<svg");
  return start == std::string::npos ? std::string() : svg.substr(start);
}

std::string topology(const ReportSource& source) {
  std::ostringstream out;
  const json& platforms = source.results.at("scenario").at("platforms");
  const bool graphviz = have_program("dot");
  for (std::size_t i = 0; i < platforms.size(); ++i) {
    const std::string label = platforms[i].value("label", "");
    std::string dot;
    try {
      const auto config =
          config::read_resolved_platform(platforms[i].at("config"), config::blame_file(source.path, "/scenario/platforms/" + std::to_string(i) + "/config"));
      dot = platform_to_dot(config);
    } catch (const std::exception& e) {
      out << "<p class=\"note\">" << escape_xml(label) << ": no topology (" << escape_xml(e.what()) << ")</p>\n";
      continue;
    }
    out << "<h3>" << escape_xml(label) << "</h3>\n";
    const std::string svg = graphviz ? graphviz_svg(dot) : std::string();
    if (!svg.empty()) {
      out << "<div class=\"topology\">" << svg << "</div>\n";
    } else {
      out << "<p class=\"note\">Graphviz (dot) is not installed, so here is the graph as DOT text; `dot -Tsvg` draws it.</p>\n<pre>" << escape_xml(dot)
          << "</pre>\n";
    }
  }
  return out.str();
}

// One value per (platform, policy) as grouped bars; refused and missing runs leave a gap.
template <class Value>
BarChart per_platform_and_policy(const ReportSource& source, std::string id, std::string title, std::string y_label, Value&& value) {
  BarChart chart{{std::move(id), std::move(title), std::move(y_label), false}, source.platforms, {}};
  std::vector<double> all;
  for (const auto& policy : source.policies) {
    Series s{policy, {}};
    for (const auto& platform : source.platforms) {
      const RunFigures* r = find_run(source, platform, policy);
      s.values.push_back(r != nullptr && r->simulated() ? value(*r) : kMissing);
      if (std::isfinite(s.values.back()) && s.values.back() > 0) all.push_back(s.values.back());
    }
    chart.series.push_back(std::move(s));
  }
  // Costs that span more than two decades read better on a log scale.
  if (!all.empty()) chart.frame.log_scale = *std::max_element(all.begin(), all.end()) > 100 * *std::min_element(all.begin(), all.end());
  return chart;
}

StackedBarChart breakdown_chart(const ReportSource& source, const std::string& id) {
  StackedBarChart chart{
      {id, "Where the core's time goes, per frame (shares of the coherency cost)", "share of each run's coherency cost", false}, {}, {}, "us"};
  for (const auto& part : kBreakdownParts) chart.parts.push_back({std::string(part.label), {}});
  chart.parts.push_back({"host copy", {}});
  for (const auto& r : source.runs) {
    if (!r.simulated() || r.is_ideal()) continue;
    chart.rows.push_back(r.label);
    for (std::size_t i = 0; i < r.breakdown_us.size(); ++i) chart.parts[i].values.push_back(r.breakdown_us[i]);
    chart.parts.back().values.push_back(r.host_copy_us.value_or(0));
  }
  return chart;
}

// The table of points, and where a numeric field differs, cost charted against it.
std::string sweep_section(const ReportData& data) {
  std::ostringstream out;
  const std::optional<SweepAxis> axis = sweep_axis(data);
  if (!axis) {
    for (const auto& t : sweep_tables(data)) out << render_html(t);
    return out.str();
  }
  out << "<h2>Cost against " << escape_xml(axis->pointer) << "</h2>\n";
  LineChart chart{{"sweep-cost", "Cost per frame against " + axis->pointer, "us per frame", false}, axis->pointer, {}, {}, {}};
  for (std::size_t i : axis->order)
    if (std::find(chart.x.begin(), chart.x.end(), axis->x[i]) == chart.x.end()) chart.x.push_back(axis->x[i]);
  std::sort(chart.x.begin(), chart.x.end());
  // A line per platform, policy and group, over the shared x values.
  std::vector<std::tuple<std::string, std::string, std::string>> lines;
  for (std::size_t i : axis->order)
    for (const auto& r : data.sources[i].runs)
      if (!r.is_ideal() && std::find(lines.begin(), lines.end(), std::make_tuple(axis->group[i], r.platform, r.policy)) == lines.end())
        lines.emplace_back(axis->group[i], r.platform, r.policy);
  double lo = 0, hi = 0;
  for (const auto& [group, platform, policy] : lines) {
    Series s{platform + "/" + policy + (group.empty() ? "" : " " + group), std::vector<double>(chart.x.size(), kMissing)};
    for (std::size_t i : axis->order) {
      if (axis->group[i] != group) continue;
      const RunFigures* r = find_run(data.sources[i], platform, policy);
      if (r == nullptr || !r->simulated()) continue;
      const auto at = std::find(chart.x.begin(), chart.x.end(), axis->x[i]) - chart.x.begin();
      s.values[static_cast<std::size_t>(at)] = r->cost_us_per_frame;
      if (r->cost_us_per_frame > 0) {
        lo = lo == 0 ? r->cost_us_per_frame : std::min(lo, r->cost_us_per_frame);
        hi = std::max(hi, r->cost_us_per_frame);
      }
    }
    chart.lines.push_back(std::move(s));
  }
  chart.frame.log_scale = lo > 0 && hi > 100 * lo;
  out << line_chart_svg(chart);
  for (const auto& t : sweep_tables(data)) out << render_html(t);
  return out.str();
}

}  // namespace

std::string render_html_report(const ReportData& data) {
  std::ostringstream out;
  std::string title = "cohsim report";
  for (const auto& s : data.sources) {
    title += (&s == &data.sources.front() ? ": " : ", ") + s.scenario;
    if (data.from_sweep) break;
  }
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" << escape_xml(title) << "</title>\n<style>" << kStyle
      << "</style>\n</head>\n<body>\n<h1>" << escape_xml(title) << "</h1>\n";
  if (data.from_sweep) {
    const ReportSource& first = data.sources.front();
    out << "<p>A sweep of " << data.sources.size() << " points.</p>\n";
    if (!first.description.empty()) out << "<p>" << escape_xml(first.description) << "</p>\n";
    out << "<h2>Swept</h2>\n<ul>\n";
    for (const auto& line : swept_lines(data)) out << "<li>" << escape_xml(line) << "</li>\n";
    out << "</ul>\n" << sweep_section(data);
    if (!data.point_detail) out << "<p class=\"note\">" << escape_xml(kPointDetailHint) << "</p>\n";
  }
  for (std::size_t n = 0; n < data.sources.size() && (!data.from_sweep || data.point_detail); ++n) {
    const ReportSource& source = data.sources[n];
    const std::string id = "s" + std::to_string(n);
    out << "<h2>" << escape_xml(source_heading(data, n)) << "</h2>\n";
    out << "<h3>Verdict</h3>\n<ul class=\"findings\">\n";
    for (const auto& v : verdict(source)) out << "<li>" << escape_xml(v) << "</li>\n";
    out << "</ul>\n";
    if (!source.description.empty()) out << "<p>" << escape_xml(source.description) << "</p>\n";
    out << "<p class=\"note\">Results: " << escape_xml(source.path) << " (cohsim " << escape_xml(source.cohsim_version) << ")</p>\n";
    out << "<h3>Findings</h3>\n<ul class=\"findings\">\n";
    for (const auto& f : findings(source)) out << "<li>" << escape_xml(f) << "</li>\n";
    out << "</ul>\n";
    out << bar_chart_svg(per_platform_and_policy(source, id + "-cost",
                                                 "Cost per frame (core + host copy engine + device DMA beyond ideal), by platform and policy", "us per frame",
                                                 [](const RunFigures& r) { return r.cost_us_per_frame; }));
    out << stacked_bar_chart_svg(breakdown_chart(source, id + "-breakdown"));
    out << bar_chart_svg(per_platform_and_policy(source, id + "-amplification", "Amplification: bytes maintained or copied per byte dirtied", "ratio",
                                                 [](const RunFigures& r) { return r.amplification; }));
    for (const auto& t : all_source_tables(source)) out << render_html(t);
    out << "<h3>Platform topology</h3>\n" << topology(source);
    if (!source.provenance.empty()) {
      out << "<h3>Provenance</h3>\n<ul class=\"note\">\n";
      for (const auto& line : source.provenance) out << "<li>" << escape_xml(line) << "</li>\n";
      out << "</ul>\n";
    }
  }
  if (!data.from_sweep) out << sweep_section(data);
  for (const auto& source : data.sources) {
    if (data.from_sweep && &source != &data.sources.front() && !data.point_detail) break;  // a sweep's points share all but the swept fields
    out << "<details>\n<summary>Resolved configuration of " << escape_xml(source.scenario) << " (scenario and platforms after overrides)</summary>\n<pre>"
        << escape_xml(source.results.at("scenario").dump(2)) << "</pre>\n</details>\n";
  }
  out << "<p class=\"note\">Written by cohsim report. Simulated figures only; wall-clock figures stay in each results file's host section.</p>\n"
      << "</body>\n</html>\n";
  return out.str();
}

}  // namespace cohsim::report
