#pragma once
// A point-to-point link (a platform-graph edge): a fixed latency and, when a
// bandwidth is given, a busy-until time so that transfers from agents that
// overlap in time queue behind each other.
#include <algorithm>
#include <cstdint>

#include "models/common/time.h"

namespace cohsim {

struct LinkParams {
  double latency_ns = 0;
  double bandwidth_gbps = 0;  // 0: unlimited
};

class Link {
 public:
  Link() = default;
  explicit Link(const LinkParams& p)
      : latency_(ns_to_ticks(p.latency_ns)),
        gbps_(p.bandwidth_gbps) {}
  bool unlimited() const { return gbps_ <= 0; }

  // A transfer of `bytes` that is ready at `t` arrives at the far end at the
  // returned time.
  Tick traverse(Tick t, std::uint64_t bytes) {
    if (gbps_ > 0) {
      const Tick start = std::max(t, busy_until_);
      busy_until_ = start + transfer_ticks(bytes, gbps_);
      t = start;
    }
    return t + latency_;
  }
  Tick latency() const { return latency_; }

 private:
  Tick latency_ = 0;
  double gbps_ = 0;
  Tick busy_until_ = 0;
};

}  // namespace cohsim
