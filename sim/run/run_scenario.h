#pragma once
// `cohsim run`: every platform of a scenario in its own child process (SystemC
// elaborates once per process), several at a time; the parent gathers the
// runs, prints the comparison and writes the results file atomically. If any
// run fails, nothing is written.
#include <nlohmann/json.hpp>
#include <string>

namespace cohsim {

struct RunOptions {
  std::string scenario_path;
  std::string output_path;    // empty: do not write a file
  unsigned jobs = 0;          // 0: one per core
  bool progress = true;       // on stderr, when it is a terminal and the run lasts over a second
  std::string timeline_path;  // Chrome trace-event JSON of every run (empty: none)
};

// Returns the results document. Throws InputError on bad input (in the
// scenario, a platform or the trace).
nlohmann::json run_scenario(const RunOptions& options);

}  // namespace cohsim
