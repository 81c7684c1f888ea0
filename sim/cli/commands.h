#pragma once
// What each cohsim command does, once its arguments are parsed (main.cpp
// declares the command line). Each returns the exit status: 0 on success,
// 2 on bad input, 1 when a check finds a difference; InputError and
// Interrupted propagate to main, which reports them.
#include <cstddef>
#include <string>
#include <vector>

#include "sim/import/wayland_importer.h"
#include "sim/sweep/sweep.h"

namespace cohsim::cli {

int command_run(const std::string& scenario, const std::string& output, unsigned jobs, bool quiet, const std::string& timeline);
int command_validate(const std::vector<std::string>& files);
int command_validate_model(const std::vector<std::string>& paths);
int command_platforms();
int command_graph(const std::string& platform);
int command_gen(const std::string& scenario_path, const std::string& output);
int command_schema(const std::string& which);
struct ReportRequest {
  std::vector<std::string> files;
  std::string format, output;
  std::string x_field;        // --x: the field to chart cost against
  bool point_detail = false;  // --points: a sweep's points each with their own sections
};
int command_report(ReportRequest request);
int command_sweep(SweepOptions options, const std::string& shard, const std::string& emit, std::size_t shards, bool quiet);
int command_import_wayland(const std::string& log, const std::string& output, const WaylandImportParams& base);
int command_dashboard(const std::string& folder, const std::string& output);
int command_diff(const std::string& a_path, const std::string& b_path, bool every_metric, std::string format, const std::string& output);
int command_check(const std::string& baseline_path, const std::string& results_path, const std::vector<std::string>& tolerance_specs, bool update);

}  // namespace cohsim::cli
