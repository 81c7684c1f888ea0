#include "sim/run/timeline_writer.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "sim/util/atomic_file.h"
#include "sim/util/input_error.h"

namespace cohsim {
namespace {

// Trace-event times are microseconds; ticks are femtoseconds. Six decimals
// keep picoseconds, more than any span here needs.
std::string us_text(Tick t) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%llu.%06llu", static_cast<unsigned long long>(t / 1'000'000'000ULL),
                static_cast<unsigned long long>((t % 1'000'000'000ULL) / 1000ULL));
  return buf;
}

std::string json_string(std::string_view s) { return nlohmann::json(std::string(s)).dump(); }

}  // namespace

ChromeTraceWriter::ChromeTraceWriter(const std::string& part_path, int pid)
    : pid_(pid) {
  file_ = std::fopen(part_path.c_str(), "w");
  if (file_ == nullptr) throw InputError(part_path, "", std::string("cannot write the timeline: ") + std::strerror(errno));
}

ChromeTraceWriter::~ChromeTraceWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

int ChromeTraceWriter::tid(std::string_view track) {
  auto it = tids_.find(track);
  if (it == tids_.end()) it = tids_.emplace(std::string(track), static_cast<int>(tids_.size()) + 1).first;
  return it->second;
}

void ChromeTraceWriter::event(char phase, std::string_view track, std::string_view category, std::string_view name, Tick at, const std::string& extra) {
  std::fprintf(file_, "{\"ph\":\"%c\",\"pid\":%d,\"tid\":%d,\"ts\":%s%s,\"cat\":%s,\"name\":%s,\"args\":{\"frame\":%llu}}\n", phase, pid_, tid(track),
               us_text(at).c_str(), extra.c_str(), json_string(category).c_str(), json_string(name).c_str(), static_cast<unsigned long long>(frame));
}

void ChromeTraceWriter::span(std::string_view track, std::string_view category, std::string_view name, Tick begin, Tick end) {
  if (file_ == nullptr) return;
  event('X', track, category, name, begin, ",\"dur\":" + us_text(end > begin ? end - begin : 0));
}

void ChromeTraceWriter::instant(std::string_view track, std::string_view category, std::string_view name, Tick at) {
  if (file_ == nullptr) return;
  event('i', track, category, name, at, ",\"s\":\"t\"");
}

void ChromeTraceWriter::finish() {
  if (file_ == nullptr) return;
  for (const auto& [track, id] : tids_) {
    std::fprintf(file_, "{\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"name\":\"thread_name\",\"args\":{\"name\":%s}}\n", pid_, id, json_string(track).c_str());
    std::fprintf(file_, "{\"ph\":\"M\",\"pid\":%d,\"tid\":%d,\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":%d}}\n", pid_, id, id);
  }
  std::fclose(file_);
  file_ = nullptr;
}

void join_timeline(const std::string& path, const std::vector<std::string>& part_paths, const std::vector<std::string>& run_labels) {
  std::string out = "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"writer\":\"cohsim run --timeline\",\"time\":\"simulated\"},\"traceEvents\":[\n";
  bool first = true;
  auto add = [&](const std::string& line) {
    out += first ? "" : ",\n";
    out += line;
    first = false;
  };
  for (std::size_t pid = 0; pid < run_labels.size(); ++pid) {
    if (run_labels[pid].empty()) continue;  // not simulated
    add("{\"ph\":\"M\",\"pid\":" + std::to_string(pid + 1) + ",\"name\":\"process_name\",\"args\":{\"name\":" + json_string(run_labels[pid]) + "}}");
    add("{\"ph\":\"M\",\"pid\":" + std::to_string(pid + 1) + ",\"name\":\"process_sort_index\",\"args\":{\"sort_index\":" + std::to_string(pid + 1) + "}}");
  }
  for (const auto& part : part_paths) {
    std::ifstream in(part);
    std::string line;
    while (std::getline(in, line))
      if (!line.empty()) add(line);
  }
  out += "\n]}\n";
  write_output(path, out);
  for (const auto& part : part_paths) ::unlink(part.c_str());
}

}  // namespace cohsim
