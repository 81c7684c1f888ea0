#pragma once
// A scenario: what to replay (a trace file), on which platforms (presets by
// name or files, each with optional overrides), with which simulation
// settings. Paths in a scenario are relative to the scenario file.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/exporter/params.h"
#include "sim/config/fields.h"
#include "sim/config/platform_config.h"

namespace cohsim::config {

struct PlatformChoice {
  std::string preset;  // a name in scenarios/platforms/
  std::string file;    // or a platform JSON file
  std::string label;   // how results name this run; defaults to the platform's name
  json override_patch = json::object();

  template <class V>
  void describe(V& v) {
    v("preset", preset, {.doc = "name of a preset in scenarios/platforms/ (cohsim platforms lists them)"});
    v("file", file, {.doc = "a platform JSON file, relative to the scenario (instead of preset)"});
    v("label", label, {.doc = "name of this run in the results (default: the platform's name)"});
    v("override", override_patch, {.doc = "JSON merge patch applied to the platform: any field may be changed"});
  }
  void check(const Checker& c) const;
  // "arm-soc" is short for {"preset": "arm-soc"}.
  bool read_shorthand(const json& j) {
    if (!j.is_string()) return false;
    preset = j.get<std::string>();
    return !preset.empty();
  }
  static constexpr const char* kShorthandExpected = "a preset name or an object with \"preset\" or \"file\"";
  static json shorthand_schema() { return {{"type", "string"}, {"description", "a preset name"}}; }
};

enum class TraceFormat { automatic, cohsim, din, xdin };

struct WorkloadConfig {
  std::string trace;
  TraceFormat format = TraceFormat::automatic;
  std::string generator;
  json params = json::object();

  template <class V>
  void describe(V& v) {
    v("trace", trace, {.doc = "trace file, relative to the scenario (or give a generator)"});
    v("format", format,
      {.doc = "trace format: cohsim (docs/trace-format.md), din or xdin (DineroIV -informat d / D), or auto: by extension .din, .xdin, else cohsim"});
    v("generator", generator, {.doc = "built-in workload generator (docs/workloads.md): swrast-to-display, camera-to-cpu, gpu-to-cpu, compositor"});
    v("params", params, {.doc = "the generator's parameters (docs/workloads.md)"});
  }
  void check(const Checker& c) const;
};

struct SimulationConfig {
  double quantum_ns = 1000;
  bool end_of_run_flush = false;
  bool miss_classes = false;
  bool speculative_fills = false;

  template <class V>
  void describe(V& v) {
    // Fixed: the core and the devices contend for DRAM and the fabric within
    // a quantum, so every other value measured moved figures (docs/models.md).
    v("quantum_ns", quantum_ns,
      {.doc = "temporal-decoupling quantum: how far an agent may run ahead of SystemC time; fixed at 1000, since any other value moves the figures "
              "(the core and the devices contend within a quantum; docs/models.md)",
       .unit = "ns",
       .min = 1000,
       .max = 1000});
    v("end_of_run_flush", end_of_run_flush,
      {.doc = "write every dirty line back at the end of the run, level by level from L1 down, as DineroIV does (counts only: end_flush_writebacks; "
              "its time is not charged), so that bytes to memory compare with DineroIV's without editing the trace"});
    v("miss_classes", miss_classes,
      {.doc = "split every cache's misses into compulsory, capacity and conflict misses (3C), as dineroIV -lN-Tccc does, with a fully associative "
              "LRU shadow of the same size; costs a hash lookup per reference"});
    v("speculative_fills", speculative_fills,
      {.doc = "the stale-read oracle assumes the worst of speculation: just before a device that does not snoop writes a line of a buffer the CPU "
              "maps cacheable, the core filled that line (a prefetch, a speculative load), so only an invalidate after the device's write "
              "makes the CPU's next read fresh, as arm64's dma_sync_*_for_cpu after the DMA does. Catches 'invalidate before the device writes'. "
              "The fills cost no time but evict lines, so other figures move (sharing.speculative_fills counts them)"});
  }
};

// A parameter sweep (`cohsim sweep`, docs/sweeps.md): every combination of
// the grid's values, plus explicit points, each a copy of the scenario with
// those fields set. Fields are named by JSON pointers into the scenario.
struct SweepConfig {
  std::map<std::string, std::vector<json>> grid;
  std::vector<std::map<std::string, json>> points;

  template <class V>
  void describe(V& v) {
    v("grid", grid,
      {.doc = "JSON pointer into this scenario (e.g. /workload/params/width, /platforms/0/override/caches/l2/size, /policies) -> the values it takes; every "
              "combination is a point"});
    v("points", points, {.doc = "explicit points, each an object of JSON pointer -> value, run besides the grid's"});
  }
};

// The `policies` field's documentation, with the registered policies' names.
std::string_view policies_doc();

struct ScenarioConfig {
  std::string name;
  std::string description;
  std::vector<PlatformChoice> platforms;
  std::vector<std::string> policies;
  bool ideal = true;
  WorkloadConfig workload;
  ExporterConfig exporter;
  SimulationConfig simulation;
  std::optional<SweepConfig> sweep;

  template <class V>
  void describe(V& v) {
    v("name", name, {.doc = "scenario name", .min = 1, .required = true});
    v("description", description, {.doc = "what the scenario shows"});
    v("platforms", platforms, {.doc = "platforms to run the workload on, each in its own simulation", .min = 1, .required = true});
    v("policies", policies, {.doc = policies_doc()});
    v("ideal", ideal,
      {.doc = "with policies: also run each platform ideally coherent (every device snoops and reaches every buffer: no maintenance, no bounce copies) as the "
              "reference for overheads"});
    v("workload", workload, {.doc = "what to replay", .required = true});
    v("exporter", exporter, {.doc = "the dma-buf exporter of the shared buffers and its settings"});
    v("simulation", simulation, {.doc = "simulator settings"});
    v("sweep", sweep, {.doc = "a parameter sweep, run by `cohsim sweep` (docs/sweeps.md); `cohsim run` refuses a scenario that has one"});
  }
  void check(const Checker& c) const;
};

// The format a trace file's extension implies: .din, .xdin, else cohsim.
TraceFormat trace_format_for(const std::string& path);

}  // namespace cohsim::config

namespace cohsim::config {
template <>
struct EnumNames<ExporterKind> {
  static constexpr const auto& values = kExporterKindNames;
};

template <>
struct EnumNames<TiledCpuAccess> {
  static constexpr std::array<std::pair<TiledCpuAccess, std::string_view>, 3> values{
      {{TiledCpuAccess::automatic, "auto"}, {TiledCpuAccess::staging, "staging"}, {TiledCpuAccess::aperture, "aperture"}}};
};
template <>
struct EnumNames<TraceFormat> {
  static constexpr std::array<std::pair<TraceFormat, std::string_view>, 4> values{
      {{TraceFormat::automatic, "auto"}, {TraceFormat::cohsim, "cohsim"}, {TraceFormat::din, "din"}, {TraceFormat::xdin, "xdin"}}};
};
}  // namespace cohsim::config
