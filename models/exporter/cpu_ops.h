#pragma once
// What a driver running on the core can make the core do. The exporter and
// the coherency policies act through it; the replay thread's CoreDriver
// implements it on the core agent.
#include <cstdint>

#include "models/common/mem_request.h"
#include "models/cpu/cpu_agent.h"

namespace cohsim {

class CpuOps {
 public:
  virtual ~CpuOps() = default;
  virtual void load(std::uint64_t address, std::uint64_t bytes) = 0;
  virtual void store(std::uint64_t address, std::uint64_t bytes) = 0;
  virtual void maintain(MemOpKind kind, std::uint64_t address, std::uint64_t bytes) = 0;
  virtual void barrier() = 0;
  virtual void compute(std::uint64_t cycles) = 0;
  virtual void set_mapping(std::uint64_t address, std::uint64_t bytes, Mapping mapping) = 0;
  // The core's current time.
  virtual Tick now() const = 0;
  // Brings the simulation up to the core's time before work is handed to
  // another agent (a device's queue), so that work starts after the core's.
  virtual void sync() = 0;
  // The core waits, idle, until `t` (for another agent's work).
  virtual void idle_until(Tick t) = 0;
};

}  // namespace cohsim
