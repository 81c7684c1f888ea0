#pragma once
// The coherency policies as configs see them: each one's name, a line saying
// what it does, and why it cannot run on a platform (docs/policies.md). Each
// policy file registers its entry (models/exporter/policies/, through
// PolicyRegistration in coherency_policy.h), so this list and the driver's
// make_policy() always agree. Plain data with no SystemC: the config readers
// check policy names and refusals here without the driver.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "models/exporter/params.h"

namespace cohsim {

struct PolicyInfo {
  int rank = 0;         // where the policy comes in lists (docs, errors, schemas)
  std::string name;     // as scenarios name it
  std::string summary;  // what the CPU side does, in one line
  // Why the policy cannot run on `target` (empty: it can).
  std::function<std::string(const PolicyTarget&)> refusal;
};

// Adds a policy; called from each policy's file while the program starts.
void register_policy_info(PolicyInfo info);
// Every registered policy, by rank.
const std::vector<PolicyInfo>& policy_infos();
// nullptr for an unknown name.
const PolicyInfo* find_policy_info(std::string_view name);
std::vector<std::string> policy_names();
// "sync-full, sync-range, ...": for messages and docs.
std::string policy_list();
// docs/policies.md's generated list: one line per policy, its name and summary.
std::string policy_list_markdown();

}  // namespace cohsim
