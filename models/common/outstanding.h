#pragma once
// A bounded set of requests in flight: miss status holding registers, write-
// combining buffers, a DMA engine's request slots. An agent may issue a new
// request only while fewer than `capacity` are outstanding; otherwise it waits
// for the earliest to complete. Also remembers the latest completion, which a
// barrier or the end of the run waits for.
//
// Completion times are kept sorted in a small array: requests mostly complete
// in the order they were issued, so an insertion is almost always an append
// and taking the earliest is a step of the head index.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/common/time.h"

namespace cohsim {

class Outstanding {
 public:
  explicit Outstanding(unsigned capacity = 1)
      : capacity_(std::max(1u, capacity)) {
    times_.reserve(4 * std::size_t{capacity_});
  }

  // The time at or after `now` when a slot is free. The caller then add()s
  // the request it issues.
  Tick slot_free_at(Tick now) {
    while (head_ < times_.size() && times_[head_] <= now) ++head_;
    if (times_.size() - head_ < capacity_) return now;
    return times_[head_++];  // wait for the earliest; its slot is taken next
  }
  void add(Tick completion) {
    if (head_ > 2 * std::size_t{capacity_}) {  // keep the array short
      times_.erase(times_.begin(), times_.begin() + static_cast<std::ptrdiff_t>(head_));
      head_ = 0;
    }
    if (times_.size() == head_ || completion >= times_.back()) {
      times_.push_back(completion);
    } else {
      times_.insert(std::upper_bound(times_.begin() + static_cast<std::ptrdiff_t>(head_), times_.end(), completion), completion);
    }
    latest_ = std::max(latest_, completion);
  }
  // Whether every slot is taken at `now` (a request issued now would wait).
  bool full_at(Tick now) {
    while (head_ < times_.size() && times_[head_] <= now) ++head_;
    return times_.size() - head_ >= capacity_;
  }
  // When everything issued so far has completed.
  Tick drained(Tick now) const { return std::max(now, latest_); }
  unsigned capacity() const { return capacity_; }

 private:
  unsigned capacity_;
  std::vector<Tick> times_;  // ascending from head_
  std::size_t head_ = 0;
  Tick latest_ = 0;
};

}  // namespace cohsim
