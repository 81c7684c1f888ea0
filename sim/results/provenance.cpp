#include "sim/results/provenance.h"

#include <unistd.h>

#include <array>
#include <ctime>
#include <filesystem>
#include <map>
#include <set>

#include "sim/util/build_info.h"
#include "sim/util/sha256.h"

namespace cohsim {

using nlohmann::json;

namespace {

// An input: its role, the name a reader knows it by (the file's name; a
// preset's is its own), and the digest of its bytes.
json input(const std::string& role, const std::string& path) {
  return {{"role", role}, {"name", std::filesystem::path(path).filename().string()}, {"path", path}, {"sha256", sha256_of_file(path)}};
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  std::array<char, 32> text{};
  std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text.data();
}

std::string machine_name() {
  std::array<char, 256> name{};
  return gethostname(name.data(), name.size() - 1) == 0 ? std::string(name.data()) : std::string("unknown");
}

// role + name -> digest, for comparing two sections.
std::map<std::string, std::string> digests(const json& p) {
  std::map<std::string, std::string> out;
  if (!p.is_object() || !p.contains("inputs")) return out;
  for (const json& i : p.at("inputs")) out[i.value("role", "") + " " + i.value("name", "")] = i.value("sha256", "");
  return out;
}

}  // namespace

json provenance(const config::LoadedScenario& scenario) {
  json inputs = json::array();
  inputs.push_back(input("scenario", scenario.path));
  std::set<std::string> seen;
  for (const auto& p : scenario.platforms)
    for (const std::string& file : p.files)
      if (seen.insert(file).second) inputs.push_back(input("platform", file));
  if (!scenario.trace_path.empty()) inputs.push_back(input("trace", scenario.trace_path));
  return {{"cohsim", {{"version", COHSIM_VERSION}, {"commit", build_commit()}, {"dirty", build_dirty()}}},
          {"inputs", inputs},
          {"machine", machine_name()},
          {"date", utc_now()}};
}

std::vector<std::string> input_differences(const json& a, const json& b) {
  std::vector<std::string> out;
  const auto here = digests(a), there = digests(b);
  if (here.empty() || there.empty()) return out;
  for (const auto& [key, digest] : here) {
    const auto it = there.find(key);
    if (it == there.end()) {
      out.push_back(key + ": only in the first");
    } else if (it->second != digest) {
      out.push_back(key + ": " + digest.substr(0, 12) + " against " + it->second.substr(0, 12));
    }
  }
  for (const auto& [key, digest] : there)
    if (here.count(key) == 0) out.push_back(key + ": only in the second");
  return out;
}

std::vector<std::string> provenance_lines(const json& p) {
  std::vector<std::string> out;
  if (!p.is_object() || !p.contains("cohsim")) return out;
  const json& c = p.at("cohsim");
  out.push_back("cohsim " + c.value("version", "?") + ", commit " + c.value("commit", "?").substr(0, 12) + (c.value("dirty", false) ? " (with changes)" : "") +
                (p.contains("machine") ? ", on " + p.value("machine", "?") : "") + (p.contains("date") ? " at " + p.value("date", "?") : ""));
  for (const json& i : p.value("inputs", json::array()))
    out.push_back(i.value("role", "") + " " + i.value("name", "") + ": sha256 " + i.value("sha256", "").substr(0, 16));
  return out;
}

}  // namespace cohsim
