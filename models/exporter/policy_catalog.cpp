#include "models/exporter/policy_catalog.h"

#include <algorithm>

namespace cohsim {
namespace {
// A function-local static: registrations run during static initialisation,
// in no defined order across files.
std::vector<PolicyInfo>& catalog() {
  static std::vector<PolicyInfo> policies;
  return policies;
}
}  // namespace

void register_policy_info(PolicyInfo info) {
  auto& all = catalog();
  const auto at = std::upper_bound(all.begin(), all.end(), info.rank, [](int rank, const PolicyInfo& p) { return rank < p.rank; });
  all.insert(at, std::move(info));
}

const std::vector<PolicyInfo>& policy_infos() { return catalog(); }

const PolicyInfo* find_policy_info(std::string_view name) {
  for (const PolicyInfo& p : catalog())
    if (p.name == name) return &p;
  return nullptr;
}

std::string policy_list() {
  std::string list;
  for (const PolicyInfo& p : catalog()) list += (list.empty() ? "" : ", ") + p.name;
  return list;
}

std::string policy_list_markdown() {
  std::string text;
  for (const PolicyInfo& p : catalog()) text += "- `" + p.name + "`: " + p.summary + "\n";
  return text;
}

std::vector<std::string> policy_names() {
  std::vector<std::string> names;
  for (const PolicyInfo& p : catalog()) names.push_back(p.name);
  return names;
}

}  // namespace cohsim
