// The coherency policies by name, filled by each policy's file. The files
// are linked whole (the cohsim_policies library, CMakeLists.txt), so that
// no registration is dropped by the linker.
#include <map>
#include <string>

#include "models/exporter/coherency_policy.h"
#include "models/exporter/policy_catalog.h"

namespace cohsim {
namespace {
std::map<std::string, PolicyRegistration::Factory, std::less<>>& factories() {
  static std::map<std::string, PolicyRegistration::Factory, std::less<>> all;
  return all;
}
}  // namespace

PolicyRegistration::PolicyRegistration(int rank, std::string summary, Factory make) {
  std::string name(make()->name());
  factories().emplace(name, make);
  register_policy_info(PolicyInfo{rank, std::move(name), std::move(summary), [make](const PolicyTarget& t) {
                                    // What the exporter cannot do comes first: the kernel's reason.
                                    const auto policy = make();
                                    std::string refusal = exporter_refusal(t, policy->buffer_mapping(), policy->sync_region());
                                    return refusal.empty() ? policy->refusal(t) : refusal;
                                  }});
}

std::unique_ptr<CoherencyPolicy> make_policy(std::string_view name) {
  const auto& all = factories();
  const auto it = all.find(name);
  return it == all.end() ? nullptr : it->second();
}

}  // namespace cohsim
