#pragma once
// The interconnect between the CPU cluster, the devices and memory. A
// transaction marked coherent (an ACE-Lite-style snooping master, or the CPU's
// own uncached accesses on x86) is looked up in the snoop cache (the LLC, and
// through it the caches above): reads take the newest cached copy, writes drop
// the cached copies. Everything else goes straight to memory, which is how a
// non-coherent device ends up reading stale DRAM or leaving stale lines in the
// CPU's caches.
#include <cstdint>
#include <systemc>
#include <tlm>

#include "models/cache/cache_behaviour.h"
#include "models/common/link.h"
#include "models/common/lt_sockets.h"
#include "models/common/mem_op.h"
#include "models/common/stats.h"
#include "models/fabric/stats.h"

namespace cohsim {

struct FabricParams {
  LinkParams downstream_link;   // to memory
  double snoop_latency_ns = 0;  // a snoop answered by the caches
  unsigned line_bytes = 64;
};

class Fabric : public sc_core::sc_module, public LtTargetBase, public LtInitiatorBase {
 public:
  tlm::tlm_target_socket<32, tlm::tlm_base_protocol_types, 0> upstream;
  tlm::tlm_initiator_socket<> downstream;

  Fabric(sc_core::sc_module_name name, const FabricParams& params, StatRegistry& stats);
  void set_snoop_cache(CacheBehaviour* cache) { snoop_cache_ = cache; }
  bool snoops() const { return snoop_cache_ != nullptr; }

  void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) override;

 private:
  // One line arriving at `t`: snooped or sent to memory; returns its completion.
  Tick route(bool is_read, std::uint64_t line, unsigned bytes, MemRequest& op, Tick t);
  // Writes a dirty cached copy back to memory ahead of an access to its line.
  Tick write_back_first(std::uint64_t line, Version version, Tick t);
  void walk_device_range(DeviceRange& range, bool coherent, bool allocates);
  OpPayload memory_payload_;
  FabricParams params_;
  Link link_;
  Tick snoop_latency_;
  CacheBehaviour* snoop_cache_ = nullptr;
  OpPayload writeback_;
  FabricStats stats_;
};

}  // namespace cohsim
