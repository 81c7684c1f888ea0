#include "models/cache/tag_array.h"

#include <stdexcept>

namespace cohsim {

TagArray::TagArray(const Params& p) : ways_(p.ways) {
  // Config validation rejects bad geometry with a message naming the field;
  // this guards against programming errors only.
  if (p.ways == 0 || p.line_bytes == 0 || p.size_bytes % (std::uint64_t{p.ways} * p.line_bytes) != 0 || p.size_bytes == 0)
    throw std::invalid_argument("TagArray: ways x line size must divide the cache size");
  sets_ = p.size_bytes / (std::uint64_t{p.ways} * p.line_bytes);
  pow2_sets_ = (sets_ & (sets_ - 1)) == 0;
  set_mask_ = sets_ - 1;
  const std::uint64_t n = sets_ * ways_;
  if (n >= kNone) throw std::invalid_argument("TagArray: too many lines");
  keys_.assign(n, 0);
  stamp_.assign(n, 0);
  version_.assign(n, 0);
  dirty_.assign(n, false);
}

TagArray::Slot TagArray::victim_for(std::uint64_t line) const {
  const Slot base = static_cast<Slot>(set_of(line) * ways_);
  Slot oldest = base;
  for (unsigned w = 0; w < ways_; ++w) {
    const Slot s = base + w;
    if (keys_[s] == 0) return s;
    if (stamp_[s] < stamp_[oldest]) oldest = s;
  }
  return oldest;
}

std::uint64_t TagArray::valid_lines() const {
  std::uint64_t n = 0;
  for (auto k : keys_) n += (k != 0);
  return n;
}

std::uint64_t TagArray::dirty_lines() const {
  std::uint64_t n = 0;
  for (Slot s = 0; s < slots(); ++s) n += (keys_[s] != 0 && dirty_[s]);
  return n;
}

}  // namespace cohsim
