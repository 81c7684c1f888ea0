#pragma once
// `cohsim sweep`: a scenario's `sweep` block expanded into points, each a
// copy of the scenario with some fields set; the points run on the local
// cores (or a shard of them, on a cluster), each point's results written
// atomically into its own folder as it finishes, so an interrupted sweep
// resumes without recomputing anything; then one merged table, JSON and CSV.
//
// The folders and the plan: sim/sweep/merge.h.
#include <cstddef>
#include <string>

#include "sim/sweep/merge.h"

namespace cohsim {

struct SweepOptions {
  std::string scenario_path;
  std::string output_dir;
  unsigned jobs = 0;      // points in parallel (0: one per core)
  bool progress = true;   // a progress bar on stderr when it is a terminal
  std::size_t shard = 0;  // this process runs the points with index % shards == shard
  std::size_t shards = 1;
  bool merge_only = false;  // run nothing; merge what the shards wrote (all points must be there)
};

struct SweepOutcome {
  std::size_t points = 0, ran = 0, reused = 0;  // reused: finished before (resume)
  bool merged = false;                          // sweep.json and sweep.csv written
};

// The trace checks `cohsim run` makes, for every point whose workload is a
// generator (its trace changes with the point's values; a trace file's
// checks do not depend on them): a point whose trace the platform or the
// exporter cannot take (a buffer over udmabuf's limit, a CMA area too
// small) is an InputError naming the point, before anything runs.
void check_sweep_traces(const SweepPlan& plan, const std::string& scenario_path);

// Runs the points of the shard that have no results yet and, when every
// point has results, merges them. Throws InputError on bad input (then the
// points that finished keep their results).
SweepOutcome run_sweep(const SweepOptions& options);

// Writes DIR/sweep.sbatch (a job array: task I runs shard I of N),
// DIR/merge.sbatch (the merge, after the array), DIR/submit.sh (submits both)
// and DIR/manifest.json (each point's id, values and shard). Returns the
// submit script's path.
std::string emit_slurm(const SweepOptions& options, std::size_t shards, const std::string& cohsim_binary);

}  // namespace cohsim
