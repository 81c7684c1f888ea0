#include "sim/load/scenario_loader.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "models/exporter/policy_catalog.h"
#include "sim/config/json_source.h"
#include "sim/platform/platform_graph.h"
#include "sim/trace/open_trace.h"
#include "sim/workloads/generator.h"

namespace cohsim::config {
namespace fs = std::filesystem;

ResolvedPlatform ideal_variant(const ResolvedPlatform& platform) {
  ResolvedPlatform out = platform;
  out.label = platform.label + "/ideal";
  PlatformConfig& p = out.config;
  for (auto& [name, device] : p.devices) {
    device.coherence = std::max(device.coherence, DeviceCoherence::io);
    device.dma_address_bits = 64;  // it reaches every buffer: no bounce copies
  }
  make_last_level_snooped(p);
  // A virtual platform at its ideal: the host reads the guest's pages, no exits.
  p.hypervisor.reset();
  p.host.clear();
  out.document = to_json_value(p);
  build_platform_graph(p, blame_file("<ideal variant of " + platform.label + ">"));
  return out;
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

// A platform built on another preset: a virtual platform names the preset
// its guest runs on ("host"), a variant the native preset it patches
// ("extends"). That preset is the base and the document patches it (JSON
// merge patch: a null removes a key); values the document does not give
// are blamed on the base preset's file. One level: the base builds on none.
json compose_with_base(const json& document, Blame& blame, const std::string& key) {
  if (!document.is_object() || !document.contains(key) || !document.at(key).is_string()) return document;
  const std::string name = document.at(key).get<std::string>();
  const std::string base_path = preset_path(name);
  const auto [file, place] = blame("/" + key);
  if (name.empty() || !is_file(base_path)) throw InputError(file, place, unknown_preset_message(name));
  json base = load_json_file(base_path);
  if (base.contains("host")) throw InputError(file, place, "the preset \"" + name + "\" is itself virtual; name a native preset");
  if (base.contains("extends")) throw InputError(file, place, "the preset \"" + name + "\" extends another; name a preset that extends none");
  base.merge_patch(document);
  // The base's sources of what the patch removed go with it.
  if (base.contains("sources") && base.at("sources").is_object()) {
    json& sources = base.at("sources");
    for (auto it = sources.begin(); it != sources.end();) {
      const bool gone = it.key().starts_with("/") && !base.contains(json::json_pointer(it.key()));
      it = gone ? sources.erase(it) : std::next(it);
    }
  }
  blame = [inner = blame, document, base_path](const std::string& pointer) {
    if (pointer.empty() || pointer_in(document, pointer)) return inner(pointer);
    return std::make_pair(base_path, pointer);
  };
  return base;
}

// Reads and checks a platform document whose values came from `blame`.
PlatformConfig read_platform(json& document, Blame blame) {
  document = compose_with_base(document, blame, "extends");
  document = compose_with_base(document, blame, "host");
  PlatformConfig config = read_document<PlatformConfig>(document, blame);
  add_host_copy_engine(config);
  build_platform_graph(config, blame);  // reachability and hierarchy checks
  return config;
}

// The files a platform read from `path` came from: that one, and the preset
// its document extends or runs on (compose_with_base kept the key).
std::vector<std::string> platform_files(const std::string& path, const json& document) {
  std::vector<std::string> files{path};
  for (const char* key : {"extends", "host"})
    if (document.contains(key) && document.at(key).is_string() && !document.at(key).get<std::string>().empty())
      files.push_back(preset_path(document.at(key).get<std::string>()));
  return files;
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
  out.files = platform_files(path, out.document);
  out.label = out.config.name;
  return out;
}

namespace {

// The platform a scenario's `platforms/I` chooses: a preset or a file, with
// the choice's override merged in and blamed on the scenario.
ResolvedPlatform resolve_choice(const std::string& path, const json& document, std::size_t i, const PlatformChoice& choice) {
  const std::string at = "/platforms/" + std::to_string(i);
  std::string base_path;
  ResolvedPlatform resolved;
  if (!choice.preset.empty()) {
    base_path = preset_path(choice.preset);
    if (!is_file(base_path)) throw InputError(path, at + (document.at("platforms").at(i).is_string() ? "" : "/preset"), unknown_preset_message(choice.preset));
    resolved.source = choice.preset;
  } else {
    base_path = (fs::path(path).parent_path() / choice.file).string();
    resolved.source = choice.file;
  }
  resolved.document = load_json_file(base_path);
  resolved.document.merge_patch(choice.override_patch);
  // Values that came from the override are blamed on the scenario.
  const json& patch = choice.override_patch;
  const Blame blame = [&](const std::string& pointer) {
    if (!pointer.empty() && pointer_in(patch, pointer)) return std::make_pair(path, at + "/override" + pointer);
    return std::make_pair(base_path, pointer.empty() ? std::string("/") : pointer);
  };
  resolved.config = read_platform(resolved.document, blame);
  resolved.files = platform_files(base_path, resolved.document);
  resolved.label = choice.label.empty() ? resolved.config.name : choice.label;
  return resolved;
}

// The exporters a workload's buffers come from: each kind a trace's buffer
// lines name (`exporter=KIND`) with the first buffer that names it, and
// whether any buffer takes the scenario's exporter.kind (every generated
// buffer does, and so does a trace without buffer lines).
struct WorkloadExporters {
  std::vector<std::pair<ExporterKind, std::string>> named;
  bool scenario_kind = true;
};

WorkloadExporters workload_exporters(const std::string& trace_path, TraceFormat format) {
  WorkloadExporters out;
  if (trace_path.empty() || format != TraceFormat::cohsim) return out;
  const std::unique_ptr<TraceSource> source = open_trace(trace_path, format);
  bool any_buffer = false, any_default = false;
  TraceOp op;
  while (source->next(op)) {
    const auto* alloc = std::get_if<trace::BufferAlloc>(&op.what);
    if (alloc == nullptr) continue;
    any_buffer = true;
    const std::optional<ExporterKind> kind = alloc->desc.exporter;
    if (!kind) {
      any_default = true;
    } else if (std::ranges::none_of(out.named, [&](const auto& seen) { return seen.first == *kind; })) {
      out.named.emplace_back(*kind, source->buffer_names().at(alloc->buffer));
    }
  }
  out.scenario_kind = !any_buffer || any_default;
  return out;
}

// Why `policy` cannot run on `target`'s platform with buffers from each of
// the workload's exporters (empty: it can); a buffer's own exporter is named.
std::string refusal_for(const PolicyInfo& policy, PolicyTarget target, const WorkloadExporters& exporters) {
  if (exporters.scenario_kind) {
    if (std::string why = policy.refusal(target); !why.empty()) return why;
  }
  for (const auto& [kind, buffer] : exporters.named) {
    target.exporter = kind;
    if (std::string why = policy.refusal(target); !why.empty())
      return "buffer \"" + buffer + "\" (exporter=" + std::string(exporter_kind_name(kind)) + "): " + why;
  }
  return {};
}

// What decides whether the exporter can carry out a policy on `p`.
PolicyTarget policy_target(const ScenarioConfig& config, const PlatformConfig& p) {
  PolicyTarget target;
  target.exporter = config.exporter.kind;
  if (!p.cpus.empty()) target.rules = p.cpus.begin()->second.maintenance.rules;
  for (const auto& [name, device] : p.devices)
    if (device.role == DeviceRole::gpu && dma_coherent(device.coherence)) target.gpu_coherent = true;
  target.device_memory = device_memory(p).has_value();
  if (p.hypervisor) {
    target.virtual_gpu = true;
    target.guest_mmap = p.hypervisor->guest_mmap;
    target.driver = std::string(enum_name(p.hypervisor->virtual_gpu));
  }
  return target;
}

// The runs: every platform under every policy, plus each platform's ideal.
// A run without a policy and the ideal run `none`: where the exporter's
// buffers cannot exist on the platform (its driver's architecture, a VRAM
// the platform lacks), they are refused too.
std::vector<RunSpec> list_runs(const ScenarioConfig& config, const std::vector<ResolvedPlatform>& platforms, const WorkloadExporters& exporters) {
  std::vector<RunSpec> runs;
  const PolicyInfo& no_sync = *find_policy_info("none");
  for (std::size_t i = 0; i < platforms.size(); ++i) {
    const ResolvedPlatform& p = platforms[i];
    const PolicyTarget target = policy_target(config, p.config);
    if (config.policies.empty()) {
      runs.push_back(RunSpec{p.label, i, "none", false, p, refusal_for(no_sync, target, exporters)});
      continue;
    }
    for (const auto& policy : config.policies) {
      const std::string refusal = refusal_for(*find_policy_info(policy), target, exporters);
      runs.push_back(RunSpec{p.label + "/" + policy, i, policy, false, p, refusal});
    }
    if (config.ideal) {
      ResolvedPlatform ideal = ideal_variant(p);
      std::string refusal = refusal_for(no_sync, policy_target(config, ideal.config), exporters);
      runs.push_back(RunSpec{p.label + "/ideal", i, "none", true, std::move(ideal), std::move(refusal)});
    }
  }
  return runs;
}

}  // namespace

LoadedScenario load_scenario(const std::string& path) {
  LoadedScenario out;
  out.path = path;
  const json document = load_json_file(path);
  const Blame blame = blame_file(path);
  out.config = read_document<ScenarioConfig>(document, blame);
  const WorkloadConfig& workload = out.config.workload;
  if (!workload.generator.empty()) validate_generator(workload.generator, workload.params, Checker(blame, "/workload/params"), "/workload/generator");

  std::set<std::string> labels;
  for (std::size_t i = 0; i < out.config.platforms.size(); ++i) {
    ResolvedPlatform resolved = resolve_choice(path, document, i, out.config.platforms[i]);
    if (!labels.insert(resolved.label).second) {
      throw InputError(path, "/platforms/" + std::to_string(i), "two platforms are both labelled \"" + resolved.label + "\"; give one a \"label\"");
    }
    out.platforms.push_back(std::move(resolved));
  }
  if (!workload.trace.empty()) {
    const fs::path folder = fs::path(path).parent_path();
    out.trace_path = (folder / workload.trace).string();
    if (!is_file(out.trace_path)) throw InputError(path, "/workload/trace", "trace file not found: " + out.trace_path);
    out.trace_format = workload.format != TraceFormat::automatic ? workload.format : trace_format_for(workload.trace);
  }
  out.runs = list_runs(out.config, out.platforms, workload_exporters(out.trace_path, out.trace_format));
  return out;
}

}  // namespace cohsim::config
