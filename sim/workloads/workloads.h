#pragma once
// How each built-in workload file plugs in: an entry with its name, a line
// saying what it is, a strict reader of its parameters and a factory,
// registered from the workload's own file (a GeneratorRegistration). The
// parsing library is linked whole (CMakeLists.txt), so no registration is
// dropped.
#include <memory>
#include <nlohmann/json.hpp>
#include <string_view>

#include "sim/config/fields.h"
#include "sim/trace/trace_op.h"
#include "sim/workloads/generated_trace.h"

namespace cohsim::workloads {

struct GeneratorEntry {
  std::string_view name;
  std::string_view summary;
  void (*validate)(const nlohmann::json& params, const config::Checker& at);
  nlohmann::json (*resolved)(const nlohmann::json& params);
  std::unique_ptr<GeneratedTrace> (*make)(const nlohmann::json& params);
};

template <class Params>
Params read_params(const nlohmann::json& params, const config::Blame& blame, const std::string& pointer) {
  Params p{};
  config::Reader(blame).read(params, pointer, p);
  return p;
}

template <class Params, class Generator>
GeneratorEntry make_entry(std::string_view name, std::string_view summary) {
  return GeneratorEntry{name, summary, [](const nlohmann::json& params, const config::Checker& at) { read_params<Params>(params, at.blame(), at.pointer()); },
                        [](const nlohmann::json& params) { return config::to_json_value(read_params<Params>(params, config::blame_file("<params>"), "")); },
                        [](const nlohmann::json& params) -> std::unique_ptr<GeneratedTrace> {
                          return std::make_unique<Generator>(read_params<Params>(params, config::blame_file("<params>"), ""));
                        }};
}

// Adds a workload; `rank` orders the lists (docs, errors).
struct GeneratorRegistration {
  GeneratorRegistration(int rank, GeneratorEntry entry);
};

}  // namespace cohsim::workloads
