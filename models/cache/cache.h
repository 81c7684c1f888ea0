#pragma once
// The SystemC face of a cache level: a CacheBehaviour behind one TLM target socket
// (from the core or the level above) and one initiator socket (to the level
// below or the fabric), with the link to the level below.
#include <systemc>
#include <tlm>

#include "models/cache/cache_behaviour.h"
#include "models/common/link.h"
#include "models/common/lt_sockets.h"
#include "models/common/mem_op.h"
#include "models/common/stats.h"

namespace cohsim {

class Cache : public sc_core::sc_module, public LtTargetBase, public LtInitiatorBase, private LineSink {
 public:
  tlm::tlm_target_socket<32, tlm::tlm_base_protocol_types, 0> upstream;
  tlm::tlm_initiator_socket<> downstream;

  Cache(sc_core::sc_module_name name, const CacheParams& params, const LinkParams& downstream_link, StatRegistry& stats);

  CacheBehaviour& behaviour() { return behaviour_; }
  // Wiring besides the sockets: the behaviour of the level below, if a cache.
  void connect_below(CacheBehaviour* below_cache) { behaviour_.connect_below(this, below_cache); }

  void b_transport(tlm::tlm_generic_payload& p, sc_core::sc_time& delay) override;

 private:
  // LineSink: misses and victims leave through the downstream socket.
  Tick fetch(std::uint64_t line, Tick t, MemRequest& req) override;
  Tick write_back(std::uint64_t line, Version v, bool dirty, Tick t) override;

  CacheBehaviour behaviour_;
  Link link_;
  unsigned line_bytes_;
  OpPayload fetch_payload_;
  OpPayload victim_payload_;
};

}  // namespace cohsim
