#pragma once
// dma-fences between agents: a fence is signalled once, at a simulated time;
// an agent that waits on it continues no earlier than that time. One table per
// simulation, shared by the core's replay thread and the device threads.
#include <cstdint>
#include <systemc>
#include <unordered_map>

#include "models/common/time.h"

namespace cohsim {

class FenceTable {
 public:
  void signal(std::uint64_t id, Tick t) {
    signalled_[id] = t;
    changed_.notify(sc_core::SC_ZERO_TIME);
  }
  bool is_signalled(std::uint64_t id) const { return signalled_.count(id) != 0; }
  Tick time_of(std::uint64_t id) const { return signalled_.at(id); }
  // Blocks the calling SystemC thread until `id` is signalled; returns when it was.
  Tick wait_for(std::uint64_t id) {
    while (!is_signalled(id)) sc_core::wait(changed_);
    return time_of(id);
  }

 private:
  std::unordered_map<std::uint64_t, Tick> signalled_;
  sc_core::sc_event changed_;
};

}  // namespace cohsim
