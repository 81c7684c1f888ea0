#pragma once
// Main memory: a fixed unloaded latency and one bandwidth shared by every
// agent. A request takes its transfer time (whole bursts / bandwidth) in the
// first window of memory's calendar that has room for it (DramTiming
// below); a read completes `latency` after its transfer starts, a write
// (posted) when its transfer is done. So one read sees exactly the unloaded
// latency, and back-to-back requests are spaced by their transfer time:
// throughput converges to the peak bandwidth.
// Memory also keeps the oracle version of every line written to it.
#include <algorithm>
#include <cstdint>
#include <deque>
#include <systemc>
#include <tlm>

#include "models/common/line_versions.h"
#include "models/common/lt_sockets.h"
#include "models/common/mem_op.h"
#include "models/common/stats.h"
#include "models/dram/params.h"
#include "models/dram/stats.h"

namespace cohsim {

// What the memory model is given: the platform's settings for it, as read
// (MemoryConfig, models/dram/params.h; burst_bytes is the smallest transfer:
// a partial access occupies a whole burst, byte masks select what it
// writes), and the platform's line size.
struct DramParams : MemoryConfig {
  unsigned line_bytes = 64;
};

// The timing rule, without SystemC. Memory time is cut into windows of 16
// line transfers; a request takes the first window at or after its time that
// still has room, queued behind what that window already carries. Agents run
// ahead of each other by up to a quantum (temporal decoupling), so requests
// do not arrive in time order; a single busy-until time would make an early
// request wait behind one reserved for later. Windows confine that to a
// window (tens of ns). One request sees exactly the unloaded latency;
// back-to-back requests are spaced by their transfer time, a transfer being
// whole bursts.
class DramTiming {
 public:
  explicit DramTiming(const DramParams& p);
  // Completion time of a transfer of `bytes` requested at `t`: a read's
  // data arrives `latency` after its transfer starts; a write is posted, done
  // once its transfer is (the controller took it into its write queue).
  Tick access(Tick t, std::uint64_t bytes, bool posted = false);
  // The end of the latest transfer.
  Tick busy_until() const { return busy_until_; }

 private:
  Tick latency_;
  double gbps_;
  std::uint64_t line_bytes_;
  std::uint64_t burst_bytes_;
  Tick line_transfer_;  // the common case, computed once
  Tick window_;
  std::deque<Tick> used_;  // transfer time taken in window first_window_ + i (a prefix of it)
  std::uint64_t first_window_ = 0;
  Tick busy_until_ = 0;
};

// Memory as a plain class: timing, the version each line holds, statistics.
class MemoryBehaviour {
 public:
  MemoryBehaviour(const DramParams& params, StatGroup& stats);
  // Returns the completion time; a read sets `version` to what memory holds.
  Tick read(std::uint64_t line, unsigned bytes, Tick t, Version& version);
  Tick write(std::uint64_t line, unsigned bytes, Version version, Tick t);
  const LineVersionMap& versions() const { return versions_; }

 private:
  DramTiming timing_;
  LineVersionMap versions_;
  MemoryStats stats_;
};

class Dram : public sc_core::sc_module, public LtTargetBase {
 public:
  tlm::tlm_target_socket<32, tlm::tlm_base_protocol_types, 0> port;

  Dram(sc_core::sc_module_name name, const DramParams& params, StatRegistry& stats);
  void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) override;
  MemoryBehaviour& behaviour() { return behaviour_; }

 private:
  unsigned line_bytes_;
  MemoryBehaviour behaviour_;
};

}  // namespace cohsim
