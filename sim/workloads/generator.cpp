#include "sim/workloads/generator.h"

#include <algorithm>
#include <vector>

#include "sim/util/input_error.h"
#include "sim/workloads/workloads.h"

namespace cohsim {
namespace {

// Every built-in workload, by rank, filled by the workloads' own files.
struct Ranked {
  int rank;
  workloads::GeneratorEntry entry;
};
std::vector<Ranked>& registry() {
  static std::vector<Ranked> all;
  return all;
}
std::vector<const workloads::GeneratorEntry*> entries() {
  std::vector<const workloads::GeneratorEntry*> out;
  for (const Ranked& r : registry()) out.push_back(&r.entry);
  return out;
}

const workloads::GeneratorEntry* find(const std::string& name) {
  for (const auto* e : entries())
    if (e->name == name) return e;
  return nullptr;
}

}  // namespace

workloads::GeneratorRegistration::GeneratorRegistration(int rank, GeneratorEntry entry) {
  auto& all = registry();
  const auto at = std::upper_bound(all.begin(), all.end(), rank, [](int r, const Ranked& e) { return r < e.rank; });
  all.insert(at, Ranked{rank, entry});
}

std::string generator_list_markdown() {
  std::string text;
  for (const auto* e : entries()) text += "- `" + std::string(e->name) + "`: " + std::string(e->summary) + "\n";
  return text;
}

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
