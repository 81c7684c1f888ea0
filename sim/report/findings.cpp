#include "sim/report/findings.h"

#include <algorithm>
#include <cstdio>

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

namespace {

// Cheapest and dearest among the policies that leave no stale data, by
// cost (kCostDefinition: the host's copy engine counts as much as the core).
void add_cheapest(std::vector<std::string>& out, const std::string& platform, const std::vector<const RunFigures*>& runs) {
  const RunFigures *cheapest = nullptr, *dearest = nullptr;
  for (const RunFigures* r : runs) {
    if (r->stale_lines != 0) continue;
    if (cheapest == nullptr || r->cost_us_per_frame < cheapest->cost_us_per_frame) cheapest = r;
    if (dearest == nullptr || r->cost_us_per_frame > dearest->cost_us_per_frame) dearest = r;
  }
  if (cheapest != nullptr && dearest != cheapest && cheapest->cost_us_per_frame > 0) {
    out.push_back("On " + platform + ", " + cheapest->policy + " is the cheapest policy that reads no stale data: it costs " +
                  us_per_frame(cheapest->cost_us_per_frame) + " (" + format_share(cheapest->frame_budget_share) + " of the frame budget), " +
                  format_factor(dearest->cost_us_per_frame / cheapest->cost_us_per_frame) + " less than " + dearest->policy + " (" +
                  format_us(dearest->cost_us_per_frame) + ", " + format_share(dearest->frame_budget_share) + ").");
  } else if (cheapest == nullptr && !runs.empty()) {
    out.push_back("On " + platform + ", every policy simulated reads stale data.");
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

std::vector<std::string> findings(const ReportSource& source) {
  std::vector<std::string> out;
  for (const auto& platform : source.platforms) {
    const auto runs = runs_on(source, platform);
    add_cheapest(out, platform, runs);
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
