#pragma once
// Helpers shared by the tests: scratch folders, a small configurable platform,
// simulating a trace through the real `cohsim run` path, running the CLI.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace cohsim::test {

using nlohmann::json;

// A fresh folder under the system temp dir, removed when the object dies.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  // Writes `contents` to path()/name and returns the full path.
  std::string write(const std::string& name, const std::string& contents) const;

 private:
  std::string path_;
};

// A platform whose numbers make formulas easy: a 1 GHz core (1 cycle = 1 ns),
// one 1-cycle L1 (size/ways given), a fabric without latency, DRAM with
// 100 ns latency and 64 GB/s (one 64-byte line per ns), and one
// non-coherent DMA device "dev" at 2 GHz. Change anything with merge_patch.
json flat_platform(std::uint64_t l1_size = 4096, unsigned l1_ways = 4);

// Writes the platform and trace to a scratch folder, runs them through
// run_scenario (one child process) and returns the single run's results.
json simulate(const json& platform, const std::string& trace, const std::string& trace_name = "t.trace");
// The same, on a preset by name with an optional merge patch.
json simulate_preset(const std::string& preset, const std::string& trace, const json& override_patch = json::object());

// Runs a whole scenario (written to a scratch folder together with `files`,
// name -> contents) and returns the results document.
json run_scenario_json(const json& scenario, const std::vector<std::pair<std::string, std::string>>& files = {});
// The run labelled `label` in a results document.
const json& run_of(const json& results, const std::string& label);

// Value of a statistic: run["caches"]["l1d"]["read_misses"]["value"].
std::uint64_t stat(const json& run, const std::string& section, const std::string& group, const std::string& name);
// A time statistic in ns.
double stat_ns(const json& run, const std::string& section, const std::string& group, const std::string& name);

struct CliResult {
  int status = -1;
  std::string out;
  std::string err;
};
// Runs the cohsim binary with `args` (already shell-quoted), in `cwd`.
CliResult run_cli(const std::string& args, const std::string& cwd = ".");

std::string source_dir();

// A whole file as text; a JSON file parsed.
std::string read_text_file(const std::string& path);
json read_json_file(const std::string& path);

}  // namespace cohsim::test
