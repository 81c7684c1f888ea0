#include "sim/util/atomic_file.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "sim/util/checked_number.h"
#include "sim/util/input_error.h"

namespace cohsim {

namespace {

// Writes everything to an open descriptor: 0, or the errno that stopped it.
int write_all(int fd, std::string_view contents) {
  std::size_t done = 0;
  while (done < contents.size()) {
    const ssize_t n = ::write(fd, contents.data() + done, contents.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    done += static_cast<std::size_t>(n);
  }
  return 0;
}

// The name a write to `path` really lands on: symlinks followed (also a
// dangling one, whose target is then created), relative targets taken from
// the link's folder.
std::filesystem::path real_target(const std::string& path) {
  namespace fs = std::filesystem;
  fs::path p(path);
  for (int hops = 0; hops < 40; ++hops) {
    std::error_code ec;
    if (!fs::is_symlink(fs::symlink_status(p, ec))) return p;
    const fs::path link = fs::read_symlink(p, ec);
    if (ec) throw InputError(path, "", "cannot read the symbolic link: " + ec.message());
    p = link.is_absolute() ? link : p.parent_path() / link;
  }
  throw InputError(path, "", "too many levels of symbolic links");
}

}  // namespace

void remove_leftovers_of_dead_processes(const std::string& folder, const std::string& prefix) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(folder, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(prefix)) continue;
    std::size_t end = prefix.size();
    while (end < name.size() && name[end] >= '0' && name[end] <= '9') ++end;
    pid_t pid = 0;
    if (to_number(std::string_view(name).substr(prefix.size(), end - prefix.size()), pid) != NumberError::none || pid <= 0) continue;
    if (::kill(pid, 0) != 0 && errno == ESRCH) ::unlink(entry.path().c_str());
  }
}

void write_file_atomically(const std::string& path, std::string_view contents) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  // The temporary name carries our pid, so a later write of the same file
  // can tell a killed writer's leftover from a live writer's work in progress.
  const std::string prefix = "." + target.filename().string() + ".tmp.";
  remove_leftovers_of_dead_processes(folder.string(), prefix);
  std::string temp = (folder / (prefix + std::to_string(::getpid()) + ".XXXXXX")).string();

  const int fd = ::mkstemp(temp.data());
  if (fd < 0) throw InputError(path, "", std::string("cannot create a file in that folder: ") + std::strerror(errno));
  auto fail = [&](const char* what) {
    const int err = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    throw InputError(path, "", std::string(what) + ": " + std::strerror(err));
  };
  if (const int err = write_all(fd, contents); err != 0) {
    errno = err;
    fail("cannot write");
  }
  if (::fchmod(fd, 0644) != 0) fail("cannot set permissions");
  if (::fsync(fd) != 0) fail("cannot flush to disk");
  if (::close(fd) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw InputError(path, "", std::string("cannot close: ") + std::strerror(err));
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp.c_str());
    throw InputError(path, "", std::string("cannot rename into place: ") + std::strerror(err));
  }
}

void write_output(const std::string& path, std::string_view contents) {
  if (path == "-") {
    std::cout.write(contents.data(), static_cast<std::streamsize>(contents.size()));
    std::cout.flush();
    if (!std::cout) throw InputError("-", "", "cannot write to standard output");
    return;
  }
  if (path.empty()) throw InputError("", "-o", "the output name is empty");
  const std::filesystem::path target = real_target(path);
  struct stat st {};
  if (::stat(target.c_str(), &st) != 0) {
    if (errno != ENOENT) throw InputError(path, "", std::string("cannot use this output: ") + std::strerror(errno));
    write_file_atomically(target.string(), contents);  // a new file
    return;
  }
  if (S_ISDIR(st.st_mode)) throw InputError(path, "", "is a directory; give a file name (or - for standard output)");
  if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)) {
    // A device or pipe someone else owns: write into it, never replace it.
    const int fd = ::open(target.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0) throw InputError(path, "", std::string("cannot open for writing: ") + std::strerror(errno));
    int err = write_all(fd, contents);
    if (::close(fd) != 0 && err == 0) err = errno;
    if (err != 0) throw InputError(path, "", std::string("cannot write: ") + std::strerror(err));
    return;
  }
  if (!S_ISREG(st.st_mode)) throw InputError(path, "", "is neither a regular file, a character device nor a FIFO; cohsim will not replace it");
  if (::access(target.c_str(), W_OK) != 0) throw InputError(path, "", std::string("cannot write: ") + std::strerror(errno));
  write_file_atomically(target.string(), contents);
}

}  // namespace cohsim
