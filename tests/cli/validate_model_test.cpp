// The validation suite's runner: a case's figure against its formula, the
// verdicts, and bad cases named at their place.
#include <gtest/gtest.h>

#include "sim/util/input_error.h"
#include "sim/validation/model_validation.h"
#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;

// A case on the flat platform (100 ns memory, 1 plain WC load in flight):
// 64 plain 16-byte loads from a WC buffer take 64 x 100 ns.
json flat_case(double min, double max, const std::string& gap = "") {
  json c = {
      {"description", "d"},
      {"source", "s"},
      {"measured_on", "m"},
      {"modelled_as", "flat"},
      {"scenario", "s.json"},
      {"figure",
       {{"name", "throughput"}, {"unit", "MB/s"}, {"of", {{"run", "flat"}, {"metric", "/agents/cpu0/elapsed/ns"}}}, {"invert", true}, {"scale", 1024000.0}}},
      {"expected", {{"min", min}, {"max", max}, {"basis", "b"}}}};
  if (!gap.empty()) c["known_gap"] = gap;
  return c;
}

std::string write_case(const test::ScratchDir& dir, const json& c) {
  dir.write("flat.json", test::flat_platform().dump());
  dir.write("t.trace", "map 0 1024 wc\nr 0 1024 width=16\n");
  dir.write("s.json", json{{"name", "s"}, {"platforms", {{{"file", "flat.json"}}}}, {"workload", {{"trace", "t.trace"}}}}.dump());
  return dir.write("x.case.json", c.dump());
}

TEST(ValidateModel, TheFigureFollowsItsFormula) {
  test::ScratchDir dir;
  const validation::Outcome o = validation::run_case(write_case(dir, flat_case(100, 200)));
  // 1024 bytes in 64 x 100 ns = 160 MB/s.
  EXPECT_DOUBLE_EQ(o.simulated, 1024000.0 / (64 * 100));
  EXPECT_TRUE(o.within);
  EXPECT_EQ(validation::exit_status({o}), 0);
}

TEST(ValidateModel, OutsideFailsUnlessTheGapIsNamedAndANamedGapMustStillBeOne) {
  test::ScratchDir dir;
  const validation::Outcome outside = validation::run_case(write_case(dir, flat_case(500, 600)));
  EXPECT_FALSE(outside.within);
  EXPECT_EQ(validation::exit_status({outside}), 1);
  EXPECT_NE(validation::format_outcomes({outside}).find("OUTSIDE TOLERANCE"), std::string::npos);
  const validation::Outcome gap = validation::run_case(write_case(dir, flat_case(500, 600, "no prefetch yet")));
  EXPECT_EQ(validation::exit_status({gap}), 0);
  EXPECT_NE(validation::format_outcomes({gap}).find("OUTSIDE (known gap)"), std::string::npos);
  // A gap that closed: the case must say so.
  const validation::Outcome closed = validation::run_case(write_case(dir, flat_case(100, 200, "no prefetch yet")));
  EXPECT_EQ(validation::exit_status({closed}), 1);
}

TEST(ValidateModel, BadCasesAreNamedAtTheirPlace) {
  test::ScratchDir dir;
  json c = flat_case(1, 2);
  c["figure"]["of"]["run"] = "flat/wc-map";
  std::string path = write_case(dir, c);
  try {
    validation::run_case(path);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.place(), "/figure/of/run");
    EXPECT_NE(e.message().find("no run labelled \"flat/wc-map\"; its runs: flat"), std::string::npos) << e.message();
  }
  c = flat_case(1, 2);
  c["figure"]["of"]["metric"] = "/agents/cpu0/no_such";
  path = write_case(dir, c);
  try {
    validation::run_case(path);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.place(), "/figure/of/metric");
  }
  c = flat_case(1, 2);
  c["expected"]["tolerance"] = 3;  // unknown key
  path = write_case(dir, c);
  EXPECT_THROW(validation::load_case(path), InputError);
  c = flat_case(3, 2);  // min above max
  path = write_case(dir, c);
  EXPECT_THROW(validation::load_case(path), InputError);
}

}  // namespace
}  // namespace cohsim
