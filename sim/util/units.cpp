#include "sim/util/units.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>

#include "sim/util/checked_number.h"

namespace cohsim {

std::optional<std::uint64_t> parse_byte_size(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, std::uint64_t>, 5> kSuffixes{
      {{"TiB", 1ull << 40}, {"GiB", 1ull << 30}, {"MiB", 1ull << 20}, {"KiB", 1ull << 10}, {"B", 1}}};
  std::uint64_t scale = 1;
  std::string_view number = text;
  for (const auto& [suffix, factor] : kSuffixes) {
    if (text.size() > suffix.size() && text.ends_with(suffix)) {
      number = text.substr(0, text.size() - suffix.size());
      scale = factor;
      break;
    }
  }
  while (!number.empty() && number.back() == ' ') number.remove_suffix(1);
  if (number.empty()) return std::nullopt;
  double value = 0;
  if (to_number(number, value) != NumberError::none || !(value >= 0)) return std::nullopt;
  const double bytes = value * static_cast<double>(scale);
  if (bytes > 1.8e19 || bytes != std::floor(bytes)) return std::nullopt;
  return static_cast<std::uint64_t>(bytes);
}

std::string format_byte_size(std::uint64_t bytes) {
  static constexpr std::array<std::pair<const char*, std::uint64_t>, 4> kUnits{{{"GiB", 1ull << 30}, {"MiB", 1ull << 20}, {"KiB", 1ull << 10}, {"B", 1}}};
  for (const auto& [name, factor] : kUnits) {
    if (bytes >= factor && bytes % factor == 0) return std::to_string(bytes / factor) + " " + name;
  }
  for (const auto& [name, factor] : kUnits) {
    if (bytes >= factor) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.2f %s", static_cast<double>(bytes) / static_cast<double>(factor), name);
      return buf;
    }
  }
  return "0 B";
}

}  // namespace cohsim
