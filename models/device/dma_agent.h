#pragma once
// A device that masters memory directly: a GPU treated as a DMA engine, a
// display controller, a camera, a video decoder. It moves whole lines, issues
// one per device cycle with up to `mlp` in flight, and its transfer completes
// when the last line has. Whether it snoops the CPU caches is a property of
// its port (`coherent`), honoured by a fabric that has a snoop target.
#include <cstdint>

#include <systemc>
#include <tlm>

#include "models/common/line_versions.h"
#include "models/common/link.h"
#include "models/common/lt_sockets.h"
#include "models/common/mem_op.h"
#include "models/common/outstanding.h"
#include "models/common/stats.h"

namespace cohsim {

struct DmaParams {
  const ClockDomain* clock = nullptr;  // required
  unsigned line_bytes = 64;
  unsigned mlp = 32;
  bool coherent = false;
  LinkParams downstream_link;
};

class DmaAgent : public sc_core::sc_module, public LtInitiatorBase {
 public:
  tlm::tlm_initiator_socket<> port;

  DmaAgent(sc_core::sc_module_name name, const DmaParams& params, LineVersionMap& oracle, StatRegistry& stats);

  // Reads or writes every line overlapping [address, address+bytes), starting
  // at `now`; returns when the last line has completed.
  Tick transfer(bool is_write, std::uint64_t address, std::uint64_t bytes, Tick now);

  std::uint64_t line_operations() const { return lines_read_ + lines_written_; }

 private:
  DmaParams params_;
  const Clock clock_;
  LineVersionMap& oracle_;
  Link link_;
  OpPayload payload_;
  Outstanding in_flight_;
  StatGroup& group_;
  std::uint64_t &transfers_, &lines_read_, &lines_written_, &stale_reads_;
  Tick& busy_;
};

}  // namespace cohsim
