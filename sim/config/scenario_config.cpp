#include "sim/config/scenario_config.h"

#include <cstdlib>
#include <filesystem>
#include <set>

#include "models/exporter/policy_catalog.h"
#include "sim/config/json_source.h"
#include "sim/platform/platform_graph.h"
#include "sim/workloads/generator.h"

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
    validate_generator(generator, params, c.child("params"), c.pointer_of("generator"));
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

ResolvedPlatform ideal_variant(const ResolvedPlatform& platform) {
  ResolvedPlatform out = platform;
  out.label = platform.label + "/ideal";
  PlatformConfig& p = out.config;
  for (auto& [name, device] : p.devices) device.coherent = true;
  make_last_level_snooped(p);
  // A virtual platform at its ideal: the host reads the guest's pages, no exits.
  p.hypervisor.reset();
  p.host.clear();
  out.document = to_json_value(p);
  build_platform_graph(p, blame_file("<ideal variant of " + platform.label + ">"));
  return out;
}

std::string_view policies_doc() {
  static const std::string doc =
      "coherency policies to compare (docs/policies.md): " + policy_list() + "; every platform runs every policy. Empty: one run per platform without a policy";
  return doc;
}

std::string data_dir() {
  if (const char* env = std::getenv("COHSIM_DATA_DIR"); env != nullptr && *env != '\0') return env;
  // An installed cohsim (cmake --install): PREFIX/bin/cohsim finds its data in
  // PREFIX/share/cohsim/scenarios. A cohsim in its build tree has none there.
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "cohsim" / "scenarios";
    if (fs::is_directory(installed / "platforms", ec)) return installed.string();
  }
  return COHSIM_DEFAULT_DATA_DIR;
}

std::string preset_path(const std::string& name) { return (fs::path(data_dir()) / "platforms" / (name + ".json")).string(); }

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::path(data_dir()) / "platforms", ec)) {
    if (entry.path().extension() == ".json") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

namespace {
// Whether `path` names a readable regular file; never throws (a name longer
// than the system allows is simply not a file: fuzzing found it throwing).
bool is_file(const std::string& path) {
  std::error_code ec;
  return fs::is_regular_file(path, ec);
}
}  // namespace

namespace {

bool pointer_in(const json& document, const std::string& pointer) {
  try {
    return document.contains(json::json_pointer(pointer));
  } catch (const json::exception&) {
    return false;
  }
}

std::string unknown_preset_message(const std::string& name) {
  std::string known;
  for (const auto& n : preset_names()) known += (known.empty() ? "" : ", ") + n;
  return "unknown preset \"" + name + "\"; presets: " + (known.empty() ? "(none found in " + data_dir() + "/platforms)" : known);
}

// A virtual platform names the preset its guest runs on ("host"): that
// preset is the base and the virtual platform's document patches it. Values
// the document does not give are blamed on the host preset's file.
json compose_with_host(const json& document, Blame& blame) {
  if (!document.is_object() || !document.contains("host") || !document.at("host").is_string()) return document;
  const std::string host = document.at("host").get<std::string>();
  const std::string host_path = preset_path(host);
  if (host.empty() || !is_file(host_path)) {
    const auto [file, place] = blame("/host");
    throw InputError(file, place, unknown_preset_message(host));
  }
  json base = load_json_file(host_path);
  if (base.contains("host")) {
    const auto [file, place] = blame("/host");
    throw InputError(file, place, "the host preset \"" + host + "\" is itself virtual; a guest runs on a native preset");
  }
  base.merge_patch(document);
  blame = [inner = blame, document, host_path](const std::string& pointer) {
    if (pointer.empty() || pointer_in(document, pointer)) return inner(pointer);
    return std::make_pair(host_path, pointer);
  };
  return base;
}

// Reads and checks a platform document whose values came from `blame`.
PlatformConfig read_platform(json& document, Blame blame) {
  document = compose_with_host(document, blame);
  PlatformConfig config = read_document<PlatformConfig>(document, blame);
  add_host_copy_engine(config);
  build_platform_graph(config, blame);  // reachability and hierarchy checks
  return config;
}

}  // namespace

ResolvedPlatform load_platform(const std::string& name_or_file) {
  const bool is_name = name_or_file.find('/') == std::string::npos && !name_or_file.ends_with(".json");
  const std::string path = is_name ? preset_path(name_or_file) : name_or_file;
  if (is_name && !is_file(path)) throw InputError("", "", unknown_preset_message(name_or_file));
  ResolvedPlatform out;
  out.source = is_name ? name_or_file : path;
  out.document = load_json_file(path);
  const Blame blame = blame_file(path);
  out.config = read_platform(out.document, blame);
  out.label = out.config.name;
  return out;
}

LoadedScenario load_scenario(const std::string& path) {
  LoadedScenario out;
  out.path = path;
  const json document = load_json_file(path);
  out.config = read_document<ScenarioConfig>(document, blame_file(path));
  const fs::path folder = fs::path(path).parent_path();

  std::set<std::string> labels;
  for (size_t i = 0; i < out.config.platforms.size(); ++i) {
    const PlatformChoice& choice = out.config.platforms[i];
    const std::string at = "/platforms/" + std::to_string(i);
    std::string base_path;
    ResolvedPlatform resolved;
    if (!choice.preset.empty()) {
      base_path = preset_path(choice.preset);
      if (!is_file(base_path))
        throw InputError(path, at + (document.at("platforms").at(i).is_string() ? "" : "/preset"), unknown_preset_message(choice.preset));
      resolved.source = choice.preset;
    } else {
      base_path = (folder / choice.file).string();
      resolved.source = choice.file;
    }
    const json base = load_json_file(base_path);
    resolved.document = base;
    resolved.document.merge_patch(choice.override_patch);
    // Values that came from the override are blamed on the scenario.
    const json& patch = choice.override_patch;
    const Blame blame = [&](const std::string& pointer) {
      if (!pointer.empty() && pointer_in(patch, pointer)) return std::make_pair(path, at + "/override" + pointer);
      return std::make_pair(base_path, pointer.empty() ? std::string("/") : pointer);
    };
    resolved.config = read_platform(resolved.document, blame);
    resolved.label = choice.label.empty() ? resolved.config.name : choice.label;
    if (!labels.insert(resolved.label).second) {
      throw InputError(path, at, "two platforms are both labelled \"" + resolved.label + "\"; give one a \"label\"");
    }
    out.platforms.push_back(std::move(resolved));
  }

  const WorkloadConfig& workload = out.config.workload;
  if (!workload.trace.empty()) {
    out.trace_path = (folder / workload.trace).string();
    if (!is_file(out.trace_path)) throw InputError(path, "/workload/trace", "trace file not found: " + out.trace_path);
    out.trace_format = workload.format != TraceFormat::automatic ? workload.format : trace_format_for(workload.trace);
  }

  // The runs: every platform under every policy, plus each platform's ideal.
  const bool with_policies = !out.config.policies.empty();
  for (size_t i = 0; i < out.platforms.size(); ++i) {
    const ResolvedPlatform& p = out.platforms[i];
    if (!with_policies) {
      out.runs.push_back(RunSpec{p.label, i, "none", false, p, {}});
      continue;
    }
    PolicyTarget target;
    if (p.config.hypervisor) {
      target.virtual_gpu = true;
      target.guest_mmap = p.config.hypervisor->guest_mmap;
      target.driver = std::string(enum_name(p.config.hypervisor->virtual_gpu));
    }
    for (const auto& policy : out.config.policies)
      out.runs.push_back(RunSpec{p.label + "/" + policy, i, policy, false, p, find_policy_info(policy)->refusal(target)});
    if (out.config.ideal) out.runs.push_back(RunSpec{p.label + "/ideal", i, "none", true, ideal_variant(p), {}});
  }
  return out;
}

}  // namespace cohsim::config
