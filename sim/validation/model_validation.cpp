#include "sim/validation/model_validation.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>

#include "sim/config/json_source.h"
#include "sim/run/run_scenario.h"
#include "sim/util/input_error.h"

namespace cohsim::validation {

namespace fs = std::filesystem;
using nlohmann::json;

bool looks_like_case(const json& document) { return document.is_object() && document.contains("figure") && document.contains("expected"); }

Case load_case(const std::string& path) {
  const json document = config::load_json_file(path);
  if (!document.is_object()) throw InputError(path, "/", "expected a JSON object (a validation case)");
  return config::read_document<Case>(document, config::blame_file(path));
}

namespace {

// Each scenario a case names runs once.
class Runs {
 public:
  Runs(const std::string& case_path, const Case& c)
      : case_path_(case_path),
        default_(c.scenario) {}
  const json& of(const Measure& m, const std::string& pointer) {
    const std::string name = m.scenario.empty() ? default_ : m.scenario;
    auto it = results_.find(name);
    if (it != results_.end()) return it->second;
    const fs::path scenario = fs::path(case_path_).parent_path() / name;
    if (!fs::is_regular_file(scenario))
      throw InputError(case_path_, m.scenario.empty() ? "/scenario" : pointer + "/scenario", "no scenario file " + scenario.string());
    RunOptions options;
    options.scenario_path = scenario.string();
    options.progress = false;
    options.jobs = 1;
    return results_.emplace(name, run_scenario(options)).first->second;
  }

 private:
  std::string case_path_, default_;
  std::map<std::string, json> results_;
};

double measure(Runs& all, const Measure& m, const std::string& path, const std::string& pointer) {
  const json& results = all.of(m, pointer);
  const json& runs = results.at("runs");
  const auto run = std::find_if(runs.begin(), runs.end(), [&](const json& r) { return r.value("label", "") == m.run; });
  if (run == runs.end()) {
    std::string labels;
    for (const json& r : runs) labels += (labels.empty() ? "" : ", ") + r.value("label", std::string("?"));
    throw InputError(path, pointer + "/run", "the scenario has no run labelled \"" + m.run + "\"; its runs: " + labels);
  }
  json::json_pointer where;
  try {
    where = json::json_pointer(m.metric);
  } catch (const json::exception&) {
    throw InputError(path, pointer + "/metric", "\"" + m.metric + "\" is not a JSON pointer (it starts with /)");
  }
  if (!run->contains(where) || !(*run)[where].is_number()) {
    throw InputError(path, pointer + "/metric", "run " + m.run + " has no number at " + m.metric);
  }
  return (*run)[where].get<double>();
}

}  // namespace

Outcome run_case(const std::string& path) {
  Outcome out{path, load_case(path), 0, false};
  const Case& c = out.spec;
  Runs results(path, c);
  double x = measure(results, c.figure.of, path, "/figure/of");
  if (c.figure.minus) x -= measure(results, *c.figure.minus, path, "/figure/minus");
  if (c.figure.per) {
    const double per = measure(results, *c.figure.per, path, "/figure/per");
    if (per == 0) throw InputError(path, "/figure/per", "the run's " + c.figure.per->metric + " is 0: nothing to divide by");
    x /= per;
  }
  if (c.figure.invert) {
    if (x == 0) throw InputError(path, "/figure/of", "the figure is 0 and cannot be inverted");
    x = 1 / x;
  }
  out.simulated = c.figure.scale * x;
  out.within = out.simulated >= c.expected.min && out.simulated <= c.expected.max;
  return out;
}

std::vector<std::string> case_files(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  for (const std::string& p : paths) {
    if (fs::is_directory(p)) {
      for (const auto& entry : fs::recursive_directory_iterator(p))
        if (entry.is_regular_file() && entry.path().string().ends_with(".case.json")) out.push_back(entry.path().string());
    } else if (fs::exists(p)) {
      out.push_back(p);
    } else {
      throw InputError(p, "", "no such file or folder");
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

namespace {
std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}
}  // namespace

std::string format_outcomes(const std::vector<Outcome>& outcomes) {
  std::ostringstream s;
  std::size_t within = 0, gaps = 0, failed = 0;
  for (const Outcome& o : outcomes) {
    const Case& c = o.spec;
    const std::string name = fs::path(o.path).filename().string();
    std::string verdict;
    if (o.within && c.known_gap.empty()) {
      verdict = "within tolerance";
      ++within;
    } else if (!o.within && !c.known_gap.empty()) {
      verdict = "OUTSIDE (known gap)";
      ++gaps;
    } else if (o.within) {
      verdict = "within, but the case names a gap: remove known_gap";
      ++failed;
    } else {
      verdict = "OUTSIDE TOLERANCE";
      ++failed;
    }
    s << name.substr(0, name.size() - std::string(".case.json").size()) << ": " << c.figure.name << "\n"
      << "  measured on " << c.measured_on << " (" << c.source << ")\n"
      << "  modelled as " << c.modelled_as << "\n"
      << "  expected " << number(c.expected.min) << " .. " << number(c.expected.max) << " " << c.figure.unit << ", simulated " << number(o.simulated) << " "
      << c.figure.unit << ": " << verdict << "\n";
    if (!c.known_gap.empty()) s << "  gap: " << c.known_gap << "\n";
  }
  s << outcomes.size() << " cases: " << within << " within tolerance, " << gaps << " outside with a known gap, " << failed << " failed\n";
  return s.str();
}

int exit_status(const std::vector<Outcome>& outcomes) {
  for (const Outcome& o : outcomes)
    if (o.within != o.spec.known_gap.empty()) return 1;
  return 0;
}

}  // namespace cohsim::validation
