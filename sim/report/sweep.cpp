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

// Where a source's value of a field sorts: numbers (and byte sizes) by
// value, other values in the order the sources first give them (a sweep's
// grid order), never as text.
double value_rank(const SweptField& f, std::size_t source) {
  if (f.numeric) return f.numbers[source];
  for (std::size_t j = 0; j < f.values.size(); ++j)
    if (f.values[j] == f.values[source]) return static_cast<double>(j);
  return 0;
}
}  // namespace

std::optional<SweepAxis> sweep_axis(const ReportData& data) {
  const SweptField* chosen = nullptr;
  for (const auto& field : data.swept) {
    if (!field.numeric) continue;
    const bool named = !data.x_field.empty() && field.pointer == data.x_field;
    if (!data.x_field.empty() ? named : (chosen == nullptr || field.distinct() > chosen->distinct())) chosen = &field;
    if (named) break;
  }
  std::optional<SweepAxis> axis;
  if (chosen != nullptr) axis = SweepAxis{chosen->pointer, {}, chosen->numbers, {}, {}, {}};
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
  // By group (its fields' values in order), then x.
  std::stable_sort(axis->order.begin(), axis->order.end(), [&](std::size_t a, std::size_t b) {
    for (const auto& field : data.swept) {
      if (std::find(axis->grouping.begin(), axis->grouping.end(), field.pointer) == axis->grouping.end()) continue;
      if (value_rank(field, a) != value_rank(field, b)) return value_rank(field, a) < value_rank(field, b);
    }
    return axis->x[a] < axis->x[b];
  });
  return axis;
}

// Platforms and policies of every source, in order of first appearance.
void platforms_and_policies(const ReportData& data, std::vector<std::string>& platforms, std::vector<std::string>& policies) {
  for (const auto& s : data.sources) {
    for (const auto& p : s.platforms)
      if (std::find(platforms.begin(), platforms.end(), p) == platforms.end()) platforms.push_back(p);
    for (const auto& p : s.policies)
      if (std::find(policies.begin(), policies.end(), p) == policies.end()) policies.push_back(p);
  }
}

namespace {

// The sources ordered by their swept values, field by field in pointer
// order (value_rank).
std::vector<std::size_t> points_in_order(const ReportData& data) {
  std::vector<std::size_t> order(data.sources.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    for (const auto& f : data.swept) {
      const double ra = value_rank(f, a), rb = value_rank(f, b);
      if (ra != rb) return ra < rb;
    }
    return false;
  });
  return order;
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
    for (const auto& f : data.swept) t.header.push_back(field_name(f.pointer));
    t.header.insert(t.header.end(), {"cheapest, us", "of frame", "stale"});
    for (std::size_t i : points_in_order(data)) {
      std::vector<std::string> row;
      for (const auto& f : data.swept) row.push_back(value_text(f.values[i]));
      const std::vector<const RunFigures*> clean = clean_syncs_by_cost(data.sources[i], platform);
      const RunFigures* best = clean.empty() ? nullptr : clean.front();
      std::string stale;
      for (const auto& r : data.sources[i].runs)
        if (r.platform == platform && !r.is_ideal() && r.simulated() && r.stale_lines > 0) stale += (stale.empty() ? "" : " ") + r.policy;
      const bool simulated = std::any_of(data.sources[i].runs.begin(), data.sources[i].runs.end(),
                                         [&](const RunFigures& r) { return r.platform == platform && !r.is_ideal() && r.simulated(); });
      row.push_back(best == nullptr ? (simulated ? "-" : "refused") : best->policy + " " + format_us(best->cost_us_per_frame));
      row.push_back(best == nullptr ? "-" : format_share(best->frame_budget_share));
      row.push_back(!simulated ? "refused" : stale.empty() ? "-" : stale);
      t.rows.push_back(std::move(row));
    }
    t.note = "Cost: " + std::string(kCostDefinition) + ". -: every policy refused or stale (cheapest), none stale (stale).";
    tables.push_back(std::move(t));
  }
  return tables;
}
}  // namespace

std::string point_label(const ReportData& data, std::size_t source) {
  std::string out;
  for (const auto& f : data.swept) out += (out.empty() ? "" : " ") + field_name(f.pointer) + "=" + value_text(f.values[source]);
  return out;
}

std::vector<std::string> swept_lines(const ReportData& data) {
  std::vector<std::string> out;
  for (const auto& f : data.swept) {
    std::vector<std::size_t> by_value(f.values.size());
    std::iota(by_value.begin(), by_value.end(), 0);
    std::stable_sort(by_value.begin(), by_value.end(), [&](std::size_t a, std::size_t b) { return value_rank(f, a) < value_rank(f, b); });
    std::vector<std::string> values;
    for (std::size_t i : by_value)
      if (std::find(values.begin(), values.end(), value_text(f.values[i])) == values.end()) values.push_back(value_text(f.values[i]));
    std::string line = f.pointer + ":";
    for (const auto& v : values) line += (&v == &values.front() ? " " : ", ") + v;
    out.push_back(std::move(line));
  }
  return out;
}

std::string source_heading(const ReportData& data, std::size_t source) {
  const std::string& scenario = data.sources[source].scenario;
  return data.from_sweep ? scenario + ", point " + std::to_string(source + 1) + ": " + point_label(data, source) : scenario;
}

std::vector<Table> sweep_tables(const ReportData& data) {
  std::vector<Table> tables = choice_tables(data);
  const std::optional<SweepAxis> axis = sweep_axis(data);
  if (!axis) return tables;
  std::vector<std::string> platforms, policies;
  platforms_and_policies(data, platforms, policies);
  for (const auto& platform : platforms) {
    Table t;
    t.title = "Cost per frame (us) on " + platform + " against " + axis->pointer;
    t.header.push_back(field_name(axis->pointer));
    t.header.insert(t.header.end(), policies.begin(), policies.end());
    const SweptField& x_field = *std::find_if(data.swept.begin(), data.swept.end(), [&](const SweptField& f) { return f.pointer == axis->pointer; });
    for (std::size_t i : axis->order) {
      const std::string x = x_field.values[i].is_string() ? x_field.values[i].get<std::string>() : axis_value(axis->x[i]);
      std::vector<std::string> row{x + (axis->group[i].empty() ? "" : " " + axis->group[i])};
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
