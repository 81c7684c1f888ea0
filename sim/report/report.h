#pragma once
// `cohsim report`: one or more results files as a design-review report.
//   text      80 columns, for a mailing list or a review comment
//   markdown  the same, for a pull request or a wiki
//   html      one self-contained page: findings, tables, inline SVG charts,
//             each platform's topology (Graphviz when installed) and the
//             resolved configuration folded away at the end
// Every number is read from the results files (report_data.h).
#include <string>
#include <vector>

#include "sim/report/report_data.h"
#include "sim/report/tables.h"

namespace cohsim::report {

enum class Format { text, markdown, html };

std::string render_report(const ReportData& data, Format format);

// Every table of one results file, in reading order (shared by all formats).
std::vector<Table> all_source_tables(const ReportSource& source);

// The HTML page (html_report.cpp).
std::string render_html_report(const ReportData& data);

}  // namespace cohsim::report
