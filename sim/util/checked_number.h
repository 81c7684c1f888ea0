#pragma once
// Every number cohsim reads from text goes through here (trace lines, din
// records, Wayland logs, command-line specs, sizes): the whole token must be
// the number, it must fit its type, and a failure is an InputError naming
// FILE:LINE:COLUMN. (Fuzzing found a 33-digit Wayland timestamp that
// std::stoull turned into an internal error.)
#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>

#include "sim/util/input_error.h"

namespace cohsim {

// Where a token sits in a text file; line and column are 1-based, 0 when unknown.
struct TextPlace {
  std::string file;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  std::string text() const;  // "LINE:COLUMN", "LINE" or ""
};

enum class NumberError : std::uint8_t { none, not_a_number, out_of_range };

// The number `text` spells entirely, or why not. Integers take base 10 or 16
// (no prefix: strip "0x" first); doubles are decimal, finite.
template <class T>
NumberError to_number(std::string_view text, T& out, int base = 10) {
  static_assert(std::is_arithmetic_v<T> && !std::is_same_v<T, bool>);
  if (text.empty()) return NumberError::not_a_number;
  if constexpr (std::is_unsigned_v<T>) {
    if (text.front() == '-') return NumberError::not_a_number;
  }
  T value{};
  std::from_chars_result r{};
  if constexpr (std::is_floating_point_v<T>) {
    r = std::from_chars(text.data(), text.data() + text.size(), value);
  } else {
    r = std::from_chars(text.data(), text.data() + text.size(), value, base);
  }
  if (r.ec == std::errc::result_out_of_range) return NumberError::out_of_range;
  if (r.ec != std::errc() || r.ptr != text.data() + text.size()) return NumberError::not_a_number;
  if constexpr (std::is_floating_point_v<T>) {
    if (value != value || value == std::numeric_limits<T>::infinity() || value == -std::numeric_limits<T>::infinity()) return NumberError::out_of_range;
  }
  out = value;
  return NumberError::none;
}

// The same, or an InputError at `at`: "expected WHAT, got "TEXT"" or
// "WHAT "TEXT" is out of range (at most MAX)".
template <class T>
T checked_number(std::string_view text, const TextPlace& at, std::string_view what, int base = 10);

extern template std::uint64_t checked_number<std::uint64_t>(std::string_view, const TextPlace&, std::string_view, int);
extern template std::uint32_t checked_number<std::uint32_t>(std::string_view, const TextPlace&, std::string_view, int);
extern template std::int64_t checked_number<std::int64_t>(std::string_view, const TextPlace&, std::string_view, int);
extern template std::int32_t checked_number<std::int32_t>(std::string_view, const TextPlace&, std::string_view, int);
extern template double checked_number<double>(std::string_view, const TextPlace&, std::string_view, int);

}  // namespace cohsim
