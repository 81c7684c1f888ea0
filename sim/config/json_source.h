#pragma once
// Loading JSON files for configs: syntax errors become FILE:LINE:COLUMN
// messages, and a key written twice in one object is an error (nlohmann would
// otherwise keep the last one silently).
#include <nlohmann/json.hpp>
#include <string>

namespace cohsim::config {

// Reads and parses; throws InputError naming the file and the place.
nlohmann::json load_json_file(const std::string& path);

// Parses text that came from `path` (used by tests and by load_json_file).
nlohmann::json parse_json_text(const std::string& text, const std::string& path);

}  // namespace cohsim::config
