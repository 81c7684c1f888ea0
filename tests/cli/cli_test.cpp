// The cohsim command line end to end: exit status, messages, files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::read_json_file;
using test::run_cli;
using test::ScratchDir;

std::string scenarios() { return test::source_dir() + "/scenarios"; }

TEST(Cli, HelpForEveryCommand) {
  for (const char* cmd : {"", "run ", "validate ", "platforms ", "graph ", "schema ", "gen ", "report ", "check "}) {
    const auto r = run_cli(std::string(cmd) + "--help");
    EXPECT_EQ(r.status, 0) << cmd;
    EXPECT_NE(r.out.find("Usage"), std::string::npos) << cmd;
  }
}

TEST(Cli, UsageErrorsExitWithTwo) {
  EXPECT_EQ(run_cli("").status, 2);
  EXPECT_EQ(run_cli("frobnicate").status, 2);
  EXPECT_EQ(run_cli("run").status, 2);
  EXPECT_EQ(run_cli("run x.json --jobs 0").status, 2);
}

TEST(Cli, PlatformsListsThePresets) {
  const auto r = run_cli("platforms");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("x86-llc"), std::string::npos);
  EXPECT_NE(r.out.find("arm-soc"), std::string::npos);
}

TEST(Cli, GraphPrintsDot) {
  const auto r = run_cli("graph arm-soc");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out.rfind("digraph", 0), 0u);
  const auto bad = run_cli("graph arm-sco");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("unknown preset \"arm-sco\""), std::string::npos) << bad.err;
}

TEST(Cli, RunsTheDefaultScenarioOnBothPresets) {
  ScratchDir dir;
  const std::string out = dir.path() + "/results.json";
  const auto r = run_cli("run '" + scenarios() + "/frame-handoff.json' -o '" + out + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("x86-llc"), std::string::npos);
  EXPECT_NE(r.out.find("arm-soc"), std::string::npos);
  EXPECT_NE(r.out.find("stale reads"), std::string::npos);
  const json results = read_json_file(out);
  EXPECT_EQ(results.at("schema_version"), 1);
  EXPECT_EQ(results.at("runs").size(), 2u);
  EXPECT_TRUE(results.at("scenario").at("platforms").at(0).at("config").contains("caches"));  // the resolved config
  EXPECT_TRUE(results.at("host").contains("wall_seconds"));
  for (const auto& run : results.at("runs")) {
    EXPECT_EQ(run.at("caches").at("l1d").at("read_misses").at("unit"), "lines");
    EXPECT_EQ(run.at("agents").at("cpu0").at("elapsed").at("unit"), "cycles");
    EXPECT_EQ(run.at("agents").at("cpu0").at("elapsed").at("clock"), "cpu0");
  }
}

TEST(Cli, SameInputGivesByteIdenticalResultsOutsideHost) {
  ScratchDir dir;
  std::vector<json> runs;
  for (const char* jobs : {"1", "2", "2"}) {
    const std::string out = dir.path() + "/r" + jobs + std::to_string(runs.size()) + ".json";
    ASSERT_EQ(run_cli("run -q -j " + std::string(jobs) + " '" + scenarios() + "/frame-handoff.json' -o '" + out + "'").status, 0);
    json r = read_json_file(out);
    r.erase("host");
    runs.push_back(r);
  }
  EXPECT_EQ(runs[0].dump(), runs[1].dump());
  EXPECT_EQ(runs[1].dump(), runs[2].dump());
}

// Runs a scenario expected to fail; checks status 2, the message, and that
// an existing results file was left untouched.
void expect_bad_input(const ScratchDir& dir, const std::string& scenario, const std::string& expected_message) {
  const std::string out = dir.write("results.json", "previous");
  const auto r = run_cli("run -q '" + scenario + "' -o '" + out + "'");
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find(expected_message), std::string::npos) << "stderr: " << r.err;
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one message: " << r.err;
  std::ifstream in(out);
  std::string contents((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(contents, "previous");
  for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
    EXPECT_EQ(entry.path().filename().string().find(".tmp"), std::string::npos) << "temporary file left: " << entry.path();
}

std::string scenario_text(const std::string& platforms, const std::string& trace = "t.trace", const std::string& extra = "") {
  return R"({"name": "bad", "platforms": )" + platforms + R"(, "workload": {"trace": ")" + trace + "\"}" + extra + "}";
}

TEST(Cli, BadInputIsReportedWithFileAndPlace) {
  ScratchDir dir;
  dir.write("t.trace", "w 0 4096\nr 0 4096\n");
  const std::string s = dir.path() + "/s.json";
  struct Case {
    std::string scenario, message;
  };
  const std::vector<Case> cases = {
      {scenario_text(R"(["x86-llc"])", "t.trace", R"(, "colour": 1)"), s + ":/colour: unknown key \"colour\""},
      {scenario_text(R"(["x86-llc"])", "t.trace", R"(, "simulation": {"quantum_ns": "fast"})"), s + ":/simulation/quantum_ns: expected a number"},
      {scenario_text(R"([{"preset": "x86-llc", "override": {"caches": {"l2": {"size": 0}}}}])"),
       s + ":/platforms/0/override/caches/l2/size: value 0 is below the minimum 1"},
      {scenario_text(R"([{"preset": "x86-llc", "override": {"caches": {"l1d": {"ways": 5}}}}])"),
       s + ":/platforms/0/override/caches/l1d/ways: 5 ways of 64-byte lines"},
      {scenario_text(R"(["x86-llc", "amr-soc"])"), s + ":/platforms/1: unknown preset \"amr-soc\""},
      {scenario_text(R"(["x86-llc"])", "missing.trace"), s + ":/workload/trace: trace file not found"},
      {scenario_text(R"(["x86-llc"])", "bad.trace"), dir.path() + "/bad.trace:2:3: expected an address"},
      {scenario_text(R"(["x86-llc"])", "dev.trace"), dir.path() + "/dev.trace:2: no device named \"scanner\" on platform x86-llc"},
      {"{\"name\": ", s + ":1:10: invalid JSON"},
  };
  dir.write("bad.trace", "r 0 64\nw nowhere 8\n");
  dir.write("dev.trace", "r 0 64\ndev scanner w 0 64\n");
  for (const auto& c : cases) {
    dir.write("s.json", c.scenario);
    expect_bad_input(dir, s, c.message);
  }
  expect_bad_input(dir, dir.path() + "/absent.json", dir.path() + "/absent.json: cannot open");
}

TEST(Cli, ValidateChecksEveryKindOfFile) {
  ScratchDir dir;
  const auto ok = run_cli("validate '" + scenarios() + "/frame-handoff.json' '" + scenarios() + "/platforms/arm-soc.json' '" + scenarios() +
                          "/traces/frame-handoff.trace'");
  EXPECT_EQ(ok.status, 0) << ok.err;
  EXPECT_NE(ok.out.find("scenario frame-handoff"), std::string::npos);
  EXPECT_NE(ok.out.find("platform arm-soc"), std::string::npos);
  const std::string bad = dir.write("bad.trace", "r 0\nbarrier 1\n");
  const auto r = run_cli("validate '" + bad + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(bad + ":2:9: unexpected field"), std::string::npos) << r.err;
}

TEST(Cli, SchemaIsJson) {
  const auto r = run_cli("schema platform");
  EXPECT_EQ(r.status, 0);
  const json schema = json::parse(r.out);
  EXPECT_EQ(schema.at("title"), "cohsim platform");
  EXPECT_FALSE(schema.at("additionalProperties").get<bool>());
}

// Absurd sizes are refused with a message naming the place, never allocated.
TEST(Cli, AbsurdSizesAreRefusedNotAllocated) {
  ScratchDir dir;
  auto expect_refused = [&](const json& scenario, const std::string& trace, const std::string& place) {
    if (!trace.empty()) dir.write("t.trace", trace);
    const std::string path = dir.write("s.json", scenario.dump());
    const auto r = run_cli("validate '" + path + "'");
    EXPECT_EQ(r.status, 2) << r.out;
    EXPECT_NE(r.err.find(place), std::string::npos) << r.err;
  };
  // A 2^40-pixel buffer.
  expect_refused({{"name", "b"}, {"platforms", {"x86-llc"}}, {"policies", {"none"}}, {"workload", {{"trace", "t.trace"}}}},
                 "buffer b 1048576x1048576 XRGB8888\n", "t.trace:1:10");
  // A billion frames.
  const json generator = {{"generator", "swrast-to-display"}, {"params", {{"width", 64}, {"height", 64}, {"frames", 1000000000}}}};
  expect_refused({{"name", "f"}, {"platforms", {"x86-llc"}}, {"workload", generator}}, "", "/workload/params/frames");
  // Caches beyond any built (their tags would need gigabytes): the CPU's and a device's.
  const json small = {{"generator", "swrast-to-display"}, {"params", {{"width", 64}, {"height", 64}, {"frames", 1}}}};
  expect_refused(
      {{"name", "c"}, {"platforms", {{{"preset", "x86-llc"}, {"override", {{"caches", {{"llc", {{"size", "64GiB"}, {"ways", 16}}}}}}}}}}, {"workload", small}},
      "", "/platforms/0/override/caches/llc/size");
  expect_refused(
      {{"name", "d"}, {"platforms", {{{"preset", "arm-soc"}, {"override", {{"devices", {{"gpu", {{"cache", {{"size", "1TiB"}}}}}}}}}}}}, {"workload", small}},
      "", "/platforms/0/override/devices/gpu/cache/size");
}

}  // namespace
}  // namespace cohsim
