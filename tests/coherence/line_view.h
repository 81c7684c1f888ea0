#pragma once
// What the random coherence tester sees of one cache line: every copy the
// models hold of it at one moment (each CPU cache level, the cached device's
// own cache, memory), read straight from the tag arrays and memory's version
// map, never through the access paths under test.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "models/cache/cache_behaviour.h"
#include "models/dram/dram.h"

namespace cohsim::coherence_test {

struct Copy {
  bool present = false;
  bool dirty = false;
  Version version = 0;
  bool operator==(const Copy&) const = default;
};

struct LineView {
  std::vector<Copy> cpu;  // L1 first, then each level below
  Copy device_cache;      // the device cache's copy (never present when there is none)
  Version memory = 0;

  // The copy a core load would be served from: the nearest level holding it.
  const Copy* nearest_cpu_copy() const {
    for (const Copy& c : cpu)
      if (c.present) return &c;
    return nullptr;
  }
  // What a core load returns: the nearest copy, else memory.
  Version cpu_served() const {
    const Copy* c = nearest_cpu_copy();
    return c ? c->version : memory;
  }
  bool cpu_holds() const { return nearest_cpu_copy() != nullptr; }
  // The newest dirty copy in the CPU hierarchy (what a clean writes back).
  bool cpu_dirty(Version* newest = nullptr) const {
    bool any = false;
    Version v = 0;
    for (const Copy& c : cpu)
      if (c.present && c.dirty && (!any || c.version > v)) {
        any = true;
        v = c.version;
      }
    if (newest) *newest = v;
    return any;
  }
  // What a snooping fabric returns to a coherent device: the newest copy
  // held anywhere in the CPU hierarchy, else memory.
  Version snooped() const {
    bool any = false;
    Version v = 0;
    for (const Copy& c : cpu)
      if (c.present) {
        v = any ? std::max(v, c.version) : c.version;
        any = true;
      }
    return any ? v : memory;
  }
};

// Reads LineViews off an elaborated platform's caches and memory.
class Probe {
 public:
  Probe(std::vector<const CacheBehaviour*> cpu_levels, const CacheBehaviour* device_cache, const MemoryBehaviour& memory)
      : cpu_(std::move(cpu_levels)),
        device_cache_(device_cache),
        memory_(memory) {}

  LineView view(std::uint64_t line) const {
    LineView v;
    v.cpu.reserve(cpu_.size());
    for (const CacheBehaviour* c : cpu_) v.cpu.push_back(copy_in(*c, line));
    if (device_cache_) v.device_cache = copy_in(*device_cache_, line);
    v.memory = memory_.versions().get(line);
    return v;
  }
  std::size_t cpu_levels() const { return cpu_.size(); }

  // Every dirty copy in the CPU hierarchy (or the device cache), as (line,
  // version): read off every slot, so that lines an operation evicts are
  // seen as well as those it touches.
  using DirtyCopies = std::vector<std::pair<std::uint64_t, Version>>;
  DirtyCopies cpu_dirty_copies() const {
    DirtyCopies out;
    for (const CacheBehaviour* c : cpu_) add_dirty(*c, out);
    return out;
  }
  DirtyCopies device_dirty_copies() const {
    DirtyCopies out;
    if (device_cache_) add_dirty(*device_cache_, out);
    return out;
  }

 private:
  static void add_dirty(const CacheBehaviour& cache, DirtyCopies& out) {
    const TagArray& tags = cache.tags();
    for (TagArray::Slot s = 0; s < tags.slots(); ++s)
      if (tags.valid(s) && tags.dirty(s)) out.emplace_back(tags.line_of(s), tags.version(s));
  }
  static Copy copy_in(const CacheBehaviour& cache, std::uint64_t line) {
    const TagArray& tags = cache.tags();
    const TagArray::Slot s = tags.find(line);
    if (s == TagArray::kNone) return {};
    return Copy{true, tags.dirty(s), tags.version(s)};
  }

  std::vector<const CacheBehaviour*> cpu_;
  const CacheBehaviour* device_cache_;
  const MemoryBehaviour& memory_;
};

}  // namespace cohsim::coherence_test
