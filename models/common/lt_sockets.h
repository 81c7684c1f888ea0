#pragma once
// cohsim's models are loosely timed: blocking transport with annotated delays.
// These bases answer the rest of the TLM-2.0 interfaces once, so a model only
// writes b_transport. DMI is refused on purpose: it would bypass the caches
// whose cost cohsim measures.
#include <cstring>
#include <systemc>
#include <tlm>
#include <type_traits>

#include "models/common/time.h"

namespace cohsim {

class LtTargetBase : public tlm::tlm_fw_transport_if<> {
 public:
  tlm::tlm_sync_enum nb_transport_fw(tlm::tlm_generic_payload&, tlm::tlm_phase&, sc_core::sc_time&) override {
    SC_REPORT_FATAL("cohsim", "non-blocking (AT) transport is not modelled; use b_transport");
    return tlm::TLM_COMPLETED;
  }
  bool get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi&) override { return false; }
  unsigned int transport_dbg(tlm::tlm_generic_payload&) override { return 0; }
};

class LtInitiatorBase : public tlm::tlm_bw_transport_if<> {
 public:
  tlm::tlm_sync_enum nb_transport_bw(tlm::tlm_generic_payload&, tlm::tlm_phase&, sc_core::sc_time&) override {
    SC_REPORT_FATAL("cohsim", "non-blocking (AT) transport is not modelled");
    return tlm::TLM_COMPLETED;
  }
  void invalidate_direct_mem_ptr(sc_dt::uint64, sc_dt::uint64) override {}
};

// The kernel's current time. sc_time_stamp() is an out-of-line library call;
// this is the same value through the inline accessor (hot paths call it).
inline Tick kernel_time() { return sc_core::sc_get_curr_simcontext()->time_stamp().value(); }

// Absolute simulated time of a transaction: the kernel's time plus the annotation.
inline Tick absolute_time(const sc_core::sc_time& delay) { return kernel_time() + delay.value(); }
// An annotation of `ticks` (femtoseconds). sc_time::from_value() is an
// out-of-line call, and every alternative through sc_time's public
// arithmetic goes through a volatile double; on the paths that carry every
// cache line (profiled at ~5% of a run) that matters. sc_time is a
// standard-layout wrapper of one 64-bit count of resolution units, so the
// count is written into it directly; the static_asserts and a unit test
// (DelayOf.MatchesFromValue) guard the assumption.
inline sc_core::sc_time delay_of(Tick ticks) {
  static_assert(sizeof(sc_core::sc_time) == sizeof(Tick) && std::is_standard_layout_v<sc_core::sc_time>);
  sc_core::sc_time t;
  std::memcpy(static_cast<void*>(&t), &ticks, sizeof ticks);
  return t;
}
inline void set_absolute_time(sc_core::sc_time& delay, Tick t) { delay = delay_of(t - kernel_time()); }

}  // namespace cohsim
