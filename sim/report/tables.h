#pragma once
// The tables of a report, built once from the figures and rendered three
// ways: fixed-width text that fits 80 columns (a mailing list), Markdown (a
// pull request, a wiki) and HTML.
#include <string>
#include <vector>

#include "sim/report/report_data.h"

namespace cohsim::report {

struct Table {
  std::string title;
  std::vector<std::string> header;  // the first column is the row label, left-aligned; the others are right-aligned
  std::vector<std::vector<std::string>> rows;
  std::string note;            // below the table
  bool fit_80_columns = true;  // text: shorten the first column to fit (a mailing list)
};

// Policies as rows and platforms as columns: core time per frame, overhead
// against the ideal run, stale lines. Wide sources are cut into several
// tables of at most `platforms_per_table` platforms.
std::vector<Table> cost_tables(const ReportSource& source, std::size_t platforms_per_table = 4);
// Per platform, one row per policy: where the core's time goes, the host's
// copy engine, amplification.
std::vector<Table> breakdown_tables(const ReportSource& source);
// Policies as rows, platforms as columns: DRAM bytes read / written per frame.
std::vector<Table> traffic_tables(const ReportSource& source, std::size_t platforms_per_table = 4);
// Refused runs and the reason each was refused.
Table refusal_table(const ReportSource& source);

std::string render_text(const Table& table);
std::string render_markdown(const Table& table);
std::string render_html(const Table& table);

// Word-wraps text to `width` columns, each line after the first starting with `indent`.
std::string wrap(const std::string& text, std::size_t width, const std::string& first_prefix = "", const std::string& indent = "");

}  // namespace cohsim::report
