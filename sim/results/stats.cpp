#include "sim/results/stats.h"

namespace cohsim {

using nlohmann::json;

json stat_to_json(const StatEntry& e) {
  if (e.clock == nullptr) return json{{"value", *e.value}, {"unit", e.unit}};
  return json{{"value", e.clock->clock.to_cycles(*e.value)},
              {"unit", "cycles"},
              {"clock", e.clock->name},
              {"clock_ghz", e.clock->clock.ghz},
              {"ns", ticks_to_ns(*e.value)}};
}

json group_to_json(const StatGroup& g) {
  json out = json::object();
  for (const auto& e : g.entries()) out[e.name] = stat_to_json(e);
  return out;
}

json registry_to_json(const StatRegistry& r) {
  // nlohmann's default object sorts keys, which keeps output stable.
  json out = json::object();
  r.for_each([&](const std::string& section, const StatGroup& g) { out[section][g.name()] = group_to_json(g); });
  return out;
}

}  // namespace cohsim
