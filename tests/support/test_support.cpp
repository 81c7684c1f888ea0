#include "support/test_support.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/run/run_scenario.h"

namespace cohsim::test {
namespace fs = std::filesystem;

ScratchDir::ScratchDir() {
  std::string pattern = (fs::temp_directory_path() / "cohsim-test-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string ScratchDir::write(const std::string& name, const std::string& contents) const {
  std::string full = (fs::path(path_) / name).string();
  fs::create_directories(fs::path(full).parent_path());
  std::ofstream(full, std::ios::binary) << contents;
  return full;
}

json flat_platform(std::uint64_t l1_size, unsigned l1_ways) {
  return json::parse(R"({
    "name": "flat",
    "description": "test platform",
    "line_bytes": 64,
    "cpus": { "cpu0": {
      "clock_ghz": 1.0, "mlp": 4, "load_bytes_per_cycle": 64, "store_bytes_per_cycle": 64,
      "maintenance": { "clean_cycles_per_line": 10, "invalidate_cycles_per_line": 10, "barrier_cycles": 20, "invalidate_cleans_dirty": false },
      "uncached": { "wc_buffers": 2, "wc_read_mlp": 1, "uc_access_bytes": 8, "snoops_caches": false },
      "downstream": { "to": "l1d" } } },
    "caches": { "l1d": { "level": 1, "size": )" +
                     std::to_string(l1_size) + R"(, "ways": )" + std::to_string(l1_ways) + R"(,
      "latency_cycles": 1, "inclusion": "non-inclusive", "full_line_write_miss": "allocate", "downstream": { "to": "bus" } } },
    "fabrics": { "bus": { "snoop_cache": "", "downstream": { "to": "dram" } } },
    "memories": { "dram": { "latency_ns": 100, "bandwidth_gbps": 64 } },
    "devices": { "dev": { "role": "dma", "clock_ghz": 2.0, "mlp": 1024, "coherence": "none", "downstream": { "to": "bus" } } }
  })");
}

namespace {
json run_one(const ScratchDir& dir, const json& platform_entry, const std::string& trace, const std::string& trace_name) {
  dir.write(trace_name, trace);
  const json scenario = {{"name", "test"}, {"platforms", json::array({platform_entry})}, {"workload", {{"trace", trace_name}}}};
  RunOptions options;
  options.scenario_path = dir.write("scenario.json", scenario.dump(2));
  options.progress = false;
  options.jobs = 1;
  const json results = run_scenario(options);
  return results.at("runs").at(0);
}
}  // namespace

json simulate(const json& platform, const std::string& trace, const std::string& trace_name) {
  ScratchDir dir;
  dir.write("platform.json", platform.dump(2));
  return run_one(dir, json{{"file", "platform.json"}}, trace, trace_name);
}

json simulate_preset(const std::string& preset, const std::string& trace, const json& override_patch) {
  ScratchDir dir;
  return run_one(dir, json{{"preset", preset}, {"override", override_patch}}, trace, "t.trace");
}

json run_scenario_json(const json& scenario, const std::vector<std::pair<std::string, std::string>>& files) {
  ScratchDir dir;
  for (const auto& [name, contents] : files) dir.write(name, contents);
  RunOptions options;
  options.scenario_path = dir.write("scenario.json", scenario.dump(2));
  options.progress = false;
  return run_scenario(options);
}

const json& run_of(const json& results, const std::string& label) {
  for (const auto& run : results.at("runs"))
    if (run.at("label") == label) return run;
  throw std::runtime_error("no run labelled " + label);
}

std::uint64_t stat(const json& run, const std::string& section, const std::string& group, const std::string& name) {
  return run.at(section).at(group).at(name).at("value").get<std::uint64_t>();
}

double stat_ns(const json& run, const std::string& section, const std::string& group, const std::string& name) {
  return run.at(section).at(group).at(name).at("ns").get<double>();
}

CliResult run_cli(const std::string& args, const std::string& cwd) {
  ScratchDir capture;
  const std::string out = capture.path() + "/out", err = capture.path() + "/err";
  const std::string command = "cd '" + cwd + "' && '" COHSIM_BINARY "' " + args + " >'" + out + "' 2>'" + err + "'";
  const int raw = std::system(command.c_str());
  CliResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = read_text_file(out);
  r.err = read_text_file(err);
  return r;
}

std::string source_dir() { return COHSIM_SOURCE_DIR; }

std::string read_text_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

json read_json_file(const std::string& path) { return json::parse(read_text_file(path)); }

}  // namespace cohsim::test
