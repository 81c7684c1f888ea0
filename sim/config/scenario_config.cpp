#include "sim/config/scenario_config.h"

#include <cstdlib>
#include <filesystem>
#include <set>

#include "models/exporter/policy_catalog.h"
#include "sim/config/json_source.h"

namespace cohsim::config {
namespace fs = std::filesystem;

void PlatformChoice::check(const Checker& c) const {
  if (preset.empty() == file.empty()) c.fail_here("give exactly one of \"preset\" and \"file\"");
  if (!override_patch.is_object()) c.fail("override", "expected an object (a JSON merge patch), got " + describe_json_type(override_patch));
}

TraceFormat trace_format_for(const std::string& path) {
  const auto extension = fs::path(path).extension();
  if (extension == ".din") return TraceFormat::din;
  if (extension == ".xdin") return TraceFormat::xdin;
  return TraceFormat::cohsim;
}

void WorkloadConfig::check(const Checker& c) const {
  if (trace.empty() == generator.empty()) c.fail_here("give exactly one of \"trace\" and \"generator\"");
  if (!generator.empty()) {
    if (format != TraceFormat::automatic) c.fail("format", "\"format\" applies to a trace file, not to a generator");
    // The generator's name and parameters are checked where the scenario is
    // loaded (sim/load), against the generators' registry.
  } else if (!params.empty()) {
    c.fail("params", "\"params\" belong to a generator; this workload replays a trace file");
  }
}

void ScenarioConfig::check(const Checker& c) const {
  for (size_t i = 0; i < policies.size(); ++i) {
    if (find_policy_info(policies[i]) == nullptr)
      c.child("policies").fail(std::to_string(i), "unknown coherency policy \"" + policies[i] + "\"; policies: " + policy_list());
    for (size_t j = 0; j < i; ++j)
      if (policies[j] == policies[i]) c.child("policies").fail(std::to_string(i), "\"" + policies[i] + "\" is listed twice");
  }
}

std::string_view policies_doc() {
  static const std::string doc =
      "coherency policies to compare (docs/policies.md): " + policy_list() + "; every platform runs every policy. Empty: one run per platform without a policy";
  return doc;
}

}  // namespace cohsim::config
