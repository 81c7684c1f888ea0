#pragma once
// Where stale data lands: every line an agent reads at an older version than
// the newest is attributed to the shared buffer that holds it, the frame the
// read belongs to and the reading agent, with the bounding box of the pixels
// those lines hold (a linear line's row and columns; a tile's whole tile; an
// AFBC surface's whole surface, since compressed pixels have no position).
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <tuple>
#include <vector>

#include "models/common/pixel_rect.h"
#include "models/common/stale_observer.h"
#include "models/dmabuf/shared_buffer.h"

namespace cohsim {

class StaleAttribution final : public StaleObserver {
 public:
  // `buffers` are the exporter's; `frames` is the count of frames completed,
  // for reads that belong to the frame in progress.
  StaleAttribution(const std::vector<SharedBuffer>& buffers, const std::uint64_t& frames, unsigned line_bytes, std::size_t max_records)
      : buffers_(buffers),
        frames_(frames),
        line_bytes_(line_bytes),
        max_records_(max_records) {}

  void on_stale_read(const char* agent, std::uint64_t line, std::uint64_t frame) override;
  // The results' `sharing.stale` section.
  nlohmann::json report() const;

 private:
  struct Record {
    std::uint64_t lines = 0;
    PixelRect box;
  };
  // The pixels of `b` that the bytes [first, last] hold, added to `box`.
  static void include_pixels(const SharedBuffer& b, std::uint64_t first, std::uint64_t last, PixelRect& box);

  const std::vector<SharedBuffer>& buffers_;
  const std::uint64_t& frames_;
  unsigned line_bytes_;
  std::size_t max_records_;
  std::map<std::tuple<std::string, std::uint64_t, std::string>, Record> records_;  // (buffer, frame, agent)
  std::uint64_t lines_ = 0, outside_buffers_ = 0;
};

}  // namespace cohsim
