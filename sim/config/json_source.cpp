#include "sim/config/json_source.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <vector>

#include "sim/config/fields.h"
#include "sim/util/input_error.h"

namespace cohsim::config {
namespace {

std::string line_column(const std::string& text, size_t byte) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return std::to_string(line) + ":" + std::to_string(column);
}

// Tracks where the parser is (as a JSON pointer) to name duplicate keys.
struct DuplicateKeyCheck {
  struct Level {
    bool is_array = false;
    long index = -1;
    std::string key;
    std::set<std::string> seen;
  };
  std::vector<Level> stack;
  std::string duplicate_pointer;

  std::string pointer() const {
    std::string out;
    for (const auto& level : stack) {
      if (level.is_array) {
        if (level.index >= 0) out += "/" + std::to_string(level.index);
      } else if (!level.key.empty()) {
        out += "/" + escape_pointer_token(level.key);
      }
    }
    return out;
  }
  void element_starts() {
    if (!stack.empty() && stack.back().is_array) ++stack.back().index;
  }
  bool on_event(int depth, nlohmann::json::parse_event_t event, const nlohmann::json& parsed) {
    (void)depth;
    using E = nlohmann::json::parse_event_t;
    switch (event) {
      case E::object_start:
        element_starts();
        stack.push_back(Level{});
        break;
      case E::array_start:
        element_starts();
        stack.push_back(Level{true, -1, {}, {}});
        break;
      case E::object_end:
      case E::array_end:
        if (!stack.empty()) stack.pop_back();
        break;
      case E::key: {
        const std::string key = parsed.get<std::string>();
        if (!stack.back().seen.insert(key).second && duplicate_pointer.empty()) {
          stack.back().key = key;
          duplicate_pointer = pointer();
        }
        stack.back().key = key;
        break;
      }
      case E::value:
        element_starts();
        break;
    }
    return true;
  }
};

}  // namespace

nlohmann::json parse_json_text(const std::string& text, const std::string& path) {
  DuplicateKeyCheck check;
  nlohmann::json parsed;
  try {
    parsed = nlohmann::json::parse(
        text, [&check](int depth, nlohmann::json::parse_event_t event, nlohmann::json& value) { return check.on_event(depth, event, value); });
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() starts with "[json.exception.parse_error.101] parse error at line L, column C: "
    std::string why = e.what();
    const auto colon = why.find(": ");
    if (colon != std::string::npos) why = why.substr(colon + 2);
    throw InputError(path, line_column(text, e.byte == 0 ? 0 : e.byte - 1), "invalid JSON: " + why);
  } catch (const nlohmann::json::out_of_range& e) {
    // A number too large for a double ("number overflow parsing '1e999'"):
    // nlohmann gives no position, so find the number's text. (Found by fuzzing.)
    std::string why = e.what();
    std::string place;
    if (const auto open = why.find('\''), close = why.rfind('\''); open != std::string::npos && close > open) {
      if (const auto at = text.find(why.substr(open + 1, close - open - 1)); at != std::string::npos) place = line_column(text, at);
    }
    const auto bracket = why.find("] ");
    throw InputError(path, place, "invalid JSON: " + (bracket != std::string::npos ? why.substr(bracket + 2) : why));
  }
  if (!check.duplicate_pointer.empty()) {
    throw InputError(path, check.duplicate_pointer, "this key appears more than once in its object; keep one");
  }
  return parsed;
}

nlohmann::json load_json_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, "", std::string("cannot open: ") + std::strerror(errno));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) throw InputError(path, "", "cannot read the file");
  return parse_json_text(buffer.str(), path);
}

}  // namespace cohsim::config
