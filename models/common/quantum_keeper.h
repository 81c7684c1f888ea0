#pragma once
// Temporal decoupling (TLM-2.0 loosely timed, as tlm_utils::tlm_quantumkeeper
// but in cohsim's femtosecond Ticks): an agent's thread keeps its own time,
// ahead of SystemC's, and yields only when it is more than a quantum ahead,
// so that the threads meet every quantum and shared resources see requests
// nearly in time order. One type for every thread that does it (the core's
// driver, each device).
#include <systemc>

#include "models/common/lt_sockets.h"
#include "models/common/time.h"

namespace cohsim {

class QuantumKeeper {
 public:
  explicit QuantumKeeper(Tick quantum)
      : quantum_(quantum) {}
  // The calling thread is at `local`: it waits for SystemC time to catch up
  // when it is more than a quantum ahead.
  void keep_within(Tick local) const {
    const Tick kernel = kernel_time();
    if (local > kernel + quantum_) sc_core::wait(sc_core::sc_time::from_value(local - kernel));
  }
  // The calling thread is at `local`: it waits until SystemC time reaches it
  // (before handing work to another thread, or to act at that moment).
  static void wait_until(Tick local) {
    const Tick kernel = kernel_time();
    if (local > kernel) sc_core::wait(sc_core::sc_time::from_value(local - kernel));
  }
  Tick quantum() const { return quantum_; }

 private:
  Tick quantum_;
};

}  // namespace cohsim
