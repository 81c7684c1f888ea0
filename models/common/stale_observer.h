#pragma once
// Where agents report each stale line they read, so that the sharing layer can
// attribute it to a buffer, a frame and a rectangle.
#include <cstdint>

namespace cohsim {

class StaleObserver {
 public:
  virtual ~StaleObserver() = default;
  // `agent` is the reader's name (the stat group name); `line` a line index;
  // `frame` the frame the reader's work belongs to (a device command's),
  // or kNow for work done as the trace goes.
  static constexpr std::uint64_t kNow = ~std::uint64_t{0};
  virtual void on_stale_read(const char* agent, std::uint64_t line, std::uint64_t frame) = 0;
};

}  // namespace cohsim
