#include "sim/replay/replayer.h"

#include <algorithm>

#include "models/cpu/core_driver.h"
#include "sim/sharing/session.h"
#include "sim/util/input_error.h"
#include "sim/util/overloaded.h"

namespace cohsim {

struct Replayer::State {
  State(ElaboratedPlatform& platform, Tick quantum, const CoherencyPolicy& policy, TraceSource& source, const SessionParams& params, Timeline* timeline)
      : core(*platform.cpu, quantum, timeline),
        session(platform, core, policy, source, params) {}
  CoreDriver core;
  SharingSession session;
};

Replayer::Replayer(sc_core::sc_module_name name, TraceSource& source, ElaboratedPlatform& platform, ReplayParams params)
    : sc_module(name),
      source_(source),
      platform_(platform),
      params_(std::move(params)),
      policy_(make_policy(params_.policy)),
      checker_(source_, &params_.checks) {
  if (!policy_) throw std::invalid_argument("unknown coherency policy " + params_.policy);
  SC_HAS_PROCESS(Replayer);
  SC_THREAD(run);
}

Replayer::~Replayer() = default;

void Replayer::rethrow_if_failed() const {
  if (error_) std::rethrow_exception(error_);
  if (!finished_) {
    throw InputError(source_.location(), "", "the replay cannot finish: an agent waits for a fence that nothing signals");
  }
}

nlohmann::json Replayer::sharing_report() const { return state_ ? state_->session.report() : nlohmann::json::object(); }

void Replayer::run() {
  try {
    replay();
    finished_ = true;
  } catch (...) {
    // Leave the kernel cleanly; simulate() rethrows after sc_start returns.
    error_ = std::current_exception();
    sc_core::sc_stop();
  }
  // Otherwise nothing is left to do and sc_start() returns by itself.
}

// A memory operation by address goes to the core; the rest (devices and
// buffer sharing) to the sharing session.
void Replayer::dispatch(const TraceOp& op) {
  CoreDriver& core = state_->core;
  std::visit(Overloaded{
                 [&](const trace::Load& l) { core.load(l.address, l.bytes, l.shape); },
                 [&](const trace::Store& w) { core.store(w.address, w.bytes); },
                 [&](const trace::Maintain& m) { core.maintain(m.kind, m.address, m.bytes); },
                 [&](const trace::Barrier&) { core.barrier(); },
                 [&](const trace::Map& m) { core.set_mapping(m.address, m.bytes, m.mapping); },
                 [&](const trace::Compute& c) { core.compute(c.cycles); },
                 [&](const auto&) { state_->session.apply(op); },
             },
             op.what);
}

// Progress at every frame (a frame may be a few operations that take
// seconds) and every 4096 operations, when it moved by 0.1% at least.
void Replayer::report_progress(const TraceOp& op) {
  if (!params_.on_progress || (!is<trace::Frame>(op) && (operations_ & 0xFFF) != 0)) return;
  const double done = source_.progress();
  if (done >= reported_progress_ + 0.001) {
    params_.on_progress(done);
    reported_progress_ = done;
  }
}

// The trace is over: the core drains, the devices finish their queues, and
// (DineroIV's convention, when asked) every dirty line is flushed.
void Replayer::finish() {
  CoreDriver& core = state_->core;
  const Tick core_done = platform_.cpu->drain(core.now());
  platform_.cpu->record_elapsed(core_done);
  core.advance_to(core_done);
  core.catch_up_kernel();
  end_ = std::max(core_done, state_->session.drain_devices());
  if (params_.end_of_run_flush) {
    // Level by level from the core's side, so each level's flush lands in
    // the next before that one is flushed (DineroIV's order).
    std::vector<CacheBehaviour*> by_level;
    for (auto& [name, cache] : platform_.caches) by_level.push_back(&cache->behaviour());
    std::stable_sort(by_level.begin(), by_level.end(), [](const CacheBehaviour* a, const CacheBehaviour* b) { return a->level() < b->level(); });
    for (CacheBehaviour* c : by_level) c->flush_dirty_at_end(end_);
  }
  for (auto& [name, cache] : platform_.caches) cache->behaviour().record_end_state();
  const Tick stamp = kernel_time();
  if (end_ > stamp) sc_core::wait(sc_core::sc_time::from_value(end_ - stamp));
}

void Replayer::replay() {
  state_ = std::make_unique<State>(platform_, ns_to_ticks(params_.quantum_ns), *policy_, source_, params_.session, params_.timeline);
  for (auto& [name, device] : platform_.devices) device->set_timeline(params_.timeline);
  TraceOp op;
  while (source_.next(op)) {
    checker_.check(op);
    dispatch(op);
    ++operations_;
    report_progress(op);
  }
  checker_.finish();
  finish();
  if (params_.on_progress) params_.on_progress(1.0);
}

}  // namespace cohsim
