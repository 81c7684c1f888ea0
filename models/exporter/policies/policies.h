#pragma once
// One factory per policy file; registry.cpp maps names to them.
#include <memory>

#include "models/exporter/coherency_policy.h"

namespace cohsim {

std::unique_ptr<CoherencyPolicy> make_none_policy();
std::unique_ptr<CoherencyPolicy> make_sync_full_policy();
std::unique_ptr<CoherencyPolicy> make_sync_range_policy();
std::unique_ptr<CoherencyPolicy> make_sync_rects_policy();
std::unique_ptr<CoherencyPolicy> make_wc_map_policy();
std::unique_ptr<CoherencyPolicy> make_shadow_copy_policy();
std::unique_ptr<CoherencyPolicy> make_fault_tracking_policy();

}  // namespace cohsim
