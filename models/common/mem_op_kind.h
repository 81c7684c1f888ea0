#pragma once
// The kinds of memory operation, as the models and the trace name them (a
// trace's clean, inval and flush lines carry one of the three maintenance
// kinds through to the core unchanged).
#include <cstdint>

namespace cohsim {

enum class MemOpKind : std::uint8_t {
  read,              // a load, a fill request from the level above, a device read
  write,             // a store (possibly partial) or a device write
  writeback,         // a dirty (or, above an exclusive cache, clean) victim going down
  clean,             // maintenance by VA range: write dirty lines back, keep them
  invalidate,        // maintenance: drop lines (dirty data lost unless the core upgrades to clean+invalidate)
  clean_invalidate,  // maintenance: write back dirty lines, then drop them
};

inline const char* mem_op_kind_name(MemOpKind kind) {
  switch (kind) {
    case MemOpKind::read:
      return "read";
    case MemOpKind::write:
      return "write";
    case MemOpKind::writeback:
      return "write-back";
    case MemOpKind::clean:
      return "clean";
    case MemOpKind::invalidate:
      return "invalidate";
    case MemOpKind::clean_invalidate:
      return "clean+invalidate";
  }
  return "?";
}

}  // namespace cohsim
