#pragma once
// The write-combining buffers of a core: stores to a WC mapping gather in a
// few line-sized buffers and go to memory as one burst when a line is complete,
// when a buffer is needed for another line, or at a barrier. Plain class; the
// CPU agent sends what it returns.
#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "models/common/line_versions.h"

namespace cohsim {

class WriteCombiner {
 public:
  struct Flush {
    std::uint64_t line;
    Version version;
    bool full;  // every byte of the line was written
  };

  WriteCombiner(unsigned buffers, unsigned line_bytes)
      : buffers_(std::max(1u, buffers)),
        line_bytes_(line_bytes) {}

  // At most two buffers leave on one store: the oldest, evicted to make room,
  // and this line's buffer when the store completed it.
  struct Flushes {
    Flush items[2];
    unsigned count = 0;
    void add(const Flush& f) { items[count++] = f; }
  };

  // Records a store of `bytes` in `line` with the new `version` and returns
  // the buffers that must now go to memory, oldest first.
  Flushes store(std::uint64_t line, unsigned bytes, Version version) {
    Flushes out;
    auto it = std::find_if(open_.begin(), open_.end(), [line](const Entry& e) { return e.line == line; });
    if (it == open_.end()) {
      if (open_.size() == buffers_) {
        out.add(to_flush(open_.front()));
        open_.erase(open_.begin());
      }
      open_.push_back(Entry{line, 0, version});
      it = open_.end() - 1;
    }
    // Stores to one line are assumed not to overlap (streaming writes).
    it->bytes_written = std::min<unsigned>(line_bytes_, it->bytes_written + bytes);
    it->version = version;
    if (it->bytes_written == line_bytes_) {
      out.add(to_flush(*it));
      open_.erase(it);
    }
    return out;
  }

  // Removes and returns the buffer holding `line` (a read of it must see it).
  std::optional<Flush> take(std::uint64_t line) {
    auto it = std::find_if(open_.begin(), open_.end(), [line](const Entry& e) { return e.line == line; });
    if (it == open_.end()) return std::nullopt;
    Flush f = to_flush(*it);
    open_.erase(it);
    return f;
  }

  // Empties every buffer (a barrier, or the end of the run).
  std::vector<Flush> drain() {
    std::vector<Flush> out;
    for (const auto& e : open_) out.push_back(to_flush(e));
    open_.clear();
    return out;
  }
  std::size_t open_buffers() const { return open_.size(); }

 private:
  struct Entry {
    std::uint64_t line;
    unsigned bytes_written;
    Version version;
  };
  Flush to_flush(const Entry& e) const { return Flush{e.line, e.version, e.bytes_written == line_bytes_}; }

  unsigned buffers_;
  unsigned line_bytes_;
  std::vector<Entry> open_;  // oldest first
};

}  // namespace cohsim
