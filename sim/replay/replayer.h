#pragma once
// Replays a trace on an elaborated platform: one SystemC thread pulls
// operations from the source and hands each to the agent it names. Agents
// annotate their time (loosely timed); the replayer lets the agents run ahead
// of SystemC time by at most one quantum (temporal decoupling) and waits for
// everything in flight at the end of the trace.
#include <cstdint>
#include <exception>
#include <functional>
#include <vector>

#include <systemc>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "sim/platform/elaborate.h"
#include "sim/trace/trace_op.h"

namespace cohsim {

struct ReplayParams {
  double quantum_ns = 1000;
  std::string platform_label;  // for error messages
  std::function<void(double)> on_progress;  // fraction of the trace consumed; may be empty
};

class Replayer : public sc_core::sc_module {
 public:
  Replayer(sc_core::sc_module_name name, TraceSource& source, ElaboratedPlatform& platform, ReplayParams params);

  // After sc_start() returns: rethrows an input error found during the replay.
  void rethrow_if_failed() const {
    if (error_) std::rethrow_exception(error_);
  }
  Tick end_time() const { return end_; }
  std::uint64_t operations() const { return operations_; }

 private:
  void run();
  void replay();
  DmaAgent& device(std::uint32_t index);

  TraceSource& source_;
  ElaboratedPlatform& platform_;
  ReplayParams params_;
  std::vector<DmaAgent*> devices_;  // by the source's device index
  std::exception_ptr error_;
  Tick end_ = 0;
  std::uint64_t operations_ = 0;
};

}  // namespace cohsim
