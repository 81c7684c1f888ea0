#include "sim/report/sweep.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>
#include <tuple>

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

namespace {
// A field named by its pointer's last two tokens: /platforms/0/caches/l2/size -> l2/size.
std::string field_name(const std::string& pointer) {
  const std::size_t last = pointer.rfind('/');
  const std::size_t before = last == 0 ? 0 : pointer.rfind('/', last - 1);
  return pointer.substr(before + 1);
}

std::string value_text(const nlohmann::json& v) { return v.is_null() ? "unset" : v.is_string() ? v.get<std::string>() : v.dump(); }
}  // namespace

std::optional<SweepAxis> sweep_axis(const ReportData& data) {
  std::optional<SweepAxis> axis;
  for (const auto& field : data.swept) {
    if (!field.numeric) continue;
    axis = SweepAxis{field.pointer, {}, {}, {}, {}, {}};
    for (const auto& v : field.values) axis->x.push_back(v.get<double>());
    break;
  }
  if (!axis) return axis;
  // The other fields that differ: those that follow x (a height that goes
  // with each width) are only named; those that vary on their own (a cache
  // size crossed with the width) split the points into groups, one line each.
  for (const auto& field : data.swept) {
    if (field.pointer == axis->pointer) continue;
    std::map<double, nlohmann::json> at_x;
    bool follows_x = true;
    for (std::size_t i = 0; i < field.values.size(); ++i) {
      auto [it, fresh] = at_x.emplace(axis->x[i], field.values[i]);
      if (!fresh && it->second != field.values[i]) follows_x = false;
    }
    (follows_x ? axis->also : axis->grouping).push_back(field.pointer);
  }
  axis->group.assign(axis->x.size(), "");
  for (const auto& field : data.swept) {
    if (std::find(axis->grouping.begin(), axis->grouping.end(), field.pointer) == axis->grouping.end()) continue;
    const std::string name = field_name(field.pointer);
    for (std::size_t i = 0; i < field.values.size(); ++i) axis->group[i] += (axis->group[i].empty() ? "" : " ") + name + "=" + value_text(field.values[i]);
  }
  axis->order.resize(axis->x.size());
  std::iota(axis->order.begin(), axis->order.end(), 0);
  std::stable_sort(axis->order.begin(), axis->order.end(),
                   [&](std::size_t a, std::size_t b) { return std::tie(axis->group[a], axis->x[a]) < std::tie(axis->group[b], axis->x[b]); });
  return axis;
}

namespace {
// Platforms and policies of every source, in order of first appearance.
void platforms_and_policies(const ReportData& data, std::vector<std::string>& platforms, std::vector<std::string>& policies) {
  for (const auto& s : data.sources) {
    for (const auto& p : s.platforms)
      if (std::find(platforms.begin(), platforms.end(), p) == platforms.end()) platforms.push_back(p);
    for (const auto& p : s.policies)
      if (std::find(policies.begin(), policies.end(), p) == policies.end()) policies.push_back(p);
  }
}

// Per platform, one row per source (its swept values): the cheapest policy
// that reads nothing stale (a missing sync, `none`, is never recommended:
// where it reads nothing stale, it is by luck of timing or because the
// platform is coherent) and the policies that read stale data.
std::vector<Table> choice_tables(const ReportData& data) {
  if (data.sources.size() < 2 || data.swept.empty()) return {};
  std::vector<std::string> platforms, policies;
  platforms_and_policies(data, platforms, policies);
  std::vector<Table> tables;
  for (const auto& platform : platforms) {
    Table t;
    t.title = "Cheapest policy without stale data on " + platform + " (us per frame)";
    for (const auto& f : data.swept) t.header.push_back(f.pointer.substr(f.pointer.rfind('/') + 1));  // exporter/kind -> kind
    t.header.insert(t.header.end(), {"cheapest, us", "stale"});
    for (std::size_t i = 0; i < data.sources.size(); ++i) {
      std::vector<std::string> row;
      for (const auto& f : data.swept) row.push_back(value_text(f.values[i]));
      const RunFigures* best = nullptr;
      std::string stale;
      for (const auto& r : data.sources[i].runs) {
        if (r.platform != platform || r.is_ideal() || !r.simulated()) continue;
        if (r.stale_lines > 0) stale += (stale.empty() ? "" : " ") + r.policy;
        if (r.stale_lines == 0 && r.policy != "none" && (best == nullptr || r.cost_us_per_frame < best->cost_us_per_frame)) best = &r;
      }
      row.push_back(best == nullptr ? "-" : best->policy + " " + format_us(best->cost_us_per_frame));
      row.push_back(stale.empty() ? "-" : stale);
      t.rows.push_back(std::move(row));
    }
    t.note = "Cost: " + std::string(kCostDefinition) + ". -: every policy refused or stale (cheapest), none stale (stale).";
    tables.push_back(std::move(t));
  }
  return tables;
}
}  // namespace

std::vector<Table> sweep_tables(const ReportData& data) {
  std::vector<Table> tables = choice_tables(data);
  const std::optional<SweepAxis> axis = sweep_axis(data);
  if (!axis) return tables;
  std::vector<std::string> platforms, policies;
  platforms_and_policies(data, platforms, policies);
  for (const auto& platform : platforms) {
    Table t;
    t.title = "Cost per frame (us) on " + platform + " against " + axis->pointer;
    t.header.push_back(axis->pointer.substr(axis->pointer.rfind('/') + 1));
    t.header.insert(t.header.end(), policies.begin(), policies.end());
    for (std::size_t i : axis->order) {
      std::vector<std::string> row{axis_value(axis->x[i]) + (axis->group[i].empty() ? "" : " " + axis->group[i])};
      for (const auto& policy : policies) {
        const RunFigures* r = find_run(data.sources[i], platform, policy);
        row.push_back(r == nullptr ? "" : r->simulated() ? format_us(r->cost_us_per_frame) : "refused");
      }
      t.rows.push_back(std::move(row));
    }
    if (!axis->also.empty()) {
      t.note = "Also differ, with " + axis->pointer + ":";
      for (const auto& p : axis->also) t.note += " " + p;
      t.note += ".";
    }
    tables.push_back(std::move(t));
  }
  return tables;
}

}  // namespace cohsim::report
