#pragma once
// A folder of this process's own under the system's temporary directory,
// removed with everything in it when the object goes out of scope (on an
// exception too): where a check writes a scenario file it loads back.
#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

namespace cohsim {

class ScratchFolder {
 public:
  explicit ScratchFolder(const std::string& prefix)
      : path_(std::filesystem::temp_directory_path() / (prefix + "-" + std::to_string(::getpid()))) {
    std::filesystem::create_directories(path_);
  }
  ~ScratchFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace cohsim
