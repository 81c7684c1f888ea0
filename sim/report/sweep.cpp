#include "sim/report/sweep.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "sim/report/findings.h"
#include "sim/report/svg_chart.h"

namespace cohsim::report {

std::string axis_value(double x) {
  char buf[48];
  if (x == static_cast<double>(static_cast<long long>(x)) && std::abs(x) < 1e15) {
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(x));
  } else {
    std::snprintf(buf, sizeof buf, "%.6g", x);
  }
  return buf;
}

std::optional<SweepAxis> sweep_axis(const ReportData& data) {
  std::optional<SweepAxis> axis;
  for (const auto& field : data.swept) {
    if (field.numeric && !axis) {
      axis = SweepAxis{field.pointer, {}, {}, {}};
      for (const auto& v : field.values) axis->x.push_back(v.get<double>());
    } else {
      if (!axis) continue;
      axis->also.push_back(field.pointer);
    }
  }
  if (!axis) return axis;
  // Fields listed before the axis was found differ too.
  for (const auto& field : data.swept)
    if (field.pointer != axis->pointer && std::find(axis->also.begin(), axis->also.end(), field.pointer) == axis->also.end())
      axis->also.push_back(field.pointer);
  axis->order.resize(axis->x.size());
  std::iota(axis->order.begin(), axis->order.end(), 0);
  std::stable_sort(axis->order.begin(), axis->order.end(), [&](std::size_t a, std::size_t b) { return axis->x[a] < axis->x[b]; });
  return axis;
}

std::vector<Table> sweep_tables(const ReportData& data) {
  std::vector<Table> tables;
  const std::optional<SweepAxis> axis = sweep_axis(data);
  if (!axis) return tables;
  // Platforms and policies of every source, in order of first appearance.
  std::vector<std::string> platforms, policies;
  for (const auto& s : data.sources) {
    for (const auto& p : s.platforms)
      if (std::find(platforms.begin(), platforms.end(), p) == platforms.end()) platforms.push_back(p);
    for (const auto& p : s.policies)
      if (std::find(policies.begin(), policies.end(), p) == policies.end()) policies.push_back(p);
  }
  for (const auto& platform : platforms) {
    Table t;
    t.title = "Core time per frame (us) on " + platform + " against " + axis->pointer;
    t.header.push_back(axis->pointer.substr(axis->pointer.rfind('/') + 1));
    t.header.insert(t.header.end(), policies.begin(), policies.end());
    for (std::size_t i : axis->order) {
      std::vector<std::string> row{axis_value(axis->x[i])};
      for (const auto& policy : policies) {
        const RunFigures* r = find_run(data.sources[i], platform, policy);
        row.push_back(r == nullptr ? "" : r->simulated() ? format_us(r->core_us_per_frame) : "refused");
      }
      t.rows.push_back(std::move(row));
    }
    if (!axis->also.empty()) {
      t.note = "Also differ between the files:";
      for (const auto& p : axis->also) t.note += " " + p;
      t.note += ".";
    }
    tables.push_back(std::move(t));
  }
  return tables;
}

}  // namespace cohsim::report
