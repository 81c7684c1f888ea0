// `cohsim diff`: two results files compared figure by figure, whatever their
// scenarios are called; exit 1 when a figure differs, 0 when none does.
#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;

// Runs a one-platform scenario named `name` on arm-soc (its core at
// `clock_ghz`, labelled `label`) and returns the results file's path.
std::string results(const test::ScratchDir& dir, const std::string& name, const std::string& label, double clock_ghz) {
  dir.write("t.trace", "buffer fb 256x128 XRGB8888\nimport fb display\nmmap fb\nsync fb start write\ncpu w fb\nsync fb end write\ndma display r fb\nframe\n");
  const json platform = {{"preset", "arm-soc"}, {"label", label}, {"override", {{"cpus", {{"cpu0", {{"clock_ghz", clock_ghz}}}}}}}};
  const json s = {{"name", name}, {"platforms", json::array({platform})}, {"policies", {"sync-full", "none"}}, {"workload", {{"trace", "t.trace"}}}};
  dir.write(name + ".json", s.dump());
  const auto r = test::run_cli("run -q '" + dir.path() + "/" + name + ".json' -o '" + dir.path() + "/" + name + ".out.json'");
  EXPECT_EQ(r.status, 0) << r.err;
  return dir.path() + "/" + name + ".out.json";
}

TEST(Diff, IdenticalFiguresExitZeroWhateverTheScenarioIsCalled) {
  test::ScratchDir dir;
  const std::string a = results(dir, "first", "arm", 2.4), b = results(dir, "second", "arm", 2.4);
  const auto r = test::run_cli("diff '" + a + "' '" + b + "'");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("coherency figures of 3 runs are identical"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("scenario \"second\""), std::string::npos) << r.out;
}

TEST(Diff, AMovedFigureShowsBothValuesItsDifferenceAndItsSign) {
  test::ScratchDir dir;
  // The same trace on a core at half the clock: the core's time per frame moves.
  const std::string a = results(dir, "big", "arm", 2.4), b = results(dir, "small", "arm", 1.2);
  const auto r = test::run_cli("diff '" + a + "' '" + b + "'");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("\narm/sync-full\nfigure"), std::string::npos) << r.out;
  // Each moved figure: A, B, B - A with its sign, and the relative change.
  const json ra = test::read_json_file(a), rb = test::read_json_file(b);
  const double was = ra.at("runs").at(0).at("coherency").at("cost_per_frame").at("value").get<double>();
  const double now = rb.at("runs").at(0).at("coherency").at("cost_per_frame").at("value").get<double>();
  ASSERT_NE(was, now);
  const std::size_t row = r.out.find("\ncost_per_frame ");
  ASSERT_NE(row, std::string::npos) << r.out;
  std::istringstream cells(r.out.substr(row + 1, r.out.find('\n', row + 1) - row - 1));
  std::string figure, a_cell, b_cell, difference, change;
  cells >> figure >> a_cell >> b_cell >> difference >> change;
  char expected[64];
  std::snprintf(expected, sizeof expected, "%.6g", was);
  EXPECT_EQ(a_cell, expected);
  std::snprintf(expected, sizeof expected, "%.6g", now);
  EXPECT_EQ(b_cell, expected);
  std::snprintf(expected, sizeof expected, "%+.6g", now - was);
  EXPECT_EQ(difference, expected);
  EXPECT_EQ(change.front(), now > was ? '+' : '-') << change;
  // --all compares the core's counters too; Markdown makes a table for a pull request.
  const auto all = test::run_cli("diff --all '" + a + "' '" + b + "'");
  EXPECT_NE(all.out.find("\nagents/cpu0/"), std::string::npos) << all.out;
  EXPECT_EQ(r.out.find("\nagents/cpu0/"), std::string::npos);
  const auto md = test::run_cli("diff --format markdown '" + a + "' '" + b + "'");
  EXPECT_NE(md.out.find("| figure | A | B | B - A | change |"), std::string::npos) << md.out;
}

TEST(Diff, FilesThatShareNoRunLabelPairInFileOrder) {
  test::ScratchDir dir;
  const std::string a = results(dir, "one", "left", 2.4), b = results(dir, "two", "right", 1.2);
  const auto r = test::run_cli("diff '" + a + "' '" + b + "'");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("share no run label: runs paired in file order"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("left/sync-full | right/sync-full"), std::string::npos) << r.out;
  // A file that is not there is exit 2, naming it.
  const auto missing = test::run_cli("diff '" + a + "' '" + dir.path() + "/nothing.json'");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("nothing.json"), std::string::npos);
}

}  // namespace
}  // namespace cohsim
