#include "sim/report/tables.h"

#include <algorithm>
#include <cstdio>
#include <sstream>

#include "sim/report/findings.h"
#include "sim/report/svg_chart.h"
#include "sim/results/comparison.h"

namespace cohsim::report {
namespace {

// A cost table: one cell per (policy, platform).
template <class Cell>
Table policy_by_platform(const ReportSource& source, const std::vector<std::string>& platforms, std::string title, Cell&& cell) {
  Table t;
  t.title = std::move(title);
  t.header.emplace_back("policy");
  t.header.insert(t.header.end(), platforms.begin(), platforms.end());
  for (const auto& policy : source.policies) {
    std::vector<std::string> row{policy};
    for (const auto& platform : platforms) {
      const RunFigures* r = find_run(source, platform, policy);
      row.push_back(r == nullptr ? "" : !r->simulated() ? "refused" : cell(*r));
    }
    t.rows.push_back(std::move(row));
  }
  return t;
}

std::vector<std::string> slice(const std::vector<std::string>& all, std::size_t first, std::size_t count) {
  return {all.begin() + static_cast<std::ptrdiff_t>(first), all.begin() + static_cast<std::ptrdiff_t>(std::min(all.size(), first + count))};
}

}  // namespace

std::vector<Table> cost_tables(const ReportSource& source, std::size_t platforms_per_table) {
  std::vector<Table> tables;
  for (std::size_t first = 0; first < source.platforms.size(); first += platforms_per_table) {
    const std::vector<std::string> platforms = slice(source.platforms, first, platforms_per_table);
    tables.push_back(policy_by_platform(source, platforms, "Cost per frame (us)", [](const RunFigures& r) { return format_us(r.cost_us_per_frame); }));
    tables.push_back(policy_by_platform(source, platforms, "Cost against the ideally coherent run",
                                        [](const RunFigures& r) { return r.cost_vs_ideal ? format_factor(*r.cost_vs_ideal) : std::string("-"); }));
    tables.push_back(
        policy_by_platform(source, platforms, "Cost as a share of the frame budget", [](const RunFigures& r) { return format_share(r.frame_budget_share); }));
    tables.push_back(policy_by_platform(source, platforms, "Stale lines read", [](const RunFigures& r) { return std::to_string(r.stale_lines); }));
  }
  if (!tables.empty()) {
    tables[0].note = std::string("Cost: ") + kCostDefinition + ". Findings rank policies by it.";
    tables[1].note = "Against the ideal run: cost / the cost of the same trace on the same platform with every device coherent.";
    tables[2].note = "Share: cost / one frame period at the workload's frame rate (60 frames/s if it has none): what the factor means for a frame.";
    tables[3].note = "Stale lines: lines a reader (device, host or CPU) read while a newer version sat elsewhere.";
  }
  return tables;
}

std::vector<Table> breakdown_tables(const ReportSource& source) {
  std::vector<Table> tables;
  for (const auto& platform : source.platforms) {
    Table t;
    t.title = "Where the time goes on " + platform + ", per frame (us)";
    t.header.emplace_back("policy");
    for (const auto& part : kBreakdownParts) t.header.emplace_back(part.label);
    t.header.insert(t.header.end(), {"host", "ampl"});
    for (const auto& r : source.runs) {
      if (r.platform != platform || !r.simulated()) continue;
      std::vector<std::string> row{r.policy};
      for (double us : r.breakdown_us) row.push_back(format_us(us));
      row.push_back(r.host_copy_us ? format_us(*r.host_copy_us) : "-");
      row.push_back(format_fixed(r.amplification, 1));
      t.rows.push_back(std::move(row));
    }
    tables.push_back(std::move(t));
  }
  if (!tables.empty()) {
    std::string note;
    for (const auto& part : kBreakdownParts) note += std::string(part.label) + ": " + std::string(part.meaning) + "; ";
    tables.back().note = note + "host: the host copy engine's busy time (not the guest core's); ampl: bytes maintained or copied / bytes the CPU dirtied.";
  }
  return tables;
}

std::vector<Table> traffic_tables(const ReportSource& source, std::size_t platforms_per_table) {
  std::vector<Table> tables;
  for (std::size_t first = 0; first < source.platforms.size(); first += platforms_per_table) {
    tables.push_back(policy_by_platform(
        source, slice(source.platforms, first, platforms_per_table), "DRAM read / written per frame (MiB)",
        [](const RunFigures& r) { return format_fixed(r.dram_read_mib_per_frame, 2) + " / " + format_fixed(r.dram_written_mib_per_frame, 2); }));
  }
  return tables;
}

Table refusal_table(const ReportSource& source) {
  Table t;
  t.title = "Refused runs";
  t.header = {"run", "why"};
  for (const auto& r : source.runs)
    if (!r.simulated()) t.rows.push_back({r.label, r.refused});
  return t;
}

std::string wrap(const std::string& text, std::size_t width, const std::string& first_prefix, const std::string& indent) {
  std::istringstream words(text);
  std::string word, line = first_prefix, out;
  bool line_has_words = false;
  while (words >> word) {
    if (line_has_words && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line = indent;
      line_has_words = false;
    }
    line += (line_has_words ? " " : "") + word;
    line_has_words = true;
  }
  if (line_has_words) out += line + "\n";
  return out;
}

std::string render_text(const Table& table) {
  std::vector<std::size_t> width(table.header.size(), 0);
  for (std::size_t i = 0; i < table.header.size(); ++i) width[i] = table.header[i].size();
  for (const auto& row : table.rows)
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
  // Long labels (a refusal's reason, a run's name) would push the table past
  // 80 columns: the first column gives way, the last one wraps.
  std::size_t total = 0;
  for (std::size_t w : width) total += w + 2;
  if (table.fit_80_columns && total > 80 && width.size() > 2) width[0] = std::max<std::size_t>(12, width[0] - std::min(width[0], total - 80));
  std::ostringstream out;
  out << (table.fit_80_columns ? wrap(table.title, 80) : table.title + "\n");
  auto line = [&](const std::vector<std::string>& cells) {
    std::string s;
    for (std::size_t i = 0; i < width.size(); ++i) {
      std::string cell = i < cells.size() ? cells[i] : "";
      if (i == 0) {
        if (cell.size() > width[0]) cell = cell.substr(0, width[0] - 1) + "~";
        s += cell + std::string(width[0] - cell.size(), ' ');
      } else if (i + 1 == width.size() && width.size() == 2) {
        // A two-column table of text (refusals): the second column wraps.
        s += "  ";
        const std::string indent(s.size(), ' ');
        s = wrap(cell, 80, s, indent);
        s.pop_back();
      } else {
        s += "  " + std::string(width[i] > cell.size() ? width[i] - cell.size() : 0, ' ') + cell;
      }
    }
    out << s << "\n";
  };
  line(table.header);
  std::size_t rule = 0;
  for (std::size_t w : width) rule += w + 2;
  out << std::string(table.fit_80_columns ? std::min<std::size_t>(80, rule - 2) : rule - 2, '-') << "\n";
  for (const auto& row : table.rows) line(row);
  if (!table.note.empty()) out << wrap(table.note, 80);
  return out.str();
}

std::string render_markdown(const Table& table) {
  auto cell = [](const std::string& s) {
    std::string out;
    for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
    return out;
  };
  std::ostringstream out;
  out << "**" << table.title << "**\n\n|";
  for (const auto& h : table.header) out << " " << cell(h) << " |";
  out << "\n|";
  for (std::size_t i = 0; i < table.header.size(); ++i) out << (i == 0 ? "---|" : "---:|");
  out << "\n";
  for (const auto& row : table.rows) {
    out << "|";
    for (const auto& c : row) out << " " << cell(c) << " |";
    out << "\n";
  }
  if (!table.note.empty()) out << "\n" << table.note << "\n";
  return out.str();
}

std::string render_html(const Table& table) {
  std::ostringstream out;
  out << "<table>\n<caption>" << escape_xml(table.title) << "</caption>\n<thead><tr>";
  for (std::size_t i = 0; i < table.header.size(); ++i) out << "<th" << (i == 0 ? "" : " class=\"num\"") << ">" << escape_xml(table.header[i]) << "</th>";
  out << "</tr></thead>\n<tbody>\n";
  for (const auto& row : table.rows) {
    out << "<tr>";
    for (std::size_t i = 0; i < row.size(); ++i) out << "<td" << (i == 0 ? "" : " class=\"num\"") << ">" << escape_xml(row[i]) << "</td>";
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n";
  if (!table.note.empty()) out << "<p class=\"note\">" << escape_xml(table.note) << "</p>\n";
  return out.str();
}

}  // namespace cohsim::report
