#include "sim/results/results_reference.h"

#include <algorithm>
#include <sstream>
#include <type_traits>

#include "models/cache/stats.h"
#include "models/cpu/stats.h"
#include "models/device/stats.h"
#include "models/dram/stats.h"
#include "models/exporter/stats.h"
#include "models/fabric/stats.h"
#include "models/virt/stats.h"
#include "sim/results/breakdown.h"
#include "sim/results/comparison.h"
#include "sim/results/results.h"

namespace cohsim {

using nlohmann::json;

namespace {

// The statistics a stats struct registers, read off a scratch group.
template <class Stats>
std::vector<StatisticDoc> statistics_of() {
  StatGroup scratch("scratch");
  const ClockDomain clock{"clock", Clock::from_ghz(1.0)};
  if constexpr (std::is_constructible_v<Stats, StatGroup&, const ClockDomain&>) {
    const Stats stats(scratch, clock);
  } else {
    const Stats stats(scratch);
  }
  std::vector<StatisticDoc> out;
  for (const StatEntry& e : scratch.entries()) out.push_back({e.name, e.unit, e.clock != nullptr, e.doc});
  return out;
}

json statistic_schema(const StatisticDoc& s) {
  json value_schema = {{"description", s.meaning}, {"type", "object"}, {"additionalProperties", false}};
  if (!s.is_time) {
    value_schema["properties"] = {{"value", {{"type", "integer"}, {"minimum", 0}}}, {"unit", {{"const", s.unit}}}};
    value_schema["required"] = {"value", "unit"};
  } else {
    value_schema["properties"] = {{"value", {{"type", "number"}, {"minimum", 0}, {"description", "cycles of the clock named"}}},
                                  {"unit", {{"const", "cycles"}}},
                                  {"clock", {{"type", "string"}, {"description", "the clock domain the cycles count"}}},
                                  {"clock_ghz", {{"type", "number"}}},
                                  {"ns", {{"type", "number"}, {"minimum", 0}}}};
    value_schema["required"] = {"value", "unit", "clock", "clock_ghz", "ns"};
  }
  return value_schema;
}

// One model's group: its statistics are required, its optional parts allowed.
json group_schema(const StatGroupDoc& g) {
  json properties = json::object(), required = json::array();
  for (const auto& s : g.always) {
    properties[s.name] = statistic_schema(s);
    required.push_back(s.name);
  }
  for (const auto& part : g.optional)
    for (const auto& s : part.stats) properties[s.name] = statistic_schema(s);
  return {{"title", g.model}, {"type", "object"}, {"additionalProperties", false}, {"properties", properties}, {"required", required}};
}

json quantity(const std::string& unit, const std::string& meaning, bool integer = false) {
  return {{"description", meaning},
          {"type", "object"},
          {"additionalProperties", false},
          {"properties", {{"value", {{"type", integer ? "integer" : "number"}}}, {"unit", {{"const", unit}}}, {"note", {{"type", "string"}}}}},
          {"required", {"value", "unit"}}};
}

json figure_schema(const FigureDoc& f) {
  if (f.shape == "parts") {
    json properties = json::object(), required = json::array();
    for (const auto& part : f.parts) {
      properties[part.key] = figure_schema(part);
      if (part.when.empty()) required.push_back(part.key);
    }
    return {{"description", f.meaning}, {"type", "object"}, {"additionalProperties", false}, {"properties", properties}, {"required", required}};
  }
  if (f.shape == "cycles") {
    return {{"description", f.meaning},
            {"type", "object"},
            {"additionalProperties", false},
            {"properties", {{"value", {{"type", "number"}}}, {"unit", {{"const", "cycles"}}}, {"ns", {{"type", "number"}}}}},
            {"required", {"value", "unit", "ns"}}};
  }
  return quantity(f.unit, f.meaning, f.shape == "count");
}

json sharing_schema() {
  const json buffer = {{"type", "object"},
                       {"additionalProperties", false},
                       {"properties",
                        {{"name", {{"type", "string"}}},
                         {"width", {{"type", "integer"}}},
                         {"height", {{"type", "integer"}}},
                         {"bytes_per_pixel", {{"type", "integer"}}},
                         {"modifier", {{"type", "string"}, {"description", "the buffer's layout (DRM format modifier)"}}},
                         {"stride", {{"type", "integer"}, {"description", "bytes per row"}}},
                         {"size", quantity("bytes", "the buffer's bytes, padding included", true)},
                         {"importers", {{"type", "integer"}, {"description", "devices that imported the buffer"}}},
                         {"noncoherent_importers", {{"type", "integer"}, {"description", "importers that do not snoop the CPU's caches"}}}}},
                       {"required", {"name", "width", "height", "bytes_per_pixel", "modifier", "stride", "size", "importers", "noncoherent_importers"}}};
  const json record = {{"type", "object"},
                       {"additionalProperties", false},
                       {"properties",
                        {{"buffer", {{"type", "string"}}},
                         {"frame", {{"type", "integer"}}},
                         {"agent", {{"type", "string"}}},
                         {"lines", {{"type", "integer"}}},
                         {"rect", {{"type", "array"}, {"items", {{"type", "integer"}}}, {"minItems", 4}, {"maxItems", 4}}}}},
                       {"required", {"buffer", "frame", "agent", "lines", "rect"}}};
  const json stale = {
      {"description", "the stale-read oracle's findings: reads that returned an older version of a line than the newest write"},
      {"type", "object"},
      {"additionalProperties", false},
      {"properties",
       {{"lines", quantity("lines", "stale line reads, by every agent", true)},
        {"lines_outside_buffers", quantity("lines", "stale line reads outside every shared buffer", true)},
        {"records", {{"type", "array"}, {"items", record}, {"description", "per buffer, frame and reading agent: the lines and their pixel bounding box"}}},
        {"records_truncated", {{"type", "boolean"}, {"description", "whether records stopped at their limit"}}},
        {"record_key", {{"type", "string"}}}}},
      {"required", {"lines", "lines_outside_buffers", "records", "records_truncated", "record_key"}}};
  return {{"description", "what the buffer-sharing session saw: frames, damage, the CPU's dirtied bytes, the buffers, stale reads"},
          {"type", "object"},
          {"additionalProperties", false},
          {"properties",
           {{"policy", {{"type", "string"}}},
            {"frames", quantity("frames", "frames the trace completed", true)},
            {"dirtied_bytes", quantity("bytes", "lines the CPU wrote in shared buffers, times the line size", true)},
            {"damage_rects", quantity("rectangles", "damage rectangles the trace reported", true)},
            {"damaged_pixels", quantity("pixels", "pixels inside those rectangles", true)},
            {"buffers", {{"type", "array"}, {"items", buffer}}},
            {"stale", stale},
            {"speculative_fills", quantity("lines", "lines the speculative-fill mode put in the CPU's caches just before a device wrote them", true)}}},
          {"required", {"policy", "frames", "dirtied_bytes", "damage_rects", "damaged_pixels", "buffers", "stale"}}};
}

// A section of groups (e.g. "caches"): every group is one of the models that write there.
json section_schema(const std::string& section, const std::vector<StatGroupDoc>& docs) {
  json kinds = json::array();
  for (const auto& g : docs)
    if (g.section == section) kinds.push_back(group_schema(g));
  json groups = kinds.size() == 1 ? kinds.at(0) : json{{"oneOf", kinds}};
  return {{"type", "object"}, {"additionalProperties", groups}};
}

json run_schema(const std::vector<StatGroupDoc>& docs) {
  json properties = {
      {"label", {{"type", "string"}, {"description", "platform/policy, as tables name the run"}}},
      {"platform", {{"type", "string"}}},
      {"policy", {{"type", "string"}, {"description", "the coherency policy, or \"ideal\" for the every-device-coherent reference run"}}},
      {"refused", {{"type", "string"}, {"description", "why the run was not simulated (the platform cannot carry out the policy)"}}},
      {"cpu", {{"type", "string"}, {"description", "the core that replayed the trace (its group in agents)"}}},
      {"simulated_time", quantity("ns", "simulated time at the end of the run")},
      {"trace_operations", quantity("operations", "trace operations replayed", true)},
      {"line_operations", quantity("lines", "line operations of every agent (the simulation-speed unit)", true)},
      {"sharing", sharing_schema()},
      {"trace_lines_skipped", {{"type", "object"}, {"additionalProperties", quantity("trace lines", "trace lines skipped, by reason", true)}}},
      {"trace_warnings",
       {{"type", "object"},
        {"description", "trace warnings that occurred (docs/trace-format.md), by name"},
        {"additionalProperties",
         {{"type", "object"},
          {"additionalProperties", false},
          {"properties",
           {{"value", {{"type", "integer"}}}, {"unit", {{"const", "operations"}}}, {"first_at", {{"type", "string"}}}, {"note", {{"type", "string"}}}}},
          {"required", {"value", "unit", "first_at", "note"}}}}}}};
  std::vector<std::string> sections;
  for (const auto& g : docs)
    if (std::find(sections.begin(), sections.end(), g.section) == sections.end()) sections.push_back(g.section);
  for (const auto& s : sections) properties[s] = section_schema(s, docs);
  json coherency_properties = json::object(), coherency_required = json::array();
  for (const auto& f : coherency_figures()) {
    coherency_properties[f.key] = figure_schema(f);
    if (f.when.empty()) coherency_required.push_back(f.key);
  }
  properties["coherency"] = {{"description", "the derived figures of a scenario with policies (docs/results-reference.md)"},
                             {"type", "object"},
                             {"additionalProperties", false},
                             {"properties", coherency_properties},
                             {"required", coherency_required}};
  const json simulated = {
      {"required", {"label", "platform", "policy", "cpu", "simulated_time", "trace_operations", "line_operations", "agents", "memories", "sharing"}}};
  const json refused = {{"required", {"label", "platform", "policy", "refused"}}, {"maxProperties", 4}};
  return {{"type", "object"}, {"additionalProperties", false}, {"properties", properties}, {"oneOf", {refused, simulated}}};
}

}  // namespace

std::vector<StatGroupDoc> model_statistics() {
  return {
      {"agents", "CPU core", "the scenario's core (its `cpu`)", statistics_of<CpuStats>(), {}},
      {"agents",
       "DMA agent",
       "each device (GPU, display, camera) and a virtual platform's host copy engine (`host_copy`)",
       statistics_of<DmaStats>(),
       {{"behind an IOMMU (devices.NAME.iommu)", statistics_of<IommuStats>()}}},
      {"caches",
       "cache",
       "each CPU cache",
       statistics_of<CacheStats>(),
       {{"with a prefetcher (caches.NAME.prefetch)", statistics_of<PrefetchStats>()}, {"with simulation.miss_classes", statistics_of<MissClassStats>()}}},
      {"device_caches",
       "device cache",
       "each device's private cache (devices.NAME.cache)",
       statistics_of<CacheStats>(),
       {{"with simulation.miss_classes", statistics_of<MissClassStats>()}}},
      {"fabrics", "fabric", "each fabric", statistics_of<FabricStats>(), {}},
      {"memories", "memory", "each memory", statistics_of<MemoryStats>(), {}},
      {"exporters", "dma-buf exporter", "the exporter (`dmabuf`), whichever kernel exporters the buffers come from", statistics_of<ExporterStats>(), {}},
      {"exporters",
       "swiotlb",
       "the bounce buffers (`swiotlb`), present when some device's DMA mask is narrower than 64 bits (devices.NAME.dma_address_bits)",
       statistics_of<SwiotlbStats>(),
       {}},
      {"hypervisor", "virtual GPU transport", "the guest (`guest`) on a virtual platform", statistics_of<HypervisorStats>(), {}},
  };
}

const std::vector<FigureDoc>& coherency_figures() {
  static const std::vector<FigureDoc> figures = [] {
    FigureDoc breakdown{"breakdown_per_frame", "", "parts", "the core time each coherency mechanism took, per frame", "", {}};
    for (const BreakdownPart& part : kBreakdownParts) breakdown.parts.push_back({std::string(part.key), "cycles", "cycles", std::string(part.meaning), "", {}});
    breakdown.parts.push_back({"extra_misses", "lines", "number", "first-level cache misses beyond the ideal run's", "with an ideal run", {}});
    const std::string with_ideal = "with an ideal run on the platform";
    return std::vector<FigureDoc>{
        {"frames", "frames", "count", "frames the trace completed (at least 1)", "", {}},
        {"core_busy_per_frame", "cycles", "cycles", "the core's busy time (elapsed minus idle), per frame", "", {}},
        {"time_per_frame", "ns", "number", "simulated time per frame", "", {}},
        breakdown,
        {"host_copy_busy_per_frame", "cycles", "cycles", "a virtual platform's host copy engine busy time, per frame", "on a virtual platform", {}},
        {"dram_bytes_read_per_frame", "bytes", "number", "bytes every memory read, per frame", "", {}},
        {"dram_bytes_written_per_frame", "bytes", "number", "bytes every memory wrote, per frame", "", {}},
        {"bytes_maintained_or_copied",
         "bytes",
         "number",
         "bytes covered by cache maintenance, copied to shadows or staging, or sent to a virtual GPU's host",
         "",
         {}},
        {"amplification", "ratio", "number", "bytes maintained or copied / bytes the CPU dirtied (rounded to lines)", "", {}},
        {"stale_reads", "lines", "count", "stale line reads by every agent", "", {}},
        {"cost_per_frame", "ns", "number", kCostDefinition, "", {}},
        {"cost_parts_per_frame",
         "",
         "parts",
         "the three parts of cost_per_frame; they sum to it",
         "",
         {{"core", "ns", "number", "the core's busy time", "", {}},
          {"host_copy_engine", "ns", "number", "the host copy engine's busy time (0 on a native platform)", "", {}},
          {"device_dma_beyond_ideal", "ns", "number", "device busy time beyond the ideal run's (0 without an ideal run)", "", {}}}},
        {"frame_budget_share", "ratio", "number", "cost per frame / one frame period at the workload's fps (60 if it has none)", "", {}},
        {"cost_vs_ideal", "factor", "number", "cost per frame / the ideal run's", with_ideal, {}},
    };
  }();
  return figures;
}

json results_schema() {
  const auto docs = model_statistics();
  json top = {{"$schema", "https://json-schema.org/draft/2020-12/schema"},
              {"$id", "cohsim-results.schema.json"},
              {"title", "cohsim results"},
              {"description", "A results file as `cohsim run -o` writes it (docs/results-reference.md). Generated by `cohsim schema results`."},
              {"type", "object"},
              {"additionalProperties", false},
              {"properties",
               {{"schema_version", {{"const", kResultsSchemaVersion}}},
                {"cohsim_version", {{"type", "string"}}},
                {"scenario",
                 {{"type", "object"},
                  {"additionalProperties", false},
                  {"properties",
                   {{"file", {{"type", "string"}}},
                    {"config", {{"type", "object"}, {"description", "the resolved scenario (scenario.schema.json)"}}},
                    {"platforms",
                     {{"type", "array"},
                      {"items",
                       {{"type", "object"},
                        {"additionalProperties", false},
                        {"properties",
                         {{"label", {{"type", "string"}}},
                          {"source", {{"type", "string"}}},
                          {"config", {{"type", "object"}, {"description", "the resolved platform (platform.schema.json)"}}}}},
                        {"required", {"label", "source", "config"}}}}}},
                    {"trace",
                     {{"type", "object"},
                      {"additionalProperties", false},
                      {"properties", {{"path", {{"type", "string"}}}, {"format", {{"type", "string"}}}}},
                      {"required", {"path", "format"}}}}}},
                  {"required", {"file", "config", "platforms", "trace"}}}},
                {"runs", {{"type", "array"}, {"items", run_schema(docs)}}},
                {"host",
                 {{"type", "object"},
                  {"description",
                   "wall-clock figures of the machine that ran it, and the provenance: the cohsim build (version, git commit, dirty flag), a SHA-256 of every "
                   "input file read, the machine and the date; never compared"}}}}},
              {"required", {"schema_version", "cohsim_version", "scenario", "runs", "host"}}};
  return top;
}

namespace {

std::string cell(std::string s) {
  for (std::size_t i = 0; (i = s.find('|', i)) != std::string::npos; i += 2) s.replace(i, 1, "\\|");
  return s;
}

void statistic_rows(std::ostringstream& md, const std::vector<StatisticDoc>& stats) {
  md << "| statistic | unit | meaning |\n|---|---|---|\n";
  for (const auto& s : stats) md << "| `" << s.name << "` | " << (s.is_time ? "cycles (and ns)" : s.unit) << " | " << cell(s.meaning) << " |\n";
}

void figure_rows(std::ostringstream& md, const std::vector<FigureDoc>& figures, const std::string& prefix) {
  for (const auto& f : figures) {
    md << "| `" << prefix << f.key << "` | "
       << (f.shape == "parts"    ? "-"
           : f.shape == "cycles" ? "cycles (and ns)"
                                 : f.unit)
       << " | " << cell(f.meaning) << (f.when.empty() ? "" : " (only " + f.when + ")") << " |\n";
    if (f.shape == "parts") figure_rows(md, f.parts, prefix + f.key + ".");
  }
}

}  // namespace

std::string results_reference_markdown() {
  std::ostringstream md;
  md << "# Results reference\n\n"
     << "Generated by `cohsim schema results-reference` from the models' statistics\n"
     << "(models/*/stats.h) and the derived figures (sim/results/results_reference.cpp);\n"
     << "a test fails when this page or scenarios/schema/results.schema.json drifts\n"
     << "from them, and every baseline under results/baselines/ must validate against\n"
     << "that schema. Do not edit by hand.\n\n"
     << "## The file\n\n"
     << "| key | meaning |\n|---|---|\n"
     << "| `schema_version` | " << kResultsSchemaVersion << "; `cohsim report` and `check` refuse any other |\n"
     << "| `cohsim_version` | the version that wrote it |\n"
     << "| `scenario` | the resolved scenario (`config`), every platform resolved (`platforms[]`: `label`, `source`, `config`), the trace read (`trace`: "
        "`path`, `format`) |\n"
     << "| `runs[]` | one per platform and policy (and each platform's ideal run), in the scenario's order |\n"
     << "| `host` | wall-clock figures and `provenance` (the cohsim build: version, git commit, `dirty`; `inputs`: role, name, path and SHA-256 of the "
        "scenario, each platform file and the preset it builds on, and the trace; `machine`; `date`, UTC): never compared by `cohsim check`, which says when "
        "the inputs differ; a baseline keeps only the inputs' digests |\n\n"
     << "## A run\n\n"
     << "A run the platform cannot carry out has only `label`, `platform`, `policy` and\n"
     << "`refused` (the reason). A simulated run has:\n\n"
     << "| key | meaning |\n|---|---|\n"
     << "| `label`, `platform`, `policy`, `cpu` | platform/policy; the policy is `ideal` for the every-device-coherent reference run; `cpu` names the core's "
        "group in `agents` |\n"
     << "| `simulated_time` | ns at the end of the run |\n"
     << "| `trace_operations`, `line_operations` | operations replayed; line operations of every agent |\n"
     << "| `sharing` | frames, damage, bytes the CPU dirtied, the buffers, the stale-read oracle's records |\n"
     << "| `trace_warnings`, `trace_lines_skipped` | only when there are any (docs/trace-format.md) |\n"
     << "| `coherency` | the derived figures below, in a scenario with policies |\n"
     << "| statistic sections | below: one group per model instance, named as the platform names it |\n\n"
     << "Every statistic is an object: a count is `{value, unit}`; a time is\n"
     << "`{value, unit: \"cycles\", clock, clock_ghz, ns}`, cycles of the named clock\n"
     << "domain and the same time in ns.\n\n"
     << "## Statistics\n";
  for (const auto& g : model_statistics()) {
    md << "\n### `" << g.section << "`: " << g.model << "\n\n"
       << "In " << g.groups << ".\n\n";
    statistic_rows(md, g.always);
    for (const auto& part : g.optional) {
      md << "\nAnd, " << part.when << ":\n\n";
      statistic_rows(md, part.stats);
    }
  }
  md << "\n## Derived figures (`coherency`)\n\n"
     << "Computed from the statistics above after every run of a scenario with\n"
     << "policies (sim/results/comparison.cpp); the ideal run is the same trace on\n"
     << "the same platform with every device coherent.\n\n"
     << "| figure | unit | meaning |\n|---|---|---|\n";
  figure_rows(md, coherency_figures(), "");
  return md.str();
}

}  // namespace cohsim
