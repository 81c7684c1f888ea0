#pragma once
// Shared by the fuzz targets: the input as a file (the parsers read files,
// as cohsim does), and the one rule every target checks - bad input may only
// ever end in InputError, never in a crash, a hang or another exception.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace cohsim::fuzz {

// An anonymous in-memory file holding the input, named /proc/self/fd/N.
class InputFile {
 public:
  InputFile(const std::uint8_t* data, std::size_t size)
      : fd_(::memfd_create("cohsim-fuzz", 0)) {
    std::size_t done = 0;
    while (fd_ >= 0 && done < size) {
      const ssize_t n = ::write(fd_, data + done, size - done);
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
  }
  ~InputFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  std::string path(const char* extension = "") const { return "/proc/self/fd/" + std::to_string(fd_) + extension; }

 private:
  int fd_;
};

}  // namespace cohsim::fuzz
