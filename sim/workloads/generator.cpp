#include "sim/workloads/generator.h"

#include <array>

#include "sim/util/input_error.h"
#include "sim/workloads/workloads.h"

namespace cohsim {
namespace {

// Every built-in workload; a new one is a file in this folder and a line here.
const std::array<const workloads::GeneratorEntry*, 4>& entries() {
  static const std::array<const workloads::GeneratorEntry*, 4> all{&workloads::swrast_to_display(), &workloads::camera_to_cpu(), &workloads::gpu_to_cpu(),
                                                                   &workloads::compositor()};
  return all;
}

const workloads::GeneratorEntry* find(const std::string& name) {
  for (const auto* e : entries())
    if (e->name == name) return e;
  return nullptr;
}

}  // namespace

std::vector<std::string> generator_names() {
  std::vector<std::string> out;
  for (const auto* e : entries()) out.emplace_back(e->name);
  return out;
}

void validate_generator(const std::string& name, const nlohmann::json& params, const config::Checker& params_at, const std::string& name_pointer) {
  const auto* entry = find(name);
  if (entry == nullptr) {
    std::string list;
    for (const auto& n : generator_names()) list += (list.empty() ? "" : ", ") + n;
    auto [file, place] = params_at.blame()(name_pointer);
    throw InputError(file, place, "unknown workload generator \"" + name + "\"; generators: " + list);
  }
  entry->validate(params, params_at);
}

nlohmann::json resolved_generator_params(const std::string& name, const nlohmann::json& params) { return find(name)->resolved(params); }

std::unique_ptr<TraceSource> make_generator(const std::string& name, const nlohmann::json& params, const std::string& scenario_file) {
  std::unique_ptr<GeneratedTrace> trace = find(name)->make(params);
  if (!scenario_file.empty()) trace->set_origin(scenario_file, resolved_generator_params(name, params));
  return trace;
}

}  // namespace cohsim
