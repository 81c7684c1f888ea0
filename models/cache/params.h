#pragma once
// The parameter types of the cache models that a platform's config names
// (sim/config/platform_config.h): plain types with no SystemC, so that the
// config readers need no model.
#include <cstdint>

namespace cohsim {

// Inclusion is with respect to the caches above:
//  - inclusive: evicting a line back-invalidates it above (newest data kept);
//  - non-inclusive: lines come and go independently (DineroIV's behaviour);
//  - exclusive: a line lives here or above, not both: a hit moves the line up,
//    fills from below bypass this cache, and the caches above send every
//    victim (clean or dirty) down into it.
enum class Inclusion { inclusive, non_inclusive, exclusive };

// What a store miss that covers a whole line does: fetch the line first (a
// read-for-ownership, ordinary x86 stores), allocate it without fetching
// (DineroIV; x86 fast-string stores), or not allocate here and pass the line
// on to the next level (Cortex-A76 write streaming).
enum class FullLineWrite { fetch, allocate, stream };

// A hardware prefetcher's parameters (models/cache/prefetcher.h).
enum class PrefetchKind : std::uint8_t { none, next_line, stream };

struct PrefetchParams {
  PrefetchKind kind = PrefetchKind::none;
  unsigned degree = 2;       // lines asked for per triggering access, at most
  unsigned distance = 16;    // stream: how far ahead of the access it runs, in lines
  unsigned streams = 32;     // stream: pages tracked at once (least recently used replaced)
  unsigned queue = 16;       // prefetches in flight at once; more are dropped
  unsigned page_lines = 64;  // lines per page (4 KiB of 64-byte lines)
};

}  // namespace cohsim
