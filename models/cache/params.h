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

// A cache's prefetcher as a platform's `caches.NAME.prefetch` names it (the
// key in JSON is the name here; sim/config reads and documents it through
// describe()): the one place of its defaults.
struct PrefetchConfig {
  PrefetchKind kind = PrefetchKind::none;
  unsigned degree = 2;
  unsigned distance = 16;
  unsigned streams = 32;
  unsigned queue = 16;

  template <class V>
  void describe(V& v) {
    v("kind", kind,
      {.doc = "none (demand fetches only; DineroIV's behaviour), next-line (a demand miss fetches the next `degree` lines: Intel's DCU prefetcher) "
              "or stream (one stream per 4 KiB page learns its direction and, after two agreeing steps, runs up to `distance` lines ahead: "
              "Intel's L2 streamer); neither crosses a 4 KiB page"});
    v("degree", degree, {.doc = "lines asked for per triggering access, at most", .unit = "lines", .min = 1, .max = 64});
    v("distance", distance, {.doc = "stream: how far ahead of the demand access the stream runs", .unit = "lines", .min = 1, .max = 64});
    v("streams", streams, {.doc = "stream: pages tracked at once (least recently used replaced)", .min = 1, .max = 1024});
    v("queue", queue, {.doc = "prefetches in flight at once (the cache's miss handling for prefetches); more are dropped", .min = 1, .max = 1024});
  }
};

// One cache level's settings as a platform's `caches.NAME` section names
// them (the key in JSON is the name here; sim/config adds the link to the
// level below and supplies the field options): the one place of their
// defaults. CacheParams (cache_behaviour.h) adds what elaboration derives.
struct CacheLevelConfig {
  unsigned level = 1;
  std::uint64_t size = 0;
  unsigned ways = 0;
  unsigned latency_cycles = 0;
  Inclusion inclusion = Inclusion::non_inclusive;
  FullLineWrite full_line_write_miss = FullLineWrite::fetch;
  PrefetchConfig prefetch;
  unsigned mshrs = 0;  // 0: no limit

  template <class V>
  void describe(V& v) {
    v("level", level, {.doc = "1 for L1; each cache below another is one level further", .min = 1, .max = 8, .required = true});
    v("size", size, {.doc = "capacity", .unit = "bytes", .min = 1, .max = 1ull << 40, .required = true});
    v("ways", ways, {.doc = "associativity; ways x line size must divide the size", .min = 1, .max = 1024, .required = true});
    v("latency_cycles", latency_cycles,
      {.doc = "core cycles a lookup adds on top of the levels above (load-to-use latency of a hit here = sum down to this level)",
       .unit = "cycles",
       .max = 1e6,
       .required = true});
    v("inclusion", inclusion, {.doc = "relation to the caches above: inclusive (evictions back-invalidate), non-inclusive, exclusive (victim cache)"});
    v("full_line_write_miss", full_line_write_miss,
      {.doc = "a store miss covering a whole line: fetch (read for ownership), allocate (no fetch; DineroIV, x86 fast strings) or stream (pass it to the level "
              "below without allocating; Cortex-A76 write streaming)"});
    v("prefetch", prefetch, {.doc = "the hardware prefetcher that fills this cache (docs/models.md, \"Hardware prefetch\"); not on an exclusive cache"});
    v("mshrs", mshrs,
      {.doc = "fetches from the level below in flight at once, demand misses and prefetches alike (miss status holding registers: Intel's "
              "superqueue behind the L2); a demand miss waits for one, a prefetch is dropped; 0: no limit (the L1's are the core's `mlp`)",
       .max = 4096});
  }
};

}  // namespace cohsim
