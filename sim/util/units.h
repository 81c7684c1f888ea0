#pragma once
// Human-friendly quantities in configs: "48KiB", "1.25MiB", 4096.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cohsim {

// Parses an integer with an optional binary suffix (B, KiB, MiB, GiB, TiB;
// fractions allowed with a suffix, as long as the result is a whole number of
// bytes). Returns nothing when the text is not such a size.
std::optional<std::uint64_t> parse_byte_size(std::string_view text);

// The inverse, for messages and reports: 49152 -> "48 KiB".
std::string format_byte_size(std::uint64_t bytes);

}  // namespace cohsim
