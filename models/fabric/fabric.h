#pragma once
// The interconnect between the CPU cluster, the devices and memory. A
// transaction marked coherent (an ACE-Lite-style snooping master, or the CPU's
// own uncached accesses on x86) is looked up in the snoop cache (the LLC, and
// through it the caches above): reads take the newest cached copy, writes drop
// the cached copies. Everything else goes straight to memory, which is how a
// non-coherent device ends up reading stale DRAM or leaving stale lines in the
// CPU's caches. A fabric may also route by address: a request to a memory
// with a window of its own (a discrete GPU's VRAM) takes that route's link,
// unsnooped, and anything else goes downstream, to memory or to the next
// fabric (a dGPU's own fabric forwards system-memory requests to the host's).
#include <cstdint>
#include <systemc>
#include <tlm>
#include <vector>

#include "models/cache/cache_behaviour.h"
#include "models/common/link.h"
#include "models/common/lt_sockets.h"
#include "models/common/mem_op.h"
#include "models/common/stats.h"
#include "models/fabric/stats.h"

namespace cohsim {

// A memory reached by address: lines [first_line, end_line) and the link to it.
struct FabricRoute {
  std::uint64_t first_line = 0;
  std::uint64_t end_line = 0;
  LinkParams link;
};

struct FabricParams {
  LinkParams downstream_link;  // to memory, or to the next fabric
  std::vector<FabricRoute> routes;
  double snoop_latency_ns = 0;  // a snoop answered by the caches
  unsigned line_bytes = 64;
};

class Fabric : public sc_core::sc_module, public LtTargetBase, public LtInitiatorBase {
 public:
  tlm::tlm_target_socket<32, tlm::tlm_base_protocol_types, 0> upstream;
  tlm::tlm_initiator_socket<> downstream;
  sc_core::sc_vector<tlm::tlm_initiator_socket<>> route_ports;  // one per params.routes entry, in order

  Fabric(sc_core::sc_module_name name, const FabricParams& params, StatRegistry& stats);
  void set_snoop_cache(CacheBehaviour* cache) { snoop_cache_ = cache; }
  bool snoops() const { return snoop_cache_ != nullptr; }

  void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) override;

 private:
  // One line arriving at `t`: snooped or sent to memory; returns its completion.
  Tick route(bool is_read, std::uint64_t line, unsigned bytes, MemRequest& op, Tick t);
  // A line's route (null: downstream).
  struct Route {
    FabricRoute range;
    Link link;
  };
  Route* route_of(std::uint64_t line);
  // A request passed on below this fabric.
  struct Forward {
    bool is_read = false;
    std::uint64_t line = 0;
    unsigned bytes = 0;
    bool snoop_below = false;  // the fabric below looks up the caches for it (this one has none to)
    bool posted = false;       // a write is done for the sender once the link takes it
  };
  Tick send(tlm::tlm_initiator_socket<>& port, Link& link, const Forward& f, MemRequest& op, Tick t);
  // Writes a dirty cached copy back to memory ahead of an access to its line.
  Tick write_back_first(std::uint64_t line, Version version, Tick t);
  void walk_device_range(DeviceRange& range, bool coherent, bool allocates);
  OpPayload memory_payload_;
  FabricParams params_;
  Link link_;
  Tick snoop_latency_;
  CacheBehaviour* snoop_cache_ = nullptr;
  std::vector<Route> routes_;
  OpPayload writeback_;
  FabricStats stats_;
};

}  // namespace cohsim
