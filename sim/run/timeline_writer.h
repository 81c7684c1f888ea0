#pragma once
// Chrome trace-event JSON for `cohsim run --timeline`. Each simulation (a
// child process) writes its events, one JSON object per line, to a part
// file; the parent joins the parts into one trace file, a process per run
// and a thread per track, and writes it atomically.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "models/common/timeline.h"

namespace cohsim {

class ChromeTraceWriter final : public Timeline {
 public:
  // Events of run `pid` go to `part_path`. Throws InputError if it cannot be created.
  ChromeTraceWriter(const std::string& part_path, int pid);
  ~ChromeTraceWriter() override;
  ChromeTraceWriter(const ChromeTraceWriter&) = delete;
  ChromeTraceWriter& operator=(const ChromeTraceWriter&) = delete;

  void span(std::string_view track, std::string_view category, std::string_view name, Tick begin, Tick end) override;
  void instant(std::string_view track, std::string_view category, std::string_view name, Tick at) override;
  // Writes the track names and closes the part file.
  void finish();

 private:
  int tid(std::string_view track);
  void event(char phase, std::string_view track, std::string_view category, std::string_view name, Tick at, const std::string& extra);

  std::FILE* file_ = nullptr;
  int pid_;
  std::map<std::string, int, std::less<>> tids_;
};

// Joins the part files of runs into one Chrome trace file, written
// atomically; removes the parts. run_labels[pid - 1] names process pid (an
// empty label: a run that was not simulated).
void join_timeline(const std::string& path, const std::vector<std::string>& part_paths, const std::vector<std::string>& run_labels);

}  // namespace cohsim
