#pragma once
// A bounded set of requests in flight: miss status holding registers, write-
// combining buffers, a DMA engine's request slots. An agent may issue a new
// request only while fewer than `capacity` are outstanding; otherwise it waits
// for the earliest to complete. Also remembers the latest completion, which a
// barrier or the end of the run waits for.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

#include "models/common/time.h"

namespace cohsim {

class Outstanding {
 public:
  explicit Outstanding(unsigned capacity = 1) : capacity_(std::max(1u, capacity)) {}

  // The time at or after `now` when a slot is free.
  Tick slot_free_at(Tick now) {
    while (!in_flight_.empty() && in_flight_.top() <= now) in_flight_.pop();
    if (in_flight_.size() < capacity_) return now;
    const Tick t = in_flight_.top();
    in_flight_.pop();
    return t;
  }
  void add(Tick completion) {
    in_flight_.push(completion);
    latest_ = std::max(latest_, completion);
  }
  // When everything issued so far has completed.
  Tick drained(Tick now) const { return std::max(now, latest_); }
  void clear(Tick now) {
    while (!in_flight_.empty()) in_flight_.pop();
    latest_ = std::max(latest_, now);
  }
  unsigned capacity() const { return capacity_; }

 private:
  unsigned capacity_;
  std::priority_queue<Tick, std::vector<Tick>, std::greater<Tick>> in_flight_;
  Tick latest_ = 0;
};

}  // namespace cohsim
