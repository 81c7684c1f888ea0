#pragma once
// Replays a trace on an elaborated platform. One SystemC thread plays the
// core: it pulls operations from the source, runs memory operations on the
// core agent (through a CoreDriver that keeps it within a quantum of SystemC
// time) and hands buffer-sharing operations to the SharingSession, which
// queues device work on the devices' own threads. At the end of the trace it
// waits for the core and every device to finish.
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <systemc>

#include "models/exporter/coherency_policy.h"
#include "models/exporter/dmabuf_exporter.h"
#include "sim/platform/elaborate.h"
#include "sim/sharing/session.h"
#include "sim/trace/trace_checker.h"
#include "sim/trace/trace_op.h"

namespace cohsim {

struct ReplayParams {
  double quantum_ns = 1000;
  std::string policy = "none";              // a coherency policy name (policy_names())
  SessionParams session;                    // the exporter's settings, the platform's label
  TracePlatform checks;                     // what the trace checker knows of the platform and run
  bool end_of_run_flush = false;            // write every dirty line back at the end, as DineroIV does
  std::function<void(double)> on_progress;  // fraction of the trace consumed; may be empty
  Timeline* timeline = nullptr;             // where agents draw their work (`--timeline`); may be null
};

class Replayer : public sc_core::sc_module {
 public:
  Replayer(sc_core::sc_module_name name, TraceSource& source, ElaboratedPlatform& platform, ReplayParams params);
  ~Replayer() override;

  // After sc_start() returns: rethrows an input error found during the
  // replay, or reports a replay that could not finish.
  void rethrow_if_failed() const;
  Tick end_time() const { return end_; }
  std::uint64_t operations() const { return operations_; }
  // The sharing layer's report (frames, dirtied bytes, stale records).
  nlohmann::json sharing_report() const;
  // The trace's warnings (every kind, with its count), after the replay.
  const std::vector<TraceWarning>& trace_warnings() const { return checker_.warnings(); }

 private:
  void run();
  void replay();
  void dispatch(const TraceOp& op);
  void report_progress(const TraceOp& op);
  void finish();

  TraceSource& source_;
  ElaboratedPlatform& platform_;
  ReplayParams params_;
  std::unique_ptr<CoherencyPolicy> policy_;
  TraceChecker checker_;  // every operation passes it before any model sees it
  struct State;
  std::unique_ptr<State> state_;  // the core driver and the sharing session, built in the thread
  std::exception_ptr error_;
  bool finished_ = false;
  Tick end_ = 0;
  std::uint64_t operations_ = 0;
  double reported_progress_ = 0;
};

}  // namespace cohsim
