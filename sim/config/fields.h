#pragma once
// One description per config field, three uses: strict parsing (unknown keys,
// wrong types and out-of-range values are errors naming the JSON pointer),
// writing the resolved config into results, and generating the JSON Schema and
// the config reference. A config struct lists its fields once:
//
//   struct CacheConfig {
//     std::uint64_t size = 0;
//     template <class V> void describe(V& v) {
//       v("size", size, {.doc = "capacity", .unit = "bytes", .min = 1, .required = true});
//     }
//     void check(const Checker& c) const;  // optional cross-field rules
//   };
//
// A key's name in code is its name in JSON, so docs and schema cannot drift.
#include <array>
#include <concepts>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/util/input_error.h"
#include "sim/util/units.h"

namespace cohsim::config {

using json = nlohmann::json;

struct Spec {
  std::string_view doc;
  std::string_view unit = {};  // "bytes" also accepts strings such as "48KiB"
  std::optional<double> min = {};
  std::optional<double> max = {};
  bool required = false;
};

// Enum <-> JSON string: specialise EnumNames<E> with a `values` array of pairs.
template <class E>
struct EnumNames;

template <class E>
concept NamedEnum = std::is_enum_v<E> && requires {
  EnumNames<E>::values;
};

template <NamedEnum E>
std::string_view enum_name(E e) {
  for (const auto& [value, name] : EnumNames<E>::values)
    if (value == e) return name;
  return "?";
}

// Where a value sits: maps a JSON pointer in the document being read to the
// file and place a user should look at. Documents merged from a preset and a
// scenario override blame whichever file the value came from.
using Blame = std::function<std::pair<std::string, std::string>(const std::string& pointer)>;

inline Blame blame_file(std::string file, std::string prefix = "") {
  return [file = std::move(file), prefix = std::move(prefix)](const std::string& pointer) {
    std::string place = prefix + pointer;
    return std::make_pair(file, place.empty() ? std::string("/") : place);
  };
}

// Handed to a struct's check(): raises an error at one of its fields.
class Checker {
 public:
  Checker(const Blame& blame, std::string pointer)
      : blame_(blame),
        pointer_(std::move(pointer)) {}
  [[noreturn]] void fail(std::string_view key, const std::string& message) const;
  [[noreturn]] void fail_here(const std::string& message) const;
  // An error about several fields together (ways that do not divide a size):
  // blamed on the first of `keys` that the same document gave as their object
  // (the user's override, not the preset it patches), else on the first key.
  [[noreturn]] void fail_among(std::initializer_list<std::string_view> keys, const std::string& message) const;
  std::string pointer_of(std::string_view key) const;
  Checker child(std::string_view key) const { return Checker(blame_, pointer_of(key)); }
  const Blame& blame() const { return blame_; }
  const std::string& pointer() const { return pointer_; }

 private:
  const Blame& blame_;
  std::string pointer_;
};

std::string escape_pointer_token(std::string_view key);
std::string describe_json_type(const json& j);
// Closest allowed key for "did you mean" hints; empty when nothing is close.
std::string closest_key(std::string_view key, const std::vector<std::string>& allowed);

struct DescribeProbe {
  template <class F>
  void operator()(std::string_view, F&, const Spec&) {}
};
template <class T>
concept Described = requires(T& t, DescribeProbe& probe) {
  t.describe(probe);
};

template <class T>
concept Checked = requires(const T& t, const Checker& c) {
  t.check(c);
};

template <class T>
struct is_std_map : std::false_type {};
template <class V>
struct is_std_map<std::map<std::string, V>> : std::true_type {};
template <class T>
struct is_std_vector : std::false_type {};
template <class V>
struct is_std_vector<std::vector<V>> : std::true_type {};
template <class T>
struct is_std_optional : std::false_type {};
template <class V>
struct is_std_optional<std::optional<V>> : std::true_type {};

// ---------------------------------------------------------------- reading
class Reader {
 public:
  Reader(const Blame& blame)
      : blame_(blame) {}

  template <class T>
  void read(const json& j, const std::string& pointer, T& out, const Spec& spec = {}) const;

  [[noreturn]] void fail(const std::string& pointer, const std::string& message) const {
    auto [file, place] = blame_(pointer);
    throw InputError(file, place, message);
  }

 private:
  template <class T>
  void read_number(const json& j, const std::string& pointer, T& out, const Spec& spec) const;
  void check_range(double value, const std::string& pointer, const Spec& spec) const;

  const Blame& blame_;
};

// Visits a struct's fields against one JSON object, then rejects unknown keys.
class ObjectReader {
 public:
  ObjectReader(const Reader& reader, const json& object, std::string pointer)
      : reader_(reader),
        object_(object),
        pointer_(std::move(pointer)) {}

  template <class F>
  void operator()(std::string_view key, F& field, const Spec& spec) {
    known_.emplace_back(key);
    auto it = object_.find(key);
    if (it == object_.end()) {
      if (spec.required) reader_.fail(pointer_, "missing required key \"" + std::string(key) + "\" (" + std::string(spec.doc) + ")");
      return;
    }
    reader_.read(*it, pointer_ + "/" + escape_pointer_token(key), field, spec);
  }

  void reject_unknown_keys() const;

 private:
  const Reader& reader_;
  const json& object_;
  std::string pointer_;
  std::vector<std::string> known_;
};

template <class T>
void Reader::read(const json& j, const std::string& pointer, T& out, const Spec& spec) const {
  if constexpr (std::is_same_v<T, json>) {
    out = j;
  } else if constexpr (std::is_same_v<T, bool>) {
    if (!j.is_boolean()) fail(pointer, "expected true or false, got " + describe_json_type(j));
    out = j.get<bool>();
  } else if constexpr (std::is_arithmetic_v<T>) {
    read_number(j, pointer, out, spec);
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (!j.is_string()) fail(pointer, "expected a string, got " + describe_json_type(j));
    out = j.get<std::string>();
    if (spec.min && out.size() < static_cast<size_t>(*spec.min)) fail(pointer, "expected a non-empty string");
  } else if constexpr (NamedEnum<T>) {
    std::string choices;
    for (const auto& [value, name] : EnumNames<T>::values) {
      choices += (choices.empty() ? "" : ", ") + std::string(name);
      if (j.is_string() && j.get<std::string>() == name) {
        out = value;
        return;
      }
    }
    fail(pointer, "expected one of " + choices + "; got " + (j.is_string() ? "\"" + j.get<std::string>() + "\"" : describe_json_type(j)));
  } else if constexpr (is_std_optional<T>::value) {
    if (j.is_null()) {
      out.reset();
    } else {
      typename T::value_type value{};
      if (out) value = *out;
      read(j, pointer, value, spec);
      out = std::move(value);
    }
  } else if constexpr (is_std_vector<T>::value) {
    if (!j.is_array()) fail(pointer, "expected an array, got " + describe_json_type(j));
    out.clear();
    for (size_t i = 0; i < j.size(); ++i) {
      typename T::value_type value{};
      read(j[i], pointer + "/" + std::to_string(i), value, spec);
      out.push_back(std::move(value));
    }
    if (spec.min && out.size() < static_cast<size_t>(*spec.min))
      fail(pointer, "expected at least " + std::to_string(static_cast<size_t>(*spec.min)) + " element(s)");
  } else if constexpr (is_std_map<T>::value) {
    if (!j.is_object()) fail(pointer, "expected an object of named entries, got " + describe_json_type(j));
    out.clear();
    for (const auto& [key, value_json] : j.items()) {
      typename T::mapped_type value{};
      read(value_json, pointer + "/" + escape_pointer_token(key), value, spec);
      out.emplace(key, std::move(value));
    }
  } else if constexpr (requires(T & t, const json& s) { t.read_shorthand(s); }) {
    // A struct that also accepts a shorter spelling (for example a bare name).
    if (!j.is_object()) {
      if (!out.read_shorthand(j)) fail(pointer, std::string("expected ") + T::kShorthandExpected + ", got " + describe_json_type(j));
      return;
    }
    ObjectReader fields(*this, j, pointer);
    out.describe(fields);
    fields.reject_unknown_keys();
    if constexpr (Checked<T>) out.check(Checker(blame_, pointer));
  } else {
    static_assert(Described<T>, "config field type needs describe()");
    if (!j.is_object()) fail(pointer, "expected an object, got " + describe_json_type(j));
    ObjectReader fields(*this, j, pointer);
    out.describe(fields);
    fields.reject_unknown_keys();
    if constexpr (Checked<T>) out.check(Checker(blame_, pointer));
  }
}

template <class T>
void Reader::read_number(const json& j, const std::string& pointer, T& out, const Spec& spec) const {
  if constexpr (std::is_integral_v<T>) {
    if (spec.unit == "bytes" && j.is_string()) {
      auto bytes = parse_byte_size(j.get<std::string>());
      if (!bytes) fail(pointer, "expected a byte size such as 4096, \"48KiB\" or \"1.25MiB\"; got \"" + j.get<std::string>() + "\"");
      check_range(static_cast<double>(*bytes), pointer, spec);
      out = static_cast<T>(*bytes);
      return;
    }
    const bool integral = j.is_number_integer() || (j.is_number_float() && j.get<double>() == static_cast<double>(static_cast<std::int64_t>(j.get<double>())));
    if (!integral)
      fail(pointer, std::string("expected an integer") + (spec.unit.empty() ? "" : " (" + std::string(spec.unit) + ")") + ", got " + describe_json_type(j));
    const double value = j.get<double>();
    if (std::is_unsigned_v<T> && value < 0) fail(pointer, "expected a non-negative integer, got " + j.dump());
    check_range(value, pointer, spec);
    if (value > static_cast<double>(std::numeric_limits<T>::max())) fail(pointer, "value " + j.dump() + " is too large");
    out = j.is_number_unsigned() ? static_cast<T>(j.get<std::uint64_t>()) : static_cast<T>(j.get<std::int64_t>());
  } else {
    if (!j.is_number())
      fail(pointer, std::string("expected a number") + (spec.unit.empty() ? "" : " (" + std::string(spec.unit) + ")") + ", got " + describe_json_type(j));
    const double value = j.get<double>();
    check_range(value, pointer, spec);
    out = static_cast<T>(value);
  }
}

// Reads a whole document into a described struct.
template <class T>
T read_document(const json& j, const Blame& blame) {
  T out{};
  Reader(blame).read(j, "", out);
  return out;
}

// ---------------------------------------------------------------- writing
class ObjectWriter;

template <class T>
json to_json_value(const T& value) {
  if constexpr (std::is_same_v<T, json> || std::is_arithmetic_v<T> || std::is_same_v<T, std::string>) {
    return value;
  } else if constexpr (NamedEnum<T>) {
    return std::string(enum_name(value));
  } else if constexpr (is_std_optional<T>::value) {
    return value ? to_json_value(*value) : json(nullptr);
  } else if constexpr (is_std_vector<T>::value) {
    json out = json::array();
    for (const auto& v : value) out.push_back(to_json_value(v));
    return out;
  } else if constexpr (is_std_map<T>::value) {
    json out = json::object();
    for (const auto& [k, v] : value) out[k] = to_json_value(v);
    return out;
  } else {
    static_assert(Described<T>, "config field type needs describe()");
    json out = json::object();
    auto write = [&out](std::string_view key, const auto& field, const Spec&) { out[std::string(key)] = to_json_value(field); };
    const_cast<T&>(value).describe(write);  // describe() only reads through this visitor
    return out;
  }
}

// ---------------------------------------------------------------- schema
// JSON Schema (draft 2020-12) of a described type; defaults come from a
// default-constructed instance.
template <class T>
json schema_of(const Spec& spec = {}, const T* default_value = nullptr);

template <class T>
json schema_of(const Spec& spec, const T* default_value) {
  json s = json::object();
  if (!spec.doc.empty()) s["description"] = std::string(spec.doc) + (spec.unit.empty() ? "" : " [" + std::string(spec.unit) + "]");
  if constexpr (std::is_same_v<T, json>) {
    // any JSON value
  } else if constexpr (std::is_same_v<T, bool>) {
    s["type"] = "boolean";
  } else if constexpr (std::is_integral_v<T>) {
    json integer = {{"type", "integer"}};
    if (spec.min)
      integer["minimum"] = *spec.min;
    else if (std::is_unsigned_v<T>)
      integer["minimum"] = 0;
    if (spec.max) integer["maximum"] = *spec.max;
    if (spec.unit == "bytes") {
      s["anyOf"] = json::array({integer, {{"type", "string"}, {"pattern", "^[0-9.]+ ?(B|KiB|MiB|GiB|TiB)$"}}});
    } else {
      s.update(integer);
    }
  } else if constexpr (std::is_floating_point_v<T>) {
    s["type"] = "number";
    if (spec.min) s["minimum"] = *spec.min;
    if (spec.max) s["maximum"] = *spec.max;
  } else if constexpr (std::is_same_v<T, std::string>) {
    s["type"] = "string";
    if (spec.min) s["minLength"] = static_cast<int>(*spec.min);
  } else if constexpr (NamedEnum<T>) {
    json names = json::array();
    for (const auto& [value, name] : EnumNames<T>::values) names.push_back(std::string(name));
    s["enum"] = names;
  } else if constexpr (is_std_optional<T>::value) {
    json inner = schema_of<typename T::value_type>(Spec{});
    s["anyOf"] = json::array({inner, {{"type", "null"}}});
  } else if constexpr (is_std_vector<T>::value) {
    s["type"] = "array";
    s["items"] = schema_of<typename T::value_type>(Spec{});
    if (spec.min) s["minItems"] = static_cast<int>(*spec.min);
  } else if constexpr (is_std_map<T>::value) {
    s["type"] = "object";
    s["additionalProperties"] = schema_of<typename T::mapped_type>(Spec{});
  } else {
    static_assert(Described<T>, "config field type needs describe()");
    T defaults{};
    json properties = json::object();
    json required = json::array();
    auto visit = [&](std::string_view key, auto& field, const Spec& field_spec) {
      using F = std::remove_cvref_t<decltype(field)>;
      json sub = schema_of<F>(field_spec, &field);
      properties[std::string(key)] = sub;
      if (field_spec.required) required.push_back(std::string(key));
    };
    defaults.describe(visit);
    json object = {{"type", "object"}, {"properties", properties}, {"additionalProperties", false}};
    if (!required.empty()) object["required"] = required;
    if constexpr (requires { T::shorthand_schema(); }) {
      s["anyOf"] = json::array({T::shorthand_schema(), object});
    } else {
      s.update(object);
    }
    return s;
  }
  if (default_value != nullptr && !spec.required) {
    if constexpr (!std::is_same_v<T, json> && !is_std_map<T>::value) s["default"] = to_json_value(*default_value);
  }
  return s;
}

}  // namespace cohsim::config
