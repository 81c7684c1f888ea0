#pragma once
// One operation of a CPU trace, whatever file format it came from, and the
// interface the replayer pulls operations through. Sources stream: they hold
// one line at a time, never the whole trace.
#include <cstdint>
#include <string>
#include <vector>

#include "models/cpu/cpu_agent.h"

namespace cohsim {

enum class TraceOpCode : std::uint8_t {
  load,              // CPU reads [address, address+bytes)
  store,             // CPU writes it
  clean,             // cache maintenance by VA range
  invalidate,
  clean_invalidate,
  barrier,           // DSB / fence
  map,               // sets the CPU mapping type of a range
  device_read,       // a device (DMA master) reads the range
  device_write,      // a device writes it
  compute,           // CPU busy without memory access for `bytes` cycles
};

struct TraceOp {
  TraceOpCode code = TraceOpCode::load;
  Mapping mapping = Mapping::wb;  // for map
  std::uint32_t device = 0;       // for device ops: index into TraceSource::device_names()
  std::uint64_t address = 0;
  std::uint64_t bytes = 0;        // for compute: cycles
};

class TraceSource {
 public:
  virtual ~TraceSource() = default;
  // Fills `op` with the next operation; false at the end. Throws InputError
  // (FILE:LINE:COLUMN) on a malformed line.
  virtual bool next(TraceOp& op) = 0;
  // Fraction of the input consumed, for progress display.
  virtual double progress() const = 0;
  // "FILE:LINE" of the operation last returned, for errors found later.
  virtual std::string location() const = 0;
  // Device names in order of first use; TraceOp::device indexes this.
  virtual const std::vector<std::string>& device_names() const = 0;
  // Lines read but not replayed (comments aside), with the reason, for results.
  virtual std::vector<std::pair<std::string, std::uint64_t>> skipped() const { return {}; }
};

}  // namespace cohsim
