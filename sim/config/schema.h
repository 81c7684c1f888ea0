#pragma once
// JSON Schemas generated from the config structs' describe(): the same source
// as the parser, so the schema cannot drift from what cohsim accepts.
#include <nlohmann/json.hpp>
#include <string>

namespace cohsim::config {

nlohmann::json scenario_schema();
nlohmann::json platform_schema();

}  // namespace cohsim::config

namespace cohsim::config {

// docs/config-reference.md, generated from the same schemas.
std::string config_reference_markdown();

}  // namespace cohsim::config
