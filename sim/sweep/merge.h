#pragma once
// A sweep's plan and its merge, without running anything (the reports
// layer: no SystemC): the scenario's `sweep` block expanded into points, and
// the points' results merged into one table. sweep.h runs the points.
//
// DIR/points/ID/scenario.json   the point's scenario (paths made absolute)
// DIR/points/ID/results.json    its results, once it has run
// DIR/sweep.json, DIR/sweep.csv the merged table: one row per point and run
// ID is a hash of the point's scenario: the same point keeps its folder when
// the grid around it changes.
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cohsim {

struct SweepPoint {
  std::size_t index = 0;    // in the order of the grid (last pointer fastest), then the explicit points
  std::string id;           // 16 hex digits
  nlohmann::json values;    // pointer -> value
  nlohmann::json scenario;  // the scenario to run (no sweep block)
};

struct SweepPlan {
  std::string scenario_path;
  std::vector<std::string> parameters;  // every pointer the sweep sets, in order of appearance
  std::vector<SweepPoint> points;
};

// Reads the scenario and expands its sweep. Throws InputError naming the
// scenario and the /sweep/... place of a bad pointer or value, and of a point
// whose scenario is invalid (each point is checked as `cohsim run` would).
SweepPlan plan_sweep(const std::string& scenario_path);

// A point's folder and results file under DIR.
std::string sweep_point_dir(const std::string& output_dir, const SweepPoint& p);
std::string sweep_point_results(const std::string& output_dir, const SweepPoint& p);

// One row per point and run: the swept values and the run's figures, written
// atomically to DIR/sweep.json and DIR/sweep.csv. Every point must have results.
void merge_sweep(const SweepPlan& plan, const std::string& output_dir);

}  // namespace cohsim
