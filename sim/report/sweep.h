#pragma once
// Cost against a swept parameter: when the files of one report differ in a
// numeric scenario field (a buffer width, a damage fraction, a cache size),
// the report shows each policy's core time per frame against that field.
#include <optional>
#include <string>
#include <vector>

#include "sim/report/report_data.h"
#include "sim/report/tables.h"

namespace cohsim::report {

struct SweepAxis {
  std::string pointer;                // the field on the x axis
  std::vector<std::string> also;      // other fields that differ, each a function of x (named only)
  std::vector<double> x;              // per source
  std::vector<std::size_t> order;     // source indices by group, then increasing x
  std::vector<std::string> grouping;  // fields that vary independently of x
  std::vector<std::string> group;     // per source: "l2/size=1MiB damage=full-frame" ("" without grouping fields)
};

// The field named by data.x_field, else the numeric field that differs in
// the most distinct values (the first in JSON-pointer order on a tie), or
// nothing (one file, or no numeric difference). Byte sizes count as numbers.
std::optional<SweepAxis> sweep_axis(const ReportData& data);

// A swept value as a label: integers exactly, others to six digits.
std::string axis_value(double x);

// Per platform: a row per point (its swept values, numbers in increasing
// order) with the cheapest policy that reads nothing stale and the stale
// ones; then the swept values on the axis as rows, the policies as columns,
// cost per frame.
std::vector<Table> sweep_tables(const ReportData& data);

// A point as its swept values: "exporter/kind=vgem workload/params/read_loads=plain".
std::string point_label(const ReportData& data, std::size_t source);
// What the sweep varies: "exporter/kind: vgem, system-heap, amdgpu-vram", one line per field.
std::vector<std::string> swept_lines(const ReportData& data);
// The heading of a source's section: its scenario, and for a sweep's point
// its number and values.
std::string source_heading(const ReportData& data, std::size_t source);
// Platforms and policies of every source, in order of first appearance.
void platforms_and_policies(const ReportData& data, std::vector<std::string>& platforms, std::vector<std::string>& policies);
// Where a sweep's report (which shows its points together) sends a reader for each point's own sections.
inline constexpr const char* kPointDetailHint = "Each point's findings and tables: cohsim report --points FILE.";

}  // namespace cohsim::report
