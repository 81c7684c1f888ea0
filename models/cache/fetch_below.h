#pragma once
// Asking the level below for a line, for CacheBehaviour's demand misses and its
// prefetches (cache_behaviour.cpp, cache_prefetch.cpp).
#include <algorithm>

#include "models/cache/cache_behaviour.h"

namespace cohsim {
// Asks the level below for `line` on behalf of `op`.
inline Tick fetch_below_impl(LineSink& sink, std::uint64_t line, Tick t, MemRequest& op, Version& version, bool& dirty) {
  MemRequest fill;
  fill.kind = MemOpKind::read;
  fill.levels_missed = op.levels_missed;
  const Tick done = sink.fetch(line, t, fill);
  version = fill.version;
  dirty = fill.dirty;
  op.levels_missed = fill.levels_missed;
  op.writeback_done = std::max(op.writeback_done, fill.writeback_done);
  return done;
}

}  // namespace cohsim
