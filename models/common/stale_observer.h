#pragma once
// Where agents report each stale line they read, so that the sharing layer can
// attribute it to a buffer, a frame and a rectangle.
#include <cstdint>

namespace cohsim {

class StaleObserver {
 public:
  virtual ~StaleObserver() = default;
  // `agent` is the reader's name (the stat group name); `line` a line index.
  virtual void on_stale_read(const char* agent, std::uint64_t line) = 0;
};

}  // namespace cohsim
