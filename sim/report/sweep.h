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

// The first numeric field that differs (in JSON-pointer order), or nothing
// (one file, or no numeric difference).
std::optional<SweepAxis> sweep_axis(const ReportData& data);

// A swept value as a label: integers exactly, others to six digits.
std::string axis_value(double x);

// Per platform: the swept values as rows, the policies as columns, core time per frame.
std::vector<Table> sweep_tables(const ReportData& data);

}  // namespace cohsim::report
