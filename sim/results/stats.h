#pragma once
// Statistics of one simulation as JSON: every figure with its unit, times in
// cycles of their named clock and in ns.
#include <nlohmann/json.hpp>

#include "models/common/stats.h"

namespace cohsim {

nlohmann::json stat_to_json(const StatEntry& e);
nlohmann::json group_to_json(const StatGroup& g);
// {"caches": {"l1d": {...}}, "agents": {...}, ...} in registration order.
nlohmann::json registry_to_json(const StatRegistry& r);

}  // namespace cohsim
