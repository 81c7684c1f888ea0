#include "models/cache/tag_array.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>

namespace cohsim {

TagArray::TagArray(const Params& p)
    : ways_(p.ways) {
  // Config validation rejects bad geometry with a message naming the field;
  // this guards against programming errors only.
  if (p.ways == 0 || p.line_bytes == 0 || p.size_bytes == 0 || p.size_bytes % (std::uint64_t{p.ways} * p.line_bytes) != 0)
    throw std::invalid_argument("TagArray: ways x line size must divide the cache size");
  sets_ = p.size_bytes / (std::uint64_t{p.ways} * p.line_bytes);
  pow2_sets_ = (sets_ & (sets_ - 1)) == 0;
  set_mask_ = sets_ - 1;
  const std::uint64_t n = sets_ * ways_;
  if (n >= kNone) throw std::invalid_argument("TagArray: too many lines");
  ways_array_.assign(n, Way{0, 0, 0});
  flags_.assign(n, 0);
}

TagArray::Slot TagArray::victim_for(std::uint64_t line) const {
  // Empty ways have stamp 0 and valid ones at least 1, so the smallest stamp
  // is an empty way if there is one, else the least recently used.
  const Slot base = static_cast<Slot>(set_of(line) * ways_);
  const Way* ways = &ways_array_[base];
  unsigned oldest = 0;
  std::uint32_t best = ways[0].stamp;
  for (unsigned w = 1; w < ways_; ++w) {
    const std::uint32_t s = ways[w].stamp;
    oldest = s < best ? w : oldest;
    best = s < best ? s : best;
  }
  return base + oldest;
}

void TagArray::renumber_stamps() {
  std::vector<unsigned> order(ways_);
  for (std::uint64_t set = 0; set < sets_; ++set) {
    Way* ways = &ways_array_[set * ways_];
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [ways](unsigned a, unsigned b) { return ways[a].stamp < ways[b].stamp; });
    for (unsigned rank = 0; rank < ways_; ++rank) ways[order[rank]].stamp = ways[order[rank]].tag == 0 ? 0 : rank + 1;
  }
  clock_ = ways_ + 1;
}

std::uint64_t TagArray::valid_lines() const {
  std::uint64_t n = 0;
  for (const Way& w : ways_array_) n += (w.tag != 0);
  return n;
}

std::uint64_t TagArray::dirty_lines() const {
  std::uint64_t n = 0;
  for (Slot s = 0; s < slots(); ++s) n += (ways_array_[s].tag != 0 && dirty(s));
  return n;
}

std::uint64_t TagArray::prefetched_lines_unused() const {
  std::uint64_t n = 0;
  for (Slot s = 0; s < slots(); ++s) n += (ways_array_[s].tag != 0 && (flags_[s] & kPrefetched));
  return n;
}

}  // namespace cohsim
