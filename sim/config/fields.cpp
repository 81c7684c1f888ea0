#include "sim/config/fields.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace cohsim::config {

void Checker::fail(std::string_view key, const std::string& message) const {
  auto [file, place] = blame_(pointer_of(key));
  throw InputError(file, place, message);
}

void Checker::fail_here(const std::string& message) const {
  auto [file, place] = blame_(pointer_);
  throw InputError(file, place, message);
}

void Checker::fail_among(std::initializer_list<std::string_view> keys, const std::string& message) const {
  const std::string object_file = blame_(pointer_).first;
  for (std::string_view key : keys) {
    auto [file, place] = blame_(pointer_of(key));
    if (file == object_file) throw InputError(file, place, message);
  }
  fail(*keys.begin(), message);
}

std::string Checker::pointer_of(std::string_view key) const { return pointer_ + "/" + escape_pointer_token(key); }

std::string escape_pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string describe_json_type(const json& j) {
  std::string text = j.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  switch (j.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "the boolean " + text;
    case json::value_t::string:
      return "the string " + text;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "the integer " + text;
    case json::value_t::number_float:
      return "the number " + text;
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    default:
      return text;
  }
}

namespace {
size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}
}  // namespace

std::string closest_key(std::string_view key, const std::vector<std::string>& allowed) {
  std::string best;
  size_t best_distance = std::max<size_t>(2, key.size() / 3) + 1;
  for (const auto& candidate : allowed) {
    const size_t d = edit_distance(key, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

void ObjectReader::reject_unknown_keys() const {
  for (const auto& [key, value] : object_.items()) {
    if (std::find(known_.begin(), known_.end(), key) != known_.end()) continue;
    std::string message = "unknown key \"" + key + "\"";
    const std::string hint = closest_key(key, known_);
    if (!hint.empty()) message += "; did you mean \"" + hint + "\"?";
    std::string allowed;
    for (const auto& k : known_) allowed += (allowed.empty() ? "" : ", ") + k;
    message += " (allowed here: " + allowed + ")";
    reader_.fail(pointer_ + "/" + escape_pointer_token(key), message);
  }
}

void Reader::check_range(double value, const std::string& pointer, const Spec& spec) const {
  auto fmt = [](double v) {
    std::ostringstream out;
    out << v;
    return out.str();
  };
  const std::string unit = spec.unit.empty() ? "" : " " + std::string(spec.unit);
  if (!std::isfinite(value)) fail(pointer, "expected a finite number");
  if (spec.min && value < *spec.min) {
    fail(pointer, "value " + fmt(value) + " is below the minimum " + fmt(*spec.min) + unit + (spec.doc.empty() ? "" : " (" + std::string(spec.doc) + ")"));
  }
  if (spec.max && value > *spec.max) {
    fail(pointer, "value " + fmt(value) + " is above the maximum " + fmt(*spec.max) + unit + (spec.doc.empty() ? "" : " (" + std::string(spec.doc) + ")"));
  }
}

}  // namespace cohsim::config
