#pragma once
// Calls f(line) for every line index that byte ranges overlap, in order:
// how the models that track versions per line (a virtual host's copy of a
// surface, swiotlb's slots) walk a set of byte ranges.
#include <cstdint>

#include "models/common/pixel_rect.h"

namespace cohsim {

template <class F>
void for_each_line(const ByteRanges& ranges, std::uint64_t line_bytes, F&& f) {
  for (const auto& [address, bytes] : ranges)
    if (bytes != 0)
      for (std::uint64_t l = address / line_bytes; l <= (address + bytes - 1) / line_bytes; ++l) f(l);
}

}  // namespace cohsim
