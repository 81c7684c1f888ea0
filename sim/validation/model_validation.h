#pragma once
// The timing validation suite (scenarios/validation/, docs/validation.md):
// each case is a scenario plus a published or measured figure it must
// reproduce, the figure's source, and the tolerance. `cohsim validate-model`
// runs every case and prints figure, expected, simulated and the verdict.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "sim/config/fields.h"

namespace cohsim::validation {

// One number of one run's results: the run's label ("arm-soc/none", or the
// platform alone for a trace without policies) and a JSON pointer into it.
struct Measure {
  std::string scenario;
  std::string run;
  std::string metric;

  template <class V>
  void describe(V& v) {
    v("scenario", scenario, {.doc = "the scenario whose run it is, relative to the case file (default: the case's scenario)"});
    v("run", run, {.doc = "the run's label in the results: PLATFORM/POLICY, or PLATFORM for a trace that syncs nothing", .min = 1, .required = true});
    v("metric", metric, {.doc = "JSON pointer to a number inside that run's results, e.g. /agents/cpu0/elapsed/ns", .min = 1, .required = true});
  }
};

// The figure compared: scale x ((of - minus) / per), or its reciprocal
// scaled when inverted (a throughput: bytes x 1000 / time in ns gives MB/s).
struct Figure {
  std::string name;
  std::string unit;
  Measure of;
  std::optional<Measure> minus;
  std::optional<Measure> per;
  bool invert = false;
  double scale = 1;

  template <class V>
  void describe(V& v) {
    v("name", name, {.doc = "what the figure is, in a few words", .min = 1, .required = true});
    v("unit", unit, {.doc = "its unit as printed", .min = 1, .required = true});
    v("of", of, {.doc = "the number the figure is made of", .required = true});
    v("minus", minus, {.doc = "a number to subtract from it first (the time of a run without the part measured)"});
    v("per", per, {.doc = "a number to divide it by (a ratio of two runs)"});
    v("invert", invert, {.doc = "take the reciprocal before scaling (a throughput from a time)"});
    v("scale", scale, {.doc = "factor applied last", .min = -1e300, .max = 1e300});
  }
};

struct Expected {
  double min = 0;
  double max = 0;
  std::string basis;

  template <class V>
  void describe(V& v) {
    v("min", min, {.doc = "lowest value within tolerance", .min = -1e300, .max = 1e300, .required = true});
    v("max", max, {.doc = "highest value within tolerance", .min = -1e300, .max = 1e300, .required = true});
    v("basis", basis, {.doc = "the measured figure and how the range around it was chosen", .min = 1, .required = true});
  }
};

struct Case {
  std::string description;
  std::string source;
  std::string measured_on;
  std::string modelled_as;
  std::string scenario;
  Figure figure;
  Expected expected;
  std::string known_gap;

  template <class V>
  void describe(V& v) {
    v("description", description, {.doc = "what was measured", .min = 1, .required = true});
    v("source", source, {.doc = "where the measurement was published (paper, commit, issue, mailing-list post, datasheet)", .min = 1, .required = true});
    v("measured_on", measured_on, {.doc = "the hardware it was measured on", .min = 1, .required = true});
    v("modelled_as", modelled_as, {.doc = "the preset that stands for that hardware, and how far it is from it", .min = 1, .required = true});
    v("scenario", scenario, {.doc = "the scenario to run, relative to this file", .min = 1, .required = true});
    v("figure", figure, {.doc = "the figure compared", .required = true});
    v("expected", expected, {.doc = "the measured range it must fall in", .required = true});
    v("known_gap", known_gap,
      {.doc = "why the model does not reproduce this figure yet and what is missing; such a case is reported, not failed, and a case that comes within "
              "tolerance while it names a gap fails, so that the note goes"});
  }
  void check(const config::Checker& c) const {
    if (expected.min > expected.max) c.fail("expected", "min is above max");
  }
};

// A file is a validation case when it has a figure and an expected range.
bool looks_like_case(const nlohmann::json& document);
// Reads and checks a case file (InputError names the file and the place).
Case load_case(const std::string& path);

struct Outcome {
  std::string path;
  Case spec;
  double simulated = 0;
  bool within = false;
};

// Runs one case's scenario and computes its figure.
Outcome run_case(const std::string& path);
// Every *.case.json file under `folders` (or the files given), sorted.
std::vector<std::string> case_files(const std::vector<std::string>& paths);
// The table `cohsim validate-model` prints.
std::string format_outcomes(const std::vector<Outcome>& outcomes);
// 0 when every case is within tolerance or names its gap (and is outside it).
int exit_status(const std::vector<Outcome>& outcomes);

}  // namespace cohsim::validation
