#pragma once
// An IOMMU's translation cache in front of one device (an Arm SMMU's TBU,
// Intel VT-d's IOTLB), as a fully associative set of page translations with
// the least recently used one replaced. A device request to a page it does
// not hold waits for a page-table walk before it leaves the device; an
// unmap drops the translations of the pages it unmaps. Real IOTLBs are set
// associative and some prefetch translations; docs/platforms.md says what
// this leaves out.
#include <cstdint>
#include <list>
#include <unordered_map>

#include "models/common/time.h"
#include "models/device/stats.h"

namespace cohsim {

struct IoTlbParams {
  unsigned entries = 64;
  std::uint64_t page_bytes = 4096;
  Tick walk = 0;  // a miss's page-table walk
};

class IoTlb {
 public:
  IoTlb(const IoTlbParams& params, IommuStats& stats)
      : params_(params),
        stats_(stats) {}

  // The time a request for `address`, ready at `t`, leaves with its physical address.
  Tick translate(std::uint64_t address, Tick t) {
    const std::uint64_t page = address / params_.page_bytes;
    if (page == last_page_) return t;  // the most recent translation: a hit that changes no order
    last_page_ = page;
    if (const auto it = where_.find(page); it != where_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      return t;
    }
    if (where_.size() == params_.entries) {
      where_.erase(lru_.back());
      lru_.pop_back();
    }
    lru_.push_front(page);
    where_[page] = lru_.begin();
    ++stats_.iotlb_misses;
    stats_.walk_time += params_.walk;
    return t + params_.walk;
  }

  // The pages of [address, address + bytes) are unmapped: their translations go.
  void invalidate(std::uint64_t address, std::uint64_t bytes) {
    if (bytes == 0) return;
    const std::uint64_t end = (address + bytes - 1) / params_.page_bytes + 1;
    for (std::uint64_t page = address / params_.page_bytes; page < end; ++page) {
      const auto it = where_.find(page);
      if (it == where_.end()) continue;
      lru_.erase(it->second);
      where_.erase(it);
    }
    last_page_ = kNoPage;
  }
  std::uint64_t page_bytes() const { return params_.page_bytes; }

 private:
  static constexpr std::uint64_t kNoPage = ~std::uint64_t{0};
  IoTlbParams params_;
  IommuStats& stats_;
  std::list<std::uint64_t> lru_;  // most recently used first
  std::unordered_map<std::uint64_t, std::list<std::uint64_t>::iterator> where_;
  std::uint64_t last_page_ = kNoPage;
};

}  // namespace cohsim
