#include "sim/report/report.h"

#include <algorithm>
#include <sstream>

#include "sim/report/findings.h"
#include "sim/report/sweep.h"
#include "sim/report/tables.h"

namespace cohsim::report {
namespace {

std::string list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

}  // namespace

std::vector<Table> all_source_tables(const ReportSource& source) {
  std::vector<Table> tables = cost_tables(source);
  for (auto& t : breakdown_tables(source)) tables.push_back(std::move(t));
  for (auto& t : traffic_tables(source)) tables.push_back(std::move(t));
  if (Table refusals = refusal_table(source); !refusals.rows.empty()) tables.push_back(std::move(refusals));
  return tables;
}

namespace {

std::string text_report(const ReportData& data) {
  std::ostringstream out;
  if (data.from_sweep) {
    const ReportSource& first = data.sources.front();
    const std::string title = "cohsim report: " + first.scenario + " (a sweep of " + std::to_string(data.sources.size()) + " points)";
    out << wrap(title, 80) << std::string(std::min<std::size_t>(title.size(), 80), '=') << "\n";
    if (!first.description.empty()) out << wrap(first.description, 80);
    std::vector<std::string> platforms, policies;
    platforms_and_policies(data, platforms, policies);
    out << wrap("platforms: " + list(platforms), 80, "", "  ") << wrap("policies: " + list(policies), 80, "", "  ") << "\nSwept\n";
    for (const auto& line : swept_lines(data)) out << wrap(line, 80, "- ", "  ");
    out << "\n";
    for (const auto& t : sweep_tables(data)) out << render_text(t) << "\n";
    if (!data.point_detail) return out.str() + wrap(kPointDetailHint, 80);
  }
  for (std::size_t i = 0; i < data.sources.size(); ++i) {
    const ReportSource& source = data.sources[i];
    const std::string heading = "cohsim report: " + source_heading(data, i);
    out << wrap(heading, 80) << std::string(std::min<std::size_t>(heading.size(), 80), '=') << "\n";
    // The answer first, for a reader of a mailing-list reply; then what was asked.
    out << "Verdict\n";
    for (const auto& v : verdict(source)) out << wrap(v, 80, "- ", "  ");
    out << "\n";
    if (!source.description.empty()) out << wrap(source.description, 80);
    out << wrap("results: " + source.path + " (cohsim " + source.cohsim_version + ")", 80, "", "  ");
    out << wrap("platforms: " + list(source.platforms), 80, "", "  ") << wrap("policies: " + list(source.policies), 80, "", "  ");
    out << "\nFindings\n";
    for (const auto& f : findings(source)) out << wrap(f, 80, "- ", "  ");
    for (const auto& t : all_source_tables(source)) out << "\n" << render_text(t);
    if (!source.provenance.empty()) {
      out << "\nProvenance\n";
      for (const auto& line : source.provenance) out << wrap(line, 80, "- ", "  ");
    }
    out << "\n";
  }
  if (!data.from_sweep)
    for (const auto& t : sweep_tables(data)) out << render_text(t) << "\n";
  return out.str();
}

std::string markdown_report(const ReportData& data) {
  std::ostringstream out;
  if (data.from_sweep) {
    const ReportSource& first = data.sources.front();
    out << "## cohsim report: " << first.scenario << " (a sweep of " << data.sources.size() << " points)\n\n";
    if (!first.description.empty()) out << first.description << "\n\n";
    std::vector<std::string> platforms, policies;
    platforms_and_policies(data, platforms, policies);
    out << "Platforms: " << list(platforms) << ". Policies: " << list(policies) << ".\n\n### Swept\n\n";
    for (const auto& line : swept_lines(data)) out << "- " << line << "\n";
    out << "\n";
    for (const auto& t : sweep_tables(data)) out << render_markdown(t) << "\n";
    if (!data.point_detail) return out.str() + kPointDetailHint + "\n";
  }
  for (std::size_t i = 0; i < data.sources.size(); ++i) {
    const ReportSource& source = data.sources[i];
    out << "## cohsim report: " << source_heading(data, i) << "\n\n### Verdict\n\n";
    for (const auto& v : verdict(source)) out << "- " << v << "\n";
    out << "\n";
    if (!source.description.empty()) out << source.description << "\n\n";
    out << "Results: `" << source.path << "` (cohsim " << source.cohsim_version << "). Platforms: " << list(source.platforms)
        << ". Policies: " << list(source.policies) << ".\n\n### Findings\n\n";
    for (const auto& f : findings(source)) out << "- " << f << "\n";
    for (const auto& t : all_source_tables(source)) out << "\n" << render_markdown(t);
    if (!source.provenance.empty()) {
      out << "\n### Provenance\n\n";
      for (const auto& line : source.provenance) out << "- " << line << "\n";
    }
    out << "\n";
  }
  if (!data.from_sweep)
    for (const auto& t : sweep_tables(data)) out << render_markdown(t) << "\n";
  return out.str();
}

}  // namespace

std::string render_report(const ReportData& data, Format format) {
  switch (format) {
    case Format::text:
      return text_report(data);
    case Format::markdown:
      return markdown_report(data);
    case Format::html:
      return render_html_report(data);
  }
  return {};
}

}  // namespace cohsim::report
