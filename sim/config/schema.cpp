#include "sim/config/schema.h"

#include "sim/config/scenario_config.h"

namespace cohsim::config {
namespace {
nlohmann::json with_header(nlohmann::json schema, const char* id, const char* title) {
  schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  schema["$id"] = id;
  schema["title"] = title;
  return schema;
}
}  // namespace

nlohmann::json scenario_schema() {
  return with_header(schema_of<ScenarioConfig>(), "cohsim-scenario.schema.json", "cohsim scenario");
}

nlohmann::json platform_schema() {
  return with_header(schema_of<PlatformConfig>(), "cohsim-platform.schema.json", "cohsim platform");
}

}  // namespace cohsim::config
