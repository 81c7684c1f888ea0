#pragma once
// Wiring model cores straight to each other, without SystemC: what the
// bare-lookup benchmark (bench/cache_path_bench.cpp, BareBehaviours) uses in
// place of TLM sockets, to measure what the SystemC layer costs.
#include <algorithm>

#include "models/cache/cache_behaviour.h"
#include "models/dram/dram.h"

namespace cohsim {

// The next level is another cache's behaviour.
class CacheBehaviourSink : public LineSink {
 public:
  explicit CacheBehaviourSink(CacheBehaviour& below)
      : below_(below) {}
  Tick fetch(std::uint64_t line, Tick t, MemRequest& req) override { return below_.read_line(line, req, t); }
  Tick write_back(std::uint64_t line, Version v, bool dirty, Tick t) override {
    MemRequest req;
    req.kind = MemOpKind::writeback;
    req.version = v;
    req.dirty = dirty;
    req.full_line = true;
    below_.accept_writeback(line, req, t);
    return std::max(t, req.writeback_done);
  }

 private:
  CacheBehaviour& below_;
};

// The next level is memory.
class MemorySink : public LineSink {
 public:
  MemorySink(MemoryBehaviour& memory, unsigned line_bytes)
      : memory_(memory),
        line_bytes_(line_bytes) {}
  Tick fetch(std::uint64_t line, Tick t, MemRequest& req) override { return memory_.read(line, line_bytes_, t, req.version); }
  Tick write_back(std::uint64_t line, Version v, bool, Tick t) override { return memory_.write(line, line_bytes_, v, t); }

 private:
  MemoryBehaviour& memory_;
  unsigned line_bytes_;
};

}  // namespace cohsim
