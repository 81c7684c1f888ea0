#pragma once
// A hardware data prefetcher's decisions, as plain logic: which lines to
// fetch ahead of a demand access. CacheBehaviour issues what it asks for, bounded
// by its queue, and counts what became of each line.
//
// - next-line: a demand access to line L that follows an access to L-1 (an
//   ascending access to recently loaded data), or that used a line this
//   prefetcher brought, asks for L+1 .. L+degree (Intel's DCU prefetcher;
//   tagged next-line prefetching). Random accesses never trigger it.
// - stream: one stream per 4 KiB page (Intel's L2 streamer keeps a forward
//   and a backward stream per page, 32 in all). A stream learns its
//   direction from the accesses to its page; after two consecutive steps in
//   the same direction it runs ahead of each access up to `distance` lines
//   ("up to 20 lines ahead" on Intel), asking for at most `degree` new lines
//   per access ("two prefetch requests on every L2 lookup").
//
// Neither crosses the page of the access: a prefetcher sees physical
// addresses, and the next virtual page lies elsewhere. The sources of these
// rules are in docs/models.md ("Hardware prefetch").
#include <cstdint>
#include <vector>

#include "models/cache/params.h"
#include "models/common/page.h"

namespace cohsim {

class Prefetcher {
 public:
  // `line_bytes`: the cache's line size, which sets how many lines a page holds.
  Prefetcher(const PrefetchConfig& settings, unsigned line_bytes);

  // A demand access to `line` that missed, or that used a prefetched line
  // for the first time (`prefetched`): appends the lines to prefetch to
  // `out`, nearest first.
  void access(std::uint64_t line, bool prefetched, std::vector<std::uint64_t>& out);

  const PrefetchConfig& params() const { return params_; }

 private:
  struct Stream {
    std::uint64_t page = ~0ull;
    std::uint64_t last = 0;       // the last line accessed
    std::uint64_t frontier = 0;   // the furthest line asked for (or `last` before any)
    int direction = 0;            // +1 ascending, -1 descending, 0 not known yet
    unsigned agreeing_steps = 0;  // consecutive steps in `direction`
    std::uint64_t used = 0;       // LRU stamp
  };
  void next_line(std::uint64_t line, bool prefetched, std::vector<std::uint64_t>& out);
  void stream(std::uint64_t line, std::vector<std::uint64_t>& out);

  PrefetchConfig params_;
  std::uint64_t page_lines_;  // lines per page, which no prefetch crosses
  std::vector<Stream> streams_;
  std::uint64_t clock_ = 0;
  std::uint64_t last_line_ = 0;  // next-line: the line of the previous access
  bool seen_any_ = false;
};

}  // namespace cohsim
