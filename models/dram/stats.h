#pragma once
// A memory's statistics (section "memories"): their names, units and
// meanings, in this one place. docs/results-reference.md and the results
// schema are generated from them (sim/results/results_reference.cpp).
#include <cstdint>

#include "models/common/stats.h"

namespace cohsim {

struct MemoryStats {
  explicit MemoryStats(StatGroup& g)
      : reads(g.counter("reads", "requests", "read requests")),
        writes(g.counter("writes", "requests", "write requests")),
        bytes_read(g.counter("bytes_read", "bytes", "bytes read")),
        bytes_written(g.counter("bytes_written", "bytes", "bytes written")) {}

  std::uint64_t &reads, &writes, &bytes_read, &bytes_written;
};

}  // namespace cohsim
