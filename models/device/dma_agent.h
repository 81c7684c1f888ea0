#pragma once
// A device that masters memory directly: a GPU treated as a DMA engine, a
// display controller, a camera, a video decoder. It runs on its own SystemC
// thread and works through a queue of commands - transfers of byte ranges,
// fence signals and fence waits - concurrently with the core, so that the two
// contend for memory bandwidth as they would. A transfer moves whole lines,
// one per device cycle with up to `mlp` in flight, and completes when its
// last line has. Whether the device snoops the CPU caches is a property of
// its port (`coherent`), honoured by a fabric that has a snoop target.
#include <cstdint>
#include <deque>
#include <utility>
#include <vector>

#include <systemc>
#include <tlm>

#include "models/common/fences.h"
#include "models/common/line_versions.h"
#include "models/common/link.h"
#include "models/common/lt_sockets.h"
#include "models/common/mem_op.h"
#include "models/common/outstanding.h"
#include "models/common/stale_observer.h"
#include "models/common/stats.h"

namespace cohsim {

struct DmaParams {
  const ClockDomain* clock = nullptr;  // required
  unsigned line_bytes = 64;
  unsigned mlp = 32;
  bool coherent = false;
  LinkParams downstream_link;
  Tick quantum = kTicksPerNs * 1000;  // how far the thread may run ahead of SystemC time
};

class DmaAgent : public sc_core::sc_module, public LtInitiatorBase {
 public:
  tlm::tlm_initiator_socket<> port;

  DmaAgent(sc_core::sc_module_name name, const DmaParams& params, LineVersionMap& oracle, FenceTable& fences, StatRegistry& stats);

  using Ranges = std::vector<std::pair<std::uint64_t, std::uint64_t>>;  // (address, bytes)
  // Queue a transfer of every line overlapping the ranges; it starts no
  // earlier than `submitted` (the time the core submitted it).
  // `tag` is handed to the stale observer (the sharing layer passes the frame).
  void submit_transfer(bool is_write, Ranges ranges, Tick submitted, std::uint64_t tag = StaleObserver::kNow);
  void submit_signal(std::uint64_t fence, Tick submitted);
  void submit_wait(std::uint64_t fence, Tick submitted);
  // Blocks the calling thread until the queue is empty; returns the device's time then.
  Tick wait_idle();

  void set_observer(StaleObserver* observer) { observer_ = observer; }
  bool coherent() const { return params_.coherent; }
  std::uint64_t line_operations() const { return lines_read_ + lines_written_; }

 private:
  struct Command {
    enum class Kind { transfer, signal, wait } kind;
    bool is_write = false;
    Ranges ranges;
    std::uint64_t fence = 0;
    Tick submitted = 0;
    std::uint64_t tag = StaleObserver::kNow;
  };
  void run();
  Tick transfer(bool is_write, const Ranges& ranges, Tick now, std::uint64_t tag);
  void keep_within_quantum(Tick now);

  DmaParams params_;
  const Clock clock_;
  LineVersionMap& oracle_;
  FenceTable& fences_;
  Link link_;
  OpPayload payload_;
  Outstanding in_flight_;
  StaleObserver* observer_ = nullptr;
  std::deque<Command> queue_;
  sc_core::sc_event work_, idle_;
  bool busy_ = false;
  Tick now_ = 0;
  StatGroup& group_;
  std::uint64_t &transfers_, &lines_read_, &lines_written_, &stale_reads_;
  Tick& busy_time_;
};

}  // namespace cohsim
