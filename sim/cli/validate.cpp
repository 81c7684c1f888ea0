#include "sim/cli/validate.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "models/exporter/coherency_policy.h"
#include "sim/config/json_source.h"
#include "sim/config/schema.h"
#include "sim/load/scenario_loader.h"
#include "sim/results/results_reference.h"
#include "sim/run/simulate.h"
#include "sim/sweep/sweep.h"
#include "sim/trace/open_trace.h"
#include "sim/trace/trace_checker.h"
#include "sim/util/input_error.h"
#include "sim/validation/model_validation.h"

namespace cohsim {
namespace {

using nlohmann::json;

enum class FileKind { scenario, platform, schema, validation_case, trace };

bool has_any(const json& document, std::initializer_list<const char*> keys) {
  for (const char* k : keys)
    if (document.contains(k)) return true;
  return false;
}

FileKind kind_of(const std::string& path, json& document) {
  if (!path.ends_with(".json")) return FileKind::trace;
  document = config::load_json_file(path);
  if (!document.is_object()) throw InputError(path, "/", "expected a JSON object (a scenario, a platform or a schema)");
  if (document.contains("$schema")) return FileKind::schema;
  if (validation::looks_like_case(document)) return FileKind::validation_case;
  if (has_any(document, {"platforms", "workload", "policies", "sweep"})) return FileKind::scenario;
  if (has_any(document, {"cpus", "host", "hypervisor", "caches", "fabrics", "devices"})) return FileKind::platform;
  throw InputError(path, "/",
                   "neither a scenario (it would have \"platforms\" and \"workload\") nor a platform (\"cpus\", or \"host\" and \"hypervisor\" for a "
                   "virtual one)");
}

ValidateOutcome validate_scenario(const std::string& path, const json& document) {
  ValidateOutcome out;
  if (document.contains("sweep")) {
    // Every point is a scenario of its own, checked as `cohsim run` checks it.
    const SweepPlan plan = plan_sweep(path);
    check_sweep_traces(plan, path);
    out.summary = "sweep of " + std::to_string(plan.points.size()) + " points over " + std::to_string(plan.parameters.size()) + " parameter(s)";
    return out;
  }
  const config::LoadedScenario s = config::load_scenario(path);
  std::size_t runs = 0;
  for (const config::RunSpec& run : s.runs) runs += run.refused.empty() ? 1 : 0;
  const std::uint64_t ops = check_workload(s, &out.warnings);
  out.summary = "scenario " + s.config.name + ", " + std::to_string(s.platforms.size()) + " platform(s), " + std::to_string(runs) + " run(s), trace of " +
                std::to_string(ops) + " operations";
  return out;
}

ValidateOutcome validate_schema(const std::string& path, const json& document) {
  const std::string id = document.value("$id", "");
  json expected;
  if (id == "cohsim-scenario.schema.json")
    expected = config::scenario_schema();
  else if (id == "cohsim-platform.schema.json")
    expected = config::platform_schema();
  else if (id == "cohsim-results.schema.json")
    expected = results_schema();
  else
    throw InputError(
        path, "/$id",
        "expected the $id of a cohsim schema (cohsim-scenario.schema.json, cohsim-platform.schema.json or cohsim-results.schema.json), got \"" + id + "\"");
  if (document != expected) {
    const json diff = json::diff(expected, document);
    const std::string where = diff.empty() ? "/" : diff.front().value("path", "/");
    throw InputError(
        path, where.empty() ? "/" : where,
        "differs from what this cohsim generates (regenerate it: cohsim schema " + std::string(id.substr(7, id.find('.') - 7)) + " > " + path + ")");
  }
  return {"schema " + id + ", identical to `cohsim schema`", {}};
}

}  // namespace

ValidateOutcome validate_file(const std::string& path) {
  json document;
  switch (kind_of(path, document)) {
    case FileKind::scenario:
      return validate_scenario(path, document);
    case FileKind::platform: {
      const config::ResolvedPlatform p = config::load_platform(path);
      return {"platform " + p.config.name + (p.config.hypervisor ? " (virtual, on host " + p.config.host + ")" : ""), {}};
    }
    case FileKind::schema:
      return validate_schema(path, document);
    case FileKind::validation_case: {
      // The case itself, and every scenario it names as `validate` checks one.
      const validation::Case c = validation::load_case(path);
      std::set<std::string> scenarios{c.scenario};
      for (const validation::Measure* m : {&c.figure.of, c.figure.minus ? &*c.figure.minus : nullptr, c.figure.per ? &*c.figure.per : nullptr})
        if (m != nullptr && !m->scenario.empty()) scenarios.insert(m->scenario);
      for (const std::string& name : scenarios) {
        const std::string scenario = (std::filesystem::path(path).parent_path() / name).string();
        validate_scenario(scenario, config::load_json_file(scenario));
      }
      return {"validation case: " + c.figure.name + ", " + std::to_string(scenarios.size()) + " scenario(s)", {}};
    }
    case FileKind::trace:
      break;
  }
  auto source = open_trace(path, config::TraceFormat::automatic);
  ValidateOutcome out;
  const std::uint64_t ops = check_trace(*source, nullptr, &out.warnings);
  out.summary = "trace of " + std::to_string(ops) + " operations";
  return out;
}

}  // namespace cohsim
