#pragma once
// The correctness oracle's bookkeeping. Every cache line of memory carries a
// version number: a write makes a new version; memory and every cache keep the
// version they last saw. A read that returns an older version than the newest
// write is a stale read. Versions stand in for data, so payloads carry no bytes.
//
// LineVersionMap is a sparse map from line index to version, held in chunks of
// 512 lines so that streaming over a buffer touches the hash table once per
// 32 KiB; memory therefore grows with the footprint, not with time.
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <utility>

namespace cohsim {

using Version = std::uint32_t;

class LineVersionMap {
 public:
  // Version 0 means "never written": what memory holds before any write.
  Version get(std::uint64_t line) const {
    const Chunk* chunk = find_chunk(line >> kChunkShift);
    return chunk ? chunk->versions[line & kChunkMask] : 0;
  }
  void set(std::uint64_t line, Version v) { chunk_for(line >> kChunkShift).versions[line & kChunkMask] = v; }
  // Makes a new version of `line` and returns it.
  Version bump(std::uint64_t line) { return ++chunk_for(line >> kChunkShift).versions[line & kChunkMask]; }

  // A partial store made version `made` of `line` by merging into a copy of
  // version `base`. If that copy was out of date (base + 1 != made), the new
  // line holds stale bytes beside the stored ones: a stale merge, returned
  // true. Such a version, and any partial store into one, is mixed: whoever
  // reads it reads stale bytes, however new its number.
  bool merge_partial(std::uint64_t line, Version base, Version made) {
    const bool stale_merge = base + 1 != made;
    if (stale_merge || mixed(line, base)) mixed_[line] = made;
    return stale_merge;
  }
  // Whether a reader that got version `v` of `line` read stale data: an older
  // version than the newest write, or one mixed by a stale merge.
  bool stale(std::uint64_t line, Version v) const { return v < get(line) || mixed(line, v); }

  std::size_t chunks() const { return chunks_.size(); }
  static constexpr std::uint64_t kLinesPerChunk = 512;

 private:
  static constexpr unsigned kChunkShift = 9;
  static constexpr std::uint64_t kChunkMask = kLinesPerChunk - 1;
  struct Chunk {
    Version versions[kLinesPerChunk] = {};
  };
  // Most accesses stream, so the last two chunks used answer most lookups
  // (two: a cache streams its fills and its victims, a copy its source and
  // its destination); the hash table is consulted out of line.
  const Chunk* find_chunk(std::uint64_t id) const {
    const Chunk* c = recent(id);
    return c != nullptr ? c : find_chunk_slow(id);
  }
  Chunk& chunk_for(std::uint64_t id) {
    Chunk* c = recent(id);
    return c != nullptr ? *c : chunk_for_slow(id);
  }
  // Chunk `id` if it is one of the two most recent (now the most recent), else null.
  Chunk* recent(std::uint64_t id) const {
    if (id == recent_[0].id) return recent_[0].chunk;
    if (id != recent_[1].id) return nullptr;
    std::swap(recent_[0], recent_[1]);
    return recent_[0].chunk;
  }
  void remember(std::uint64_t id, Chunk* chunk) const {
    recent_[1] = recent_[0];
    recent_[0] = Recent{id, chunk};
  }
  const Chunk* find_chunk_slow(std::uint64_t id) const;
  Chunk& chunk_for_slow(std::uint64_t id);

  bool mixed(std::uint64_t line, Version v) const {
    if (mixed_.empty()) [[likely]]
      return false;
    const auto it = mixed_.find(line);
    return it != mixed_.end() && it->second == v;
  }

  std::unordered_map<std::uint64_t, std::unique_ptr<Chunk>> chunks_;
  std::unordered_map<std::uint64_t, Version> mixed_;  // line -> its newest mixed version (only lines a stale merge touched)
  struct Recent {
    std::uint64_t id = ~0ull;
    Chunk* chunk = nullptr;
  };
  mutable Recent recent_[2];
};

}  // namespace cohsim
