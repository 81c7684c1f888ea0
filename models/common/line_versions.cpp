#include "models/common/line_versions.h"

namespace cohsim {

const LineVersionMap::Chunk* LineVersionMap::find_chunk_slow(std::uint64_t id) const {
  auto it = chunks_.find(id);
  if (it == chunks_.end()) return nullptr;
  last_id_ = id;
  last_chunk_ = it->second.get();
  return last_chunk_;
}

LineVersionMap::Chunk& LineVersionMap::chunk_for_slow(std::uint64_t id) {
  auto& slot = chunks_[id];
  if (!slot) slot = std::make_unique<Chunk>();
  last_id_ = id;
  last_chunk_ = slot.get();
  return *last_chunk_;
}

}  // namespace cohsim
