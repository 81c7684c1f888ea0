#include "sim/report/findings.h"

#include <algorithm>
#include <cstdio>

#include "sim/util/input_error.h"

namespace cohsim::report {
namespace {

std::string printf_string(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::vector<const RunFigures*> runs_on(const ReportSource& source, const std::string& platform) {
  std::vector<const RunFigures*> out;
  for (const auto& r : source.runs)
    if (r.platform == platform && r.simulated() && !r.is_ideal()) out.push_back(&r);
  return out;
}

std::string us_per_frame(double us) { return format_us(us) + " us/frame"; }

}  // namespace

std::string format_us(double us) { return printf_string("%.1f", us); }

std::vector<const RunFigures*> clean_syncs_by_cost(const ReportSource& source, const std::string& platform) {
  std::vector<const RunFigures*> clean;
  for (const RunFigures* r : runs_on(source, platform))
    if (r->stale_lines == 0 && r->policy != "none") clean.push_back(r);
  std::stable_sort(clean.begin(), clean.end(), [](const RunFigures* a, const RunFigures* b) { return a->cost_us_per_frame < b->cost_us_per_frame; });
  return clean;
}

namespace {

// Cheapest and dearest among the sync policies that leave no stale data, by
// cost (kCostDefinition: the host's copy engine counts as much as the core).
void add_cheapest(std::vector<std::string>& out, const ReportSource& source, const std::string& platform, const std::vector<const RunFigures*>& runs) {
  const std::vector<const RunFigures*> clean = clean_syncs_by_cost(source, platform);
  const RunFigures* cheapest = clean.empty() ? nullptr : clean.front();
  const RunFigures* dearest = clean.empty() ? nullptr : clean.back();
  if (cheapest != nullptr && dearest != cheapest && cheapest->cost_us_per_frame > 0) {
    out.push_back("On " + platform + ", " + cheapest->policy + " is the cheapest policy that reads no stale data: it costs " +
                  us_per_frame(cheapest->cost_us_per_frame) + " (" + format_share(cheapest->frame_budget_share) + " of the frame budget), " +
                  format_factor(dearest->cost_us_per_frame / cheapest->cost_us_per_frame) + " less than " + dearest->policy + " (" +
                  format_us(dearest->cost_us_per_frame) + ", " + format_share(dearest->frame_budget_share) + ").");
  } else if (cheapest == nullptr && !runs.empty()) {
    out.push_back("On " + platform + ", every sync policy simulated reads stale data.");
  }
}

// A sync that knows the dirty region against the upstream whole-buffer one.
void add_dirty_region_syncs(std::vector<std::string>& out, const ReportSource& source, const std::string& platform) {
  const RunFigures* full = find_run(source, platform, "sync-full");
  for (const char* region : {"sync-rects", "sync-range"}) {
    const RunFigures* r = find_run(source, platform, region);
    if (full == nullptr || r == nullptr || !full->simulated() || !r->simulated() || r->cost_us_per_frame <= 0) continue;
    const double saved = full->cost_us_per_frame - r->cost_us_per_frame;
    std::string host;
    if (full->host_copy_us && r->host_copy_us)
      host = "; of that, the host copy engine goes from " + format_us(*full->host_copy_us) + " to " + format_us(*r->host_copy_us) + " us/frame";
    if (format_us(full->cost_us_per_frame) == format_us(r->cost_us_per_frame)) {
      out.push_back("On " + platform + ", a dirty-region sync (" + region + ") costs what sync-full does (" + us_per_frame(r->cost_us_per_frame) + ")" + host +
                    ".");
      continue;
    }
    out.push_back("On " + platform + ", a dirty-region sync (" + region + ") " + (saved >= 0 ? "saves " : "costs ") + format_us(std::abs(saved)) +
                  " us/frame over sync-full (" + format_us(full->cost_us_per_frame) + " -> " + format_us(r->cost_us_per_frame) + ", " +
                  format_factor(full->cost_us_per_frame / r->cost_us_per_frame) + ")" + host + ".");
  }
}

// What leaving the sync out shows.
void add_no_sync(std::vector<std::string>& out, const ReportSource& source, const std::string& platform) {
  if (const RunFigures* none = find_run(source, platform, "none"); none != nullptr && none->simulated()) {
    if (none->stale_lines > 0) {
      out.push_back("On " + platform + ", without a sync (none) the readers see " + std::to_string(none->stale_lines) + " stale lines (" +
                    printf_string("%.1f", static_cast<double>(none->stale_lines) / static_cast<double>(std::max<std::uint64_t>(1, none->frames))) +
                    " per frame).");
    } else {
      out.push_back("On " + platform + ", leaving the sync out (none) read no stale lines in this run.");
    }
  }
}

// The host's side of a virtual platform: its busiest policy.
void add_busiest_host(std::vector<std::string>& out, const std::string& platform, const std::vector<const RunFigures*>& runs) {
  const RunFigures* busiest_host = nullptr;
  for (const RunFigures* r : runs)
    if (r->host_copy_us && (busiest_host == nullptr || *r->host_copy_us > *busiest_host->host_copy_us)) busiest_host = r;
  if (busiest_host != nullptr && *busiest_host->host_copy_us > busiest_host->core_us_per_frame) {
    out.push_back("On " + platform + ", " + busiest_host->policy + " costs the guest's core " + us_per_frame(busiest_host->core_us_per_frame) +
                  " but keeps the host's copy engine busy " + us_per_frame(*busiest_host->host_copy_us) + ".");
  }
}

// The largest amplification of the whole file.
void add_largest_amplification(std::vector<std::string>& out, const ReportSource& source) {
  const RunFigures* amplified = nullptr;
  for (const auto& r : source.runs)
    if (r.simulated() && (amplified == nullptr || r.amplification > amplified->amplification)) amplified = &r;
  if (amplified != nullptr && amplified->amplification > 1.0) {
    out.push_back("The largest amplification: " + amplified->label + " maintains or copies " + printf_string("%.0f", amplified->amplification) +
                  "x the bytes the CPU dirtied.");
  }
}

// Warnings the trace checker counted (docs/trace-format.md): the same trace
// replays on every run, so each warning is reported once, from its first run.
void add_trace_warnings(std::vector<std::string>& out, const ReportSource& source) {
  std::vector<std::string> names;
  std::string warned;
  for (const auto& run : source.results.value("runs", nlohmann::json::array())) {
    if (!run.is_object() || !run.contains("trace_warnings")) continue;
    for (const auto& [name, w] : run.at("trace_warnings").items()) {
      if (std::find(names.begin(), names.end(), name) != names.end()) continue;
      names.push_back(name);
      warned +=
          (warned.empty() ? "" : "; ") + name + " (" + std::to_string(w.value("value", 0ull)) + ", first at " + w.value("first_at", std::string("?")) + ")";
    }
  }
  if (!warned.empty()) out.push_back("The trace does things the kernel accepts but that are probably mistakes (trace warnings): " + warned + ".");
}

// Runs the platform could not carry out.
void add_refused(std::vector<std::string>& out, const ReportSource& source) {
  std::string refused;
  for (const auto& r : source.runs)
    if (!r.simulated()) refused += (refused.empty() ? "" : ", ") + r.label;
  if (!refused.empty()) out.push_back("Refused, not simulated (the platform cannot run the policy; reasons below): " + refused + ".");
}

}  // namespace

namespace {

// How a device's port treats the CPU caches, as a reviewer names it.
std::string importer_kind(const std::string& device, const nlohmann::json& config) {
  const std::string coherence = config.value("coherence", std::string("none"));
  const std::string role = config.value("role", std::string("dma"));
  const std::string what = role == "dma" ? device : role;
  if (coherence == "none") return "a " + what + " that does not snoop";
  if (coherence == "io-reads") return "a " + what + " whose reads snoop";
  if (coherence == "full") return "a " + what + " sharing the CPU's last-level cache";
  return "a snooping " + what;
}

// The kinds of importer that moved data on `platform` (devices with DMA
// traffic in its first simulated run), or its virtual GPU.
std::string importers_on(const ReportSource& source, const std::string& platform) {
  const nlohmann::json& scenario = source.results.at("scenario");
  if (!scenario.contains("platforms")) return {};
  const nlohmann::json* config = nullptr;
  for (const auto& p : scenario.at("platforms"))
    if (p.value("label", std::string()) == platform) config = &p.at("config");
  if (config == nullptr || !config->contains("devices")) return {};
  if (config->contains("hypervisor") && !config->at("hypervisor").is_null())
    return "a virtual GPU (" + config->at("hypervisor").value("virtual_gpu", std::string("?")) + ")";
  std::vector<std::string> kinds;
  for (const auto& run : source.results.at("runs")) {
    if (run.value("platform", std::string()) != platform || run.contains("refused") || !run.contains("agents")) continue;
    for (const auto& [name, device] : config->at("devices").items()) {
      const nlohmann::json& agent = run.at("agents").value(name, nlohmann::json::object());
      const auto lines = [&](const char* key) { return agent.contains(key) ? agent.at(key).value("value", 0ull) : 0ull; };
      if (lines("lines_read") + lines("lines_written") == 0) continue;
      const std::string kind = importer_kind(name, device);
      if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) kinds.push_back(kind);
    }
    break;
  }
  std::string out;
  for (std::size_t i = 0; i < kinds.size(); ++i) out += (i == 0 ? "" : i + 1 == kinds.size() ? " and " : ", ") + kinds[i];
  return out;
}

}  // namespace

std::vector<std::string> verdict(const ReportSource& source) {
  std::vector<std::string> out;
  for (const auto& platform : source.platforms) {
    const std::vector<const RunFigures*> clean = clean_syncs_by_cost(source, platform);
    if (runs_on(source, platform).empty()) {
      out.push_back(platform + ": every policy refused (reasons below).");
      continue;
    }
    std::string importers;
    try {
      importers = importers_on(source, platform);
    } catch (const nlohmann::json::exception& e) {
      throw InputError(source.path, "/scenario/platforms", std::string("a platform or run the verdict cannot read: ") + e.what());
    }
    std::string line = platform + (importers.empty() ? "" : ", for " + importers) + ": ";
    if (clean.empty()) {
      line += "every sync policy simulated reads stale data";
    } else {
      const RunFigures& best = *clean.front();
      line += best.policy + ", " + us_per_frame(best.cost_us_per_frame) + " (" + format_share(best.frame_budget_share) + " of the frame budget)";
      if (clean.size() == 1) {
        line += ", the only sync policy without stale data";
      } else if (const RunFigures& next = *clean[1]; format_us(next.cost_us_per_frame) == format_us(best.cost_us_per_frame) || best.cost_us_per_frame <= 0) {
        line += ", about what the next, " + next.policy + ", costs";  // printed alike: a factor would mislead
      } else {
        line += ", " + format_factor(next.cost_us_per_frame / best.cost_us_per_frame) + " less than the next, " + next.policy + " (" +
                format_us(next.cost_us_per_frame) + ")";
      }
    }
    if (const RunFigures* none = find_run(source, platform, "none"); none != nullptr && none->simulated()) {
      line += none->stale_lines > 0 ? "; without a sync the readers see " + std::to_string(none->stale_lines) + " stale lines"
                                    : "; without a sync this run read nothing stale (timing or a coherent path, not a guarantee)";
    }
    out.push_back(line + ".");
  }
  const std::string scenario = source.results.at("scenario").value("file", std::string());
  if (!scenario.empty()) out.push_back("Reproduce: cohsim run " + scenario);
  return out;
}

std::vector<std::string> findings(const ReportSource& source) {
  std::vector<std::string> out;
  for (const auto& platform : source.platforms) {
    const auto runs = runs_on(source, platform);
    add_cheapest(out, source, platform, runs);
    add_dirty_region_syncs(out, source, platform);
    add_no_sync(out, source, platform);
    add_busiest_host(out, platform, runs);
  }
  add_largest_amplification(out, source);
  add_trace_warnings(out, source);
  add_refused(out, source);
  return out;
}

}  // namespace cohsim::report
