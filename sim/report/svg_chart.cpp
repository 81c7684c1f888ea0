#include "sim/report/svg_chart.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace cohsim::report {
namespace {

// Page geometry (SVG user units = CSS pixels).
constexpr double kWidth = 820;
constexpr double kPlotLeft = 78;
constexpr double kPlotRight = 620;
constexpr double kLegendLeft = 636;
constexpr double kTitleHeight = 34;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// The value axis: where a value sits between the bottom (0) and the top (1).
struct ValueAxis {
  double lo = 0, hi = 1;
  bool log = false;
  std::vector<double> ticks;

  double fraction(double v) const {
    if (log) {
      if (!(v > lo)) return 0;
      return std::clamp((std::log10(v) - std::log10(lo)) / (std::log10(hi) - std::log10(lo)), 0.0, 1.0);
    }
    return hi > lo ? std::clamp((v - lo) / (hi - lo), 0.0, 1.0) : 0.0;
  }
};

ValueAxis value_axis(const std::vector<double>& values, bool log) {
  ValueAxis axis;
  axis.log = log;
  double max = 0, min_positive = 0;
  for (double v : values) {
    if (!std::isfinite(v)) continue;
    max = std::max(max, v);
    if (v > 0 && (min_positive == 0 || v < min_positive)) min_positive = v;
  }
  if (log) {
    if (max <= 0) max = min_positive = 1;
    axis.lo = std::pow(10.0, std::floor(std::log10(min_positive)));
    axis.hi = std::pow(10.0, std::ceil(std::log10(max)));
    if (axis.hi <= axis.lo) axis.hi = axis.lo * 10;
    for (double t = axis.lo; t <= axis.hi * 1.0001; t *= 10) axis.ticks.push_back(t);
    // Many decades: label every other one.
    if (axis.ticks.size() > 8) {
      std::vector<double> fewer;
      for (size_t i = 0; i < axis.ticks.size(); i += 2) fewer.push_back(axis.ticks[i]);
      axis.ticks = fewer;
    }
    return axis;
  }
  if (max <= 0) max = 1;
  // A step of 1, 2 or 5 times a power of ten giving about five intervals.
  const double raw = max / 5;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * power;
    if (step >= raw) break;
  }
  axis.lo = 0;
  axis.hi = std::ceil(max / step - 1e-9) * step;
  for (double t = 0; t <= axis.hi + step / 2; t += step) axis.ticks.push_back(t);
  return axis;
}

struct Svg {
  std::ostringstream out;
  double height;

  Svg(const ChartFrame& frame, double h)
      : height(h) {
    out << "<svg class=\"chart\" id=\"" << escape_xml(frame.id) << "\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" << num(kWidth) << "\" height=\"" << num(h)
        << "\" viewBox=\"0 0 " << num(kWidth) << " " << num(h) << "\" role=\"img\">\n"
        << "<title>" << escape_xml(frame.title) << "</title>\n"
        << "<rect x=\"0\" y=\"0\" width=\"" << num(kWidth) << "\" height=\"" << num(h) << "\" fill=\"#ffffff\"/>\n"
        << "<text x=\"" << num(kWidth / 2) << "\" y=\"20\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">" << escape_xml(frame.title)
        << "</text>\n";
  }
  void text(double x, double y, std::string_view s, std::string_view anchor = "start", double size = 11, std::string_view extra = "") {
    out << "<text x=\"" << num(x) << "\" y=\"" << num(y) << "\" text-anchor=\"" << anchor << "\" font-size=\"" << num(size) << "\"" << extra << ">"
        << escape_xml(s) << "</text>\n";
  }
  void line(double x1, double y1, double x2, double y2, std::string_view colour, double width = 1) {
    out << "<line x1=\"" << num(x1) << "\" y1=\"" << num(y1) << "\" x2=\"" << num(x2) << "\" y2=\"" << num(y2) << "\" stroke=\"" << colour
        << "\" stroke-width=\"" << num(width) << "\"/>\n";
  }
  void rect(double x, double y, double w, double h, std::string_view colour, std::string_view tooltip) {
    out << "<rect x=\"" << num(x) << "\" y=\"" << num(y) << "\" width=\"" << num(std::max(w, 0.0)) << "\" height=\"" << num(std::max(h, 0.0)) << "\" fill=\""
        << colour << "\"><title>" << escape_xml(tooltip) << "</title></rect>\n";
  }
  // The legend: a swatch and a name per series, in a column right of the plot.
  void legend(const std::vector<std::string>& names, double top) {
    for (size_t i = 0; i < names.size(); ++i) {
      const double y = top + 18.0 * static_cast<double>(i);
      rect(kLegendLeft, y, 12, 12, series_colour(i), names[i]);
      text(kLegendLeft + 18, y + 10, names[i]);
    }
  }
  // A vertical value axis with grid lines between plot_top and plot_bottom.
  void value_axis_left(const ValueAxis& axis, double plot_top, double plot_bottom, std::string_view label) {
    for (double t : axis.ticks) {
      const double y = plot_bottom - axis.fraction(t) * (plot_bottom - plot_top);
      line(kPlotLeft, y, kPlotRight, y, "#e0e0e0");
      text(kPlotLeft - 6, y + 4, short_number(t), "end", 10);
    }
    line(kPlotLeft, plot_top, kPlotLeft, plot_bottom, "#333333");
    line(kPlotLeft, plot_bottom, kPlotRight, plot_bottom, "#333333");
    const double mid = (plot_top + plot_bottom) / 2;
    text(16, mid, std::string(label) + (axis.log ? " (log scale)" : ""), "middle", 11, " transform=\"rotate(-90 16 " + num(mid) + ")\"");
  }
  std::string finish() {
    out << "</svg>\n";
    return out.str();
  }
};

std::vector<std::string> names_of(const std::vector<Series>& series) {
  std::vector<std::string> names;
  names.reserve(series.size());
  for (const auto& s : series) names.push_back(s.name);
  return names;
}

// Tall enough for the plot and for the legend beside it.
double chart_height(double plot_height, std::size_t legend_entries) {
  return std::max(plot_height, kTitleHeight + 10 + 18.0 * static_cast<double>(legend_entries) + 10);
}

constexpr double kValuePlotTop = kTitleHeight + 10, kValuePlotBottom = 300;

// The value axis of a bar or line chart, over every value of its series, drawn.
ValueAxis draw_value_axis(Svg& svg, const std::vector<Series>& series, const ChartFrame& frame) {
  std::vector<double> all;
  for (const auto& s : series) all.insert(all.end(), s.values.begin(), s.values.end());
  ValueAxis axis = value_axis(all, frame.log_scale);
  svg.value_axis_left(axis, kValuePlotTop, kValuePlotBottom, frame.y_label);
  return axis;
}

std::string fit(const std::string& s, std::size_t chars) { return s.size() <= chars ? s : s.substr(0, chars - 1) + "~"; }

}  // namespace

std::string escape_xml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string short_number(double v) {
  if (!std::isfinite(v)) return "-";
  const double a = std::fabs(v);
  static constexpr std::array<std::pair<double, const char*>, 3> scales{{{1e9, "G"}, {1e6, "M"}, {1e3, "k"}}};
  for (const auto& [scale, suffix] : scales) {
    if (a >= scale) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.3g%s", v / scale, suffix);
      return buf;
    }
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

std::string_view series_colour(std::size_t i) {
  // Colour-blind-safe (Okabe-Ito), then darker variants.
  static constexpr std::array<std::string_view, 10> palette{"#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9",
                                                            "#d55e00", "#f0e442", "#000000", "#7f7f7f", "#8c564b"};
  return palette[i % palette.size()];
}

std::string bar_chart_svg(const BarChart& chart) {
  constexpr double plot_top = kValuePlotTop, plot_bottom = kValuePlotBottom;
  Svg svg(chart.frame, chart_height(plot_bottom + 48, chart.series.size()));
  const ValueAxis axis = draw_value_axis(svg, chart.series, chart.frame);
  const double groups = static_cast<double>(std::max<std::size_t>(1, chart.categories.size()));
  const double group_width = (kPlotRight - kPlotLeft) / groups;
  const double bar_width = group_width * 0.8 / static_cast<double>(std::max<std::size_t>(1, chart.series.size()));
  for (size_t c = 0; c < chart.categories.size(); ++c) {
    const double left = kPlotLeft + group_width * static_cast<double>(c);
    for (size_t s = 0; s < chart.series.size(); ++s) {
      if (c >= chart.series[s].values.size() || !std::isfinite(chart.series[s].values[c])) continue;  // no such run
      const double v = chart.series[s].values[c];
      const double h = axis.fraction(v) * (plot_bottom - plot_top);
      svg.rect(left + group_width * 0.1 + bar_width * static_cast<double>(s), plot_bottom - h, bar_width * 0.92, h, series_colour(s),
               chart.series[s].name + " on " + chart.categories[c] + ": " + short_number(v));
    }
    svg.text(left + group_width / 2, plot_bottom + 16, fit(chart.categories[c], static_cast<std::size_t>(group_width / 6.5)), "middle");
  }
  svg.legend(names_of(chart.series), plot_top);
  return svg.finish();
}

std::string stacked_bar_chart_svg(const StackedBarChart& chart) {
  constexpr double label_width = 170, row_height = 24, plot_top = kTitleHeight + 10;
  const double plot_bottom = plot_top + row_height * static_cast<double>(chart.rows.size());
  Svg svg(chart.frame, chart_height(plot_bottom + 40, chart.parts.size()));
  const double left = label_width, right = kPlotRight - 50;
  for (size_t r = 0; r < chart.rows.size(); ++r) {
    const double y = plot_top + row_height * static_cast<double>(r);
    double total = 0;
    for (const auto& p : chart.parts) total += r < p.values.size() && p.values[r] > 0 ? p.values[r] : 0;
    svg.text(left - 6, y + 15, fit(chart.rows[r], 28), "end");
    double x = left;
    for (size_t p = 0; p < chart.parts.size() && total > 0; ++p) {
      const double v = r < chart.parts[p].values.size() && chart.parts[p].values[r] > 0 ? chart.parts[p].values[r] : 0;
      const double w = (right - left) * v / total;
      if (w > 0)
        svg.rect(x, y + 3, w, row_height - 6, series_colour(p), chart.rows[r] + ", " + chart.parts[p].name + ": " + short_number(v) + " " + chart.total_unit);
      x += w;
    }
    if (total <= 0) svg.line(left, y + row_height / 2, right, y + row_height / 2, "#e0e0e0");
    svg.text(right + 6, y + 15, short_number(total) + " " + chart.total_unit, "start", 10);
  }
  svg.line(left, plot_top, left, plot_bottom, "#333333");
  svg.text((left + right) / 2, plot_bottom + 18, chart.frame.y_label, "middle");
  svg.legend(names_of(chart.parts), plot_top);
  return svg.finish();
}

std::string line_chart_svg(const LineChart& chart) {
  constexpr double plot_top = kValuePlotTop, plot_bottom = kValuePlotBottom;
  Svg svg(chart.frame, chart_height(plot_bottom + 52, chart.lines.size()));
  const ValueAxis axis = draw_value_axis(svg, chart.lines, chart.frame);
  const bool labelled = !chart.x_labels.empty();
  const std::size_t points = labelled ? chart.x_labels.size() : chart.x.size();
  double x_lo = 0, x_hi = points > 1 ? static_cast<double>(points - 1) : 1;
  if (!labelled && !chart.x.empty()) {
    x_lo = *std::min_element(chart.x.begin(), chart.x.end());
    x_hi = *std::max_element(chart.x.begin(), chart.x.end());
    if (x_hi <= x_lo) x_hi = x_lo + 1;
  }
  const double inset = 16;  // keeps the end points off the axes
  auto x_at = [&](std::size_t i) {
    const double v = labelled ? static_cast<double>(i) : chart.x[i];
    return kPlotLeft + inset + (v - x_lo) / (x_hi - x_lo) * (kPlotRight - kPlotLeft - 2 * inset);
  };
  // Ticks: every point's x, thinned to about a dozen labels.
  const std::size_t every = std::max<std::size_t>(1, (points + 11) / 12);
  for (std::size_t i = 0; i < points; i += every) {
    const std::string label = labelled ? chart.x_labels[i] : short_number(chart.x[i]);
    svg.line(x_at(i), plot_bottom, x_at(i), plot_bottom + 4, "#333333");
    svg.text(x_at(i), plot_bottom + 16, fit(label, 16), "middle", 10);
  }
  svg.text((kPlotLeft + kPlotRight) / 2, plot_bottom + 38, chart.x_label, "middle");
  const double span = plot_bottom - plot_top;
  for (std::size_t l = 0; l < chart.lines.size(); ++l) {
    const Series& line = chart.lines[l];
    std::string path;
    for (std::size_t i = 0; i < std::min(points, line.values.size()); ++i) {
      if (!std::isfinite(line.values[i])) continue;
      path += (path.empty() ? "M" : " L") + num(x_at(i)) + " " + num(plot_bottom - axis.fraction(line.values[i]) * span);
    }
    if (!path.empty()) svg.out << "<path d=\"" << path << "\" fill=\"none\" stroke=\"" << series_colour(l) << "\" stroke-width=\"2\"/>\n";
    for (std::size_t i = 0; i < std::min(points, line.values.size()); ++i) {
      if (!std::isfinite(line.values[i])) continue;
      const std::string where = labelled ? chart.x_labels[i] : short_number(chart.x[i]);
      svg.out << "<circle cx=\"" << num(x_at(i)) << "\" cy=\"" << num(plot_bottom - axis.fraction(line.values[i]) * span) << "\" r=\"3.5\" fill=\""
              << series_colour(l) << "\"><title>" << escape_xml(line.name + " at " + where + ": " + short_number(line.values[i])) << "</title></circle>\n";
    }
  }
  svg.legend(names_of(chart.lines), plot_top);
  return svg.finish();
}

}  // namespace cohsim::report
