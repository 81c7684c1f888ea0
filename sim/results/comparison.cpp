#include "sim/results/comparison.h"

#include <array>
#include <cstdio>
#include <map>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "sim/results/breakdown.h"

namespace cohsim {

using nlohmann::json;

namespace {

// A statistic the figures below are made of. Every run with policies has it;
// a missing one is a bug (a model renamed or dropped it), never a 0.
const json& statistic(const json& run, const std::string& pointer) {
  const json::json_pointer p(pointer);
  if (!run.contains(p))
    throw std::logic_error("results of " + run.value("label", std::string("?")) + " have no " + pointer + ", which the coherency figures are made of");
  return run.at(p);
}
std::uint64_t value_at(const json& run, const std::string& pointer) { return statistic(run, pointer).get<std::uint64_t>(); }
double ns_at(const json& run, const std::string& pointer) { return statistic(run, pointer).get<double>(); }

// A statistic of a part only some platforms have (a virtual platform's
// hypervisor, its host copy engine): 0 where the part is absent, by
// definition (no hypervisor, no exits); required where it is present.
double ns_of_part(const json& run, const std::string& part, const std::string& rest) {
  return run.contains(json::json_pointer(part)) ? ns_at(run, part + rest) : 0.0;
}
std::uint64_t value_of_part(const json& run, const std::string& part, const std::string& rest) {
  return run.contains(json::json_pointer(part)) ? value_at(run, part + rest) : 0;
}

// Misses of the core's first-level cache: the one the core's downstream link
// names in the run's resolved platform (0 when the core has no cache).
std::uint64_t l1_misses(const json& results, const json& run) {
  for (const auto& p : results.at("scenario").at("platforms")) {
    if (p.at("label") != run.at("platform")) continue;
    const std::string l1 = p.at("config").at("cpus").at(run.at("cpu").get<std::string>()).at("downstream").at("to").get<std::string>();
    if (!run.at("caches").contains(l1)) return 0;
    const json& c = run.at("caches").at(l1);
    return c.at("read_misses").at("value").get<std::uint64_t>() + c.at("write_misses").at("value").get<std::uint64_t>();
  }
  return 0;
}

std::uint64_t stale_lines(const json& run) {
  std::uint64_t n = 0;
  for (const auto& [name, a] : run.at("agents").items()) n += a.contains("stale_reads") ? a.at("stale_reads").at("value").get<std::uint64_t>() : 0;
  return n;
}

json cycles(double ns, double ghz) { return {{"value", ns * ghz}, {"unit", "cycles"}, {"ns", ns}}; }

// Busy time of every device that moves data for the trace (not the core, not
// the virtual platform's host copy engine, which is counted on its own).
std::map<std::string, double> device_busy_ns(const json& run) {
  std::map<std::string, double> out;
  const std::string cpu = run.at("cpu").get<std::string>();
  for (const auto& [name, a] : run.at("agents").items())
    if (name != cpu && name != "host_copy" && a.contains("busy")) out[name] = a.at("busy").at("ns").get<double>();
  return out;
}

// The frame budget: one frame period at the workload's frame rate, 60
// frames/s where it has none (a trace file, or frames back to back).
double frame_budget_ns(const json& results) {
  const json& params = results.at("scenario").at("config").at("workload").value("params", json::object());
  const double fps = params.is_object() && params.contains("fps") && params.at("fps").is_number() ? params.at("fps").get<double>() : 0.0;
  return 1e9 / (fps > 0 ? fps : 60.0);
}

// The core time of one part of the breakdown (breakdown.h), from the
// statistics that make it.
double breakdown_ns(const json& run, const std::string& cpu, const BreakdownPart& part) {
  if (part.key == "maintenance") return ns_at(run, cpu + "/maintenance_issue/ns");
  if (part.key == "barriers") return ns_at(run, cpu + "/barrier/ns");
  if (part.key == "wc_uc_stalls") return ns_at(run, cpu + "/uncached_stall/ns");
  if (part.key == "copies") return ns_at(run, "/exporters/dmabuf/copy_time/ns");
  if (part.key == "faults_traps") {
    double ns = 0;
    for (const char* time : {"/exit_time/ns", "/fault_time/ns", "/scan_time/ns", "/command_time/ns", "/readback_wait/ns"})
      ns += ns_of_part(run, "/hypervisor/guest", time);
    return ns;
  }
  throw std::logic_error("no statistics make the breakdown part \"" + std::string(part.key) + "\" (sim/results/comparison.cpp)");
}

}  // namespace

std::string format_fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

std::string format_factor(double factor) {
  char buf[64];
  std::snprintf(buf, sizeof buf, factor < 10 ? "%.2fx" : factor < 100 ? "%.1fx" : "%.0fx", factor);
  return buf;
}

std::string format_share(double share) {
  const double percent = 100.0 * share;
  char buf[64];
  std::snprintf(buf, sizeof buf, percent < 0.1 ? "%.3f%%" : percent < 1 ? "%.2f%%" : percent < 10 ? "%.1f%%" : "%.0f%%", percent);
  return buf;
}

namespace {

// A run's own figures: per frame, of the CPU, the memories, the exporter.
json run_figures(const json& run) {
  const std::string cpu = "/agents/" + run.at("cpu").get<std::string>();
  const double ghz = run.at(json::json_pointer(cpu + "/elapsed/clock_ghz")).get<double>();
  const std::uint64_t frames = std::max<std::uint64_t>(1, value_at(run, "/sharing/frames/value"));
  const double busy_ns = ns_at(run, cpu + "/elapsed/ns") - ns_at(run, cpu + "/idle/ns");
  const auto per_frame = [&](double ns) { return cycles(ns / static_cast<double>(frames), ghz); };
  std::uint64_t read = 0, written = 0;
  for (const auto& [n, m] : run.at("memories").items()) {
    read += m.at("bytes_read").at("value").get<std::uint64_t>();
    written += m.at("bytes_written").at("value").get<std::uint64_t>();
  }
  const double dirtied = static_cast<double>(value_at(run, "/sharing/dirtied_bytes/value"));
  const double maintained = static_cast<double>(value_at(run, "/exporters/dmabuf/maintained_bytes/value"));
  const double copied =
      static_cast<double>(value_at(run, "/exporters/dmabuf/copied_bytes/value") + value_of_part(run, "/hypervisor/guest", "/bytes_to_host/value"));
  json f;
  f["frames"] = {{"value", frames}, {"unit", "frames"}};
  f["core_busy_per_frame"] = per_frame(busy_ns);
  f["time_per_frame"] = {{"value", run.at("simulated_time").at("value").get<double>() / static_cast<double>(frames)}, {"unit", "ns"}};
  f["breakdown_per_frame"] = json::object();
  for (const BreakdownPart& part : kBreakdownParts) f["breakdown_per_frame"][std::string(part.key)] = per_frame(breakdown_ns(run, cpu, part));
  // The host's side of a virtual platform: its copy engine's busy time.
  if (run.at("agents").contains("host_copy")) f["host_copy_busy_per_frame"] = per_frame(ns_at(run, "/agents/host_copy/busy/ns"));
  f["dram_bytes_read_per_frame"] = {{"value", static_cast<double>(read) / static_cast<double>(frames)}, {"unit", "bytes"}};
  f["dram_bytes_written_per_frame"] = {{"value", static_cast<double>(written) / static_cast<double>(frames)}, {"unit", "bytes"}};
  f["bytes_maintained_or_copied"] = {{"value", maintained + copied}, {"unit", "bytes"}};
  f["amplification"] = {{"value", dirtied > 0 ? (maintained + copied) / dirtied : 0.0},
                        {"unit", "ratio"},
                        {"note", "bytes maintained or copied / bytes the CPU dirtied (rounded to lines)"}};
  f["stale_reads"] = {{"value", stale_lines(run)}, {"unit", "lines"}};
  return f;
}

// The cost of a run (kCostDefinition), given its platform's ideal run (if any).
std::array<double, 3> cost_parts(const json& run, const json* base) {
  const double frames = static_cast<double>(std::max<std::uint64_t>(1, value_at(run, "/sharing/frames/value")));
  const std::string cpu = "/agents/" + run.at("cpu").get<std::string>();
  const double core = (ns_at(run, cpu + "/elapsed/ns") - ns_at(run, cpu + "/idle/ns")) / frames;
  const double host = ns_of_part(run, "/agents/host_copy", "/busy/ns") / frames;
  double devices = 0;
  if (base != nullptr && base != &run) {
    const auto ideal_busy = device_busy_ns(*base);
    for (const auto& [name, busy] : device_busy_ns(run)) {
      auto it = ideal_busy.find(name);
      devices += std::max(0.0, busy - (it == ideal_busy.end() ? 0.0 : it->second)) / frames;
    }
  }
  return std::array<double, 3>{core, host, devices};
}

// A run's cost, and against the frame budget and its platform's ideal run.
void add_cost_figures(json& f, const json& run, const json* base, const json& results, double budget_ns) {
  const auto [core, host, devices] = cost_parts(run, base);
  const double cost = core + host + devices;
  f["cost_per_frame"] = {{"value", cost}, {"unit", "ns"}, {"note", kCostDefinition}};
  f["cost_parts_per_frame"] = {{"core", {{"value", core}, {"unit", "ns"}}},
                               {"host_copy_engine", {{"value", host}, {"unit", "ns"}}},
                               {"device_dma_beyond_ideal", {{"value", devices}, {"unit", "ns"}}}};
  f["frame_budget_share"] = {
      {"value", cost / budget_ns},
      {"unit", "ratio"},
      {"note", "cost per frame / the frame budget of " + format_fixed(budget_ns / 1e6, 1) + " ms (one frame at the workload's fps, 60 if it has none)"}};
  if (base != nullptr) {
    const auto ideal_parts = cost_parts(*base, base);
    const double ideal_cost = ideal_parts[0] + ideal_parts[1] + ideal_parts[2];
    f["cost_vs_ideal"] = {{"value", ideal_cost > 0 ? cost / ideal_cost : 1.0},
                          {"unit", "factor"},
                          {"note", "cost per frame / the same trace's on the same platform with every device coherent (the ideal run)"}};
    const json& base_run = *base;
    const double frames = f.at("frames").at("value").get<double>();
    f["breakdown_per_frame"]["extra_misses"] = {
        {"value", (static_cast<double>(l1_misses(results, run)) - static_cast<double>(l1_misses(results, base_run))) / frames},
        {"unit", "lines"},
        {"note", "first-level cache misses beyond the ideal run's"}};
  }
}

}  // namespace

void add_coherency_figures(json& results) {
  auto& runs = results.at("runs");
  std::map<std::string, const json*> ideal;  // by platform
  for (const auto& run : runs)
    if (run.at("policy") == "ideal" && !run.contains("refused")) ideal[run.at("platform").get<std::string>()] = &run;
  // First compute each run's figures, then those relative to the ideal run.
  std::vector<json> figures;
  for (const auto& run : runs) figures.push_back(run.contains("refused") ? json() : run_figures(run));
  const double budget_ns = frame_budget_ns(results);
  for (size_t i = 0; i < runs.size(); ++i) {
    json& run = runs[i];
    if (run.contains("refused")) continue;
    auto it = ideal.find(run.at("platform").get<std::string>());
    add_cost_figures(figures[i], run, it == ideal.end() ? nullptr : it->second, results, budget_ns);
    run["coherency"] = figures[i];
  }
}

}  // namespace cohsim
