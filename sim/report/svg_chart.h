#pragma once
// Inline SVG charts for the HTML report and the benchmark dashboard: grouped
// bars, stacked bars and lines. Plain strings in, one <svg class="chart">
// element out, no script and no external resource, so a report stays one
// self-contained file. Number formatting is fixed, so the same data gives the
// same bytes.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cohsim::report {

struct Series {
  std::string name;
  std::vector<double> values;  // one per category (bars) or per point (lines)
};

struct ChartFrame {
  std::string id;          // the element id (unique within a page)
  std::string title;       // drawn above the plot and given as the SVG's <title>
  std::string y_label;     // the value axis, with its unit
  bool log_scale = false;  // value axis in powers of ten; zero and negative values sit on the floor
};

// Vertical bars, one group per category, one bar per series.
struct BarChart {
  ChartFrame frame;
  std::vector<std::string> categories;
  std::vector<Series> series;
};
std::string bar_chart_svg(const BarChart& chart);

// Horizontal bars, one per row, split into parts (the series); each bar shows
// its parts as shares of its total (100% wide) and its total as text.
struct StackedBarChart {
  ChartFrame frame;
  std::vector<std::string> rows;
  std::vector<Series> parts;  // each holds one value per row
  std::string total_unit;
};
std::string stacked_bar_chart_svg(const StackedBarChart& chart);

// Lines over a shared x axis. With x_labels, the points sit at x = 0, 1, ...
// and the axis shows the labels (dates of benchmark runs, say); otherwise the
// x values are numbers (a swept parameter).
struct LineChart {
  ChartFrame frame;
  std::string x_label;
  std::vector<double> x;
  std::vector<std::string> x_labels;
  std::vector<Series> lines;  // NaN: no point there
};
std::string line_chart_svg(const LineChart& chart);

std::string escape_xml(std::string_view text);
// Three significant digits, with k/M/G for large magnitudes: axis ticks and labels.
std::string short_number(double v);
// The palette colour of series i.
std::string_view series_colour(std::size_t i);

}  // namespace cohsim::report
