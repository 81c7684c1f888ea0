#include "sim/replay/replayer.h"

#include "sim/util/input_error.h"

namespace cohsim {

Replayer::Replayer(sc_core::sc_module_name name, TraceSource& source, ElaboratedPlatform& platform, ReplayParams params)
    : sc_module(name), source_(source), platform_(platform), params_(std::move(params)) {
  SC_HAS_PROCESS(Replayer);
  SC_THREAD(run);
}

DmaAgent& Replayer::device(std::uint32_t index) {
  if (index < devices_.size() && devices_[index] != nullptr) return *devices_[index];
  const std::string& name = source_.device_names().at(index);
  auto it = platform_.devices.find(name);
  if (it == platform_.devices.end()) {
    std::string known;
    for (const auto& [n, d] : platform_.devices) known += (known.empty() ? "" : ", ") + n;
    throw InputError(source_.location(), "", "no device named \"" + name + "\" on platform " + params_.platform_label +
                                                 "; its devices: " + (known.empty() ? "(none)" : known));
  }
  if (devices_.size() <= index) devices_.resize(index + 1, nullptr);
  devices_[index] = it->second.get();
  return *devices_[index];
}

void Replayer::run() {
  try {
    replay();
  } catch (...) {
    // Leave the kernel cleanly; simulate() rethrows after sc_start returns.
    error_ = std::current_exception();
    sc_core::sc_stop();
  }
  // Otherwise nothing is left to do and sc_start() returns by itself.
}

void Replayer::replay() {
  tlm_utils::tlm_quantumkeeper keeper;
  keeper.set_global_quantum(sc_core::sc_time::from_value(ns_to_ticks(params_.quantum_ns)));
  keeper.reset();
  CpuAgent& cpu = *platform_.cpu;
  Tick now = sc_core::sc_time_stamp().value();
  TraceOp op;
  while (source_.next(op)) {
    switch (op.code) {
      case TraceOpCode::load: now = cpu.load(op.address, op.bytes, now); break;
      case TraceOpCode::store: now = cpu.store(op.address, op.bytes, now); break;
      case TraceOpCode::clean: now = cpu.maintain(MemOpKind::clean, op.address, op.bytes, now); break;
      case TraceOpCode::invalidate: now = cpu.maintain(MemOpKind::invalidate, op.address, op.bytes, now); break;
      case TraceOpCode::clean_invalidate: now = cpu.maintain(MemOpKind::clean_invalidate, op.address, op.bytes, now); break;
      case TraceOpCode::barrier: now = cpu.barrier(now); break;
      case TraceOpCode::map: cpu.set_mapping(op.address, op.bytes, op.mapping); break;
      case TraceOpCode::compute: now = cpu.compute(op.bytes, now); break;
      // Trace order is program order: a device operation starts when the
      // core has issued everything before it, and the next operation waits
      // for the device to finish (as a driver waits on a fence).
      case TraceOpCode::device_read: now = device(op.device).transfer(false, op.address, op.bytes, now); break;
      case TraceOpCode::device_write: now = device(op.device).transfer(true, op.address, op.bytes, now); break;
    }
    ++operations_;
    keeper.set(sc_core::sc_time::from_value(now - sc_core::sc_time_stamp().value()));
    if (keeper.need_sync()) keeper.sync();
    if ((operations_ & 0xFFFF) == 0 && params_.on_progress) params_.on_progress(source_.progress());
  }
  end_ = cpu.drain(now);
  platform_.cpu->record_elapsed(end_);
  for (auto& [name, cache] : platform_.caches) cache->core().record_end_state();
  const Tick stamp = sc_core::sc_time_stamp().value();
  if (end_ > stamp) sc_core::wait(sc_core::sc_time::from_value(end_ - stamp));
  if (params_.on_progress) params_.on_progress(1.0);
}

}  // namespace cohsim
