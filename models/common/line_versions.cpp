#include "models/common/line_versions.h"

namespace cohsim {

const LineVersionMap::Chunk* LineVersionMap::find_chunk_slow(std::uint64_t id) const {
  auto it = chunks_.find(id);
  if (it == chunks_.end()) return nullptr;
  remember(id, it->second.get());
  return it->second.get();
}

LineVersionMap::Chunk& LineVersionMap::chunk_for_slow(std::uint64_t id) {
  auto& slot = chunks_[id];
  if (!slot) slot = std::make_unique<Chunk>();
  remember(id, slot.get());
  return *slot;
}

}  // namespace cohsim
