// The coherency policies by name. A new policy is one file in this folder and
// one line here (an explicit list rather than self-registration, which a
// static library's linker would silently drop).
#include <array>
#include <utility>

#include "models/exporter/policies/policies.h"

namespace cohsim {
namespace {
using Factory = std::unique_ptr<CoherencyPolicy> (*)();
constexpr std::array<std::pair<std::string_view, Factory>, 7> kPolicies{{
    {"sync-full", make_sync_full_policy},
    {"sync-range", make_sync_range_policy},
    {"sync-rects", make_sync_rects_policy},
    {"wc-map", make_wc_map_policy},
    {"shadow-copy", make_shadow_copy_policy},
    {"fault-tracking", make_fault_tracking_policy},
    {"none", make_none_policy},
}};
}  // namespace

std::unique_ptr<CoherencyPolicy> make_policy(std::string_view name) {
  for (const auto& [n, factory] : kPolicies)
    if (n == name) return factory();
  return nullptr;
}

std::vector<std::string> policy_names() {
  std::vector<std::string> out;
  for (const auto& [n, factory] : kPolicies) out.emplace_back(n);
  return out;
}

}  // namespace cohsim
