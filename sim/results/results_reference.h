#pragma once
// The description of a results file (`cohsim run -o`): every section, every
// model statistic and every derived figure with its unit and meaning. The
// model statistics come from the models' own stats structs
// (models/*/stats.h), built here on scratch groups, so a statistic is named,
// unitised and explained in exactly one place. From this description come
// the results file's JSON Schema (`cohsim schema results`,
// scenarios/schema/results.schema.json) and its reference page
// (`cohsim schema results-reference`, docs/results-reference.md); tests
// fail when either drifts, and every baseline must validate against the
// schema.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace cohsim {

struct StatisticDoc {
  std::string name;
  std::string unit;  // for counts: what is counted; for times: "cycles"
  bool is_time = false;
  std::string meaning;
};

// The statistics a kind of model writes into one group of a section. A group
// always has `always`; each optional part only where the model has it.
struct StatGroupDoc {
  std::string section;  // e.g. "caches"
  std::string model;    // e.g. "cache"
  std::string groups;   // which groups of the section this model writes
  std::vector<StatisticDoc> always;
  struct Optional {
    std::string when;
    std::vector<StatisticDoc> stats;
  };
  std::vector<Optional> optional;
};

// Every model's statistics, section by section.
std::vector<StatGroupDoc> model_statistics();

// A derived figure of a run's "coherency" section (sim/results/comparison.cpp).
struct FigureDoc {
  std::string key;
  std::string unit;   // "" where the figure is an object of parts
  std::string shape;  // "count", "number", "cycles" (value in cycles with ns), "parts"
  std::string meaning;
  std::string when;              // "" when every run with policies has it
  std::vector<FigureDoc> parts;  // shape "parts": the figures inside
};
const std::vector<FigureDoc>& coherency_figures();

nlohmann::json results_schema();
std::string results_reference_markdown();

}  // namespace cohsim
