#include "sim/util/checked_number.h"

namespace cohsim {

std::string TextPlace::text() const {
  if (line == 0) return {};
  return column == 0 ? std::to_string(line) : std::to_string(line) + ":" + std::to_string(column);
}

template <class T>
T checked_number(std::string_view text, const TextPlace& at, std::string_view what, int base) {
  T value{};
  switch (to_number(text, value, base)) {
    case NumberError::none:
      return value;
    case NumberError::out_of_range: {
      std::string limit;
      if constexpr (std::is_floating_point_v<T>) {
        limit = "a finite number";
      } else {
        limit = "at most " + std::to_string(std::numeric_limits<T>::max());
      }
      throw InputError(at.file, at.text(), std::string(what) + " \"" + std::string(text) + "\" is out of range (" + limit + ")");
    }
    case NumberError::not_a_number:
      break;
  }
  const char* kind = std::is_floating_point_v<T> ? "a number" : base == 16 ? "a hexadecimal integer" : "an integer";
  throw InputError(at.file, at.text(), "expected " + std::string(what) + " (" + kind + "), got \"" + std::string(text) + "\"");
}

template std::uint64_t checked_number<std::uint64_t>(std::string_view, const TextPlace&, std::string_view, int);
template std::uint32_t checked_number<std::uint32_t>(std::string_view, const TextPlace&, std::string_view, int);
template std::int64_t checked_number<std::int64_t>(std::string_view, const TextPlace&, std::string_view, int);
template std::int32_t checked_number<std::int32_t>(std::string_view, const TextPlace&, std::string_view, int);
template double checked_number<double>(std::string_view, const TextPlace&, std::string_view, int);

}  // namespace cohsim
