#pragma once
// The base of every built-in workload: a TraceSource that asks its generator
// for one step (the set-up, then one frame at a time) whenever the operations
// of the previous step have been consumed, so a trace of any length takes the
// memory of one frame.
#include <deque>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/trace/trace_op.h"

namespace cohsim {

class GeneratedTrace : public TraceSource {
 public:
  explicit GeneratedTrace(std::string name)
      : name_(std::move(name)) {}

  bool next(TraceOp& op) override {
    while (pending_.empty()) {
      if (done_) return false;
      done_ = !produce(step_++);
    }
    op = std::move(pending_.front());
    pending_.pop_front();
    ++emitted_;
    return true;
  }
  double progress() const override { return total_steps_ == 0 ? 0.0 : std::min(1.0, static_cast<double>(step_) / total_steps_); }
  std::string location() const override { return "<" + name_ + " generator>:" + std::to_string(emitted_); }
  std::string source_name() const override { return "<" + name_ + " generator>"; }

  // The scenario file and parameters this trace comes from: errors that a
  // parameter causes are then reported at /workload/params/KEY of that file.
  void set_origin(std::string scenario_file, nlohmann::json params) {
    scenario_file_ = std::move(scenario_file);
    params_ = std::move(params);
  }
  std::pair<std::string, std::string> blame(TraceProblem problem, const std::string& subject) const override {
    if (scenario_file_.empty()) return TraceSource::blame(problem, subject);
    switch (problem) {
      case TraceProblem::device:
        // The parameter that named the device (the generator's default if none did).
        for (const auto& [key, value] : params_.items())
          if (value.is_string() && value.get<std::string>() == subject) return {scenario_file_, "/workload/params/" + key};
        return {scenario_file_, "/workload/params"};
      case TraceProblem::layout:
        return {scenario_file_, "/workload/params/layout"};
      case TraceProblem::aperture:
        return {scenario_file_, "/exporter/tiled_cpu_access"};
      case TraceProblem::exporter:
        return {scenario_file_, "/exporter/kind"};
      case TraceProblem::other:
        break;
    }
    return TraceSource::blame(problem, subject);
  }
  const std::vector<std::string>& device_names() const override { return devices_; }
  const std::vector<std::string>& buffer_names() const override { return buffers_; }

 protected:
  // Appends the operations of `step` (0: set-up, then frames); returns false
  // after the last step.
  virtual bool produce(std::uint64_t step) = 0;
  void set_total_steps(std::uint64_t n) { total_steps_ = static_cast<double>(n); }

  // --- emitting operations
  std::uint32_t buffer(const std::string& name, std::uint32_t width, std::uint32_t height, PixelFormat format, Layout layout = Layout::linear) {
    buffers_.push_back(name);
    const auto index = static_cast<std::uint32_t>(buffers_.size() - 1);
    add(trace::BufferAlloc{index, BufferDesc{.width = width, .height = height, .format = format, .stride = 0, .layout = layout, .exporter = std::nullopt}});
    return index;
  }
  std::uint32_t device(const std::string& name) {
    for (std::uint32_t i = 0; i < devices_.size(); ++i)
      if (devices_[i] == name) return i;
    devices_.push_back(name);
    return static_cast<std::uint32_t>(devices_.size() - 1);
  }
  void import(std::uint32_t buf, std::uint32_t dev) { add(trace::Import{buf, dev}); }
  void mmap(std::uint32_t buf) { add(trace::Mmap{buf}); }
  void sync(std::uint32_t buf, bool start, Access access, const std::vector<Rect>& rects = {}) { add(trace::Sync{buf, start, access}, rects); }
  void cpu(Access access, std::uint32_t buf, const std::vector<Rect>& rects = {}, LoadShape load = {}) {
    add(trace::CpuAccess{buf, access, std::nullopt, load}, rects);
  }
  void dma(std::uint32_t dev, Access access, std::uint32_t buf, const std::vector<Rect>& rects = {}) { add(trace::DmaAccess{dev, buf, access}, rects); }
  void present(std::uint32_t dev, std::uint32_t buf) { add(trace::Present{dev, buf}); }
  void damage(std::uint32_t buf, const std::vector<Rect>& rects) { add(trace::Damage{buf}, rects); }
  void signal(std::uint32_t agent, std::uint64_t fence) { add(trace::Fence{true, agent, fence}); }
  void wait(std::uint32_t agent, std::uint64_t fence) { add(trace::Fence{false, agent, fence}); }
  void compute(std::uint64_t cycles) {
    if (cycles > 0) add(trace::Compute{cycles});
  }
  void frame(double at_ns) { add(trace::Frame{at_ns}); }

 private:
  template <typename Kind>
  void add(Kind what, const std::vector<Rect>& rects = {}) {
    pending_.push_back(TraceOp{std::move(what), rects});
  }

  std::string name_;
  std::deque<TraceOp> pending_;
  std::vector<std::string> devices_, buffers_;
  std::string scenario_file_;
  nlohmann::json params_;
  std::uint64_t step_ = 0, emitted_ = 0;
  double total_steps_ = 0;
  bool done_ = false;
};

}  // namespace cohsim
