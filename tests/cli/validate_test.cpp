// `cohsim validate` accepts everything `cohsim run` accepts and checks it as
// deeply; traces that make no sense are errors at FILE:LINE, what the kernel
// accepts is a named warning, counted in the results; errors blame the file
// and place the user wrote (a scenario's override, a generator parameter).
#include <gtest/gtest.h>

#include <filesystem>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::run_cli;
using test::ScratchDir;

namespace fs = std::filesystem;

std::string scenarios() { return test::source_dir() + "/scenarios"; }

TEST(Validate, EveryShippedFileValidatesByItsKind) {
  std::vector<std::string> files;
  for (const auto& e : fs::recursive_directory_iterator(scenarios()))
    if (e.is_regular_file()) files.push_back(e.path().string());
  ASSERT_GE(files.size(), 15u);
  std::string args;
  for (const auto& f : files) args += " '" + f + "'";
  const auto r = run_cli("validate" + args);
  EXPECT_EQ(r.status, 0) << r.err;
  for (const auto& f : files) {
    const std::string rel = fs::relative(f, scenarios()).string();
    std::string kind = "scenario ";
    if (rel.starts_with("platforms/"))
      kind = "platform ";
    else if (rel.starts_with("schema/"))
      kind = "schema ";
    else if (rel.starts_with("traces/") || rel.find("/traces/") != std::string::npos)
      kind = "trace of ";
    else if (rel.ends_with(".case.json"))
      kind = "validation case: ";
    else if (rel.ends_with(".json") && test::read_json_file(f).contains("sweep"))
      kind = "sweep of ";
    EXPECT_NE(r.out.find(f + ": ok (" + kind), std::string::npos) << f << "\n" << r.out;
  }
  // Virtual presets are platforms too, not scenarios missing "platforms".
  EXPECT_NE(r.out.find("platform virt-vmwgfx (virtual, on host"), std::string::npos) << r.out;
}

// A generator scenario whose parameters are wrong for one of its platforms
// fails validate exactly as it fails run: same message, same place.
TEST(Validate, GeneratorParametersAreCheckedAgainstEachPlatformAsRunDoes) {
  ScratchDir dir;
  auto both = [&](const json& scenario) {
    const std::string path = dir.write("s.json", scenario.dump());
    const auto v = run_cli("validate '" + path + "'");
    const auto r = run_cli("run -q '" + path + "' -o '" + dir.path() + "/r.json'");
    EXPECT_EQ(v.status, 2) << v.out;
    EXPECT_EQ(r.status, 2);
    EXPECT_EQ(v.err, r.err);
    EXPECT_FALSE(fs::exists(dir.path() + "/r.json"));
    return v.err;
  };
  json tiled_on_virtual = {{"name", "t"},
                           {"platforms", {"x86-llc", "virt-vmwgfx"}},
                           {"policies", {"sync-full"}},
                           {"workload", {{"generator", "swrast-to-display"}, {"params", {{"frames", 1}, {"layout", "I915_FORMAT_MOD_X_TILED"}}}}}};
  EXPECT_NE(both(tiled_on_virtual).find(dir.path() + "/s.json:/workload/params/layout: buffer \"fb0\" is I915_FORMAT_MOD_X_TILED; the virtual GPU"),
            std::string::npos);
  json missing_display = {
      {"name", "t"}, {"platforms", {"arm-soc"}}, {"workload", {{"generator", "swrast-to-display"}, {"params", {{"frames", 1}, {"display", "hdmi"}}}}}};
  EXPECT_NE(both(missing_display).find(dir.path() + "/s.json:/workload/params/display: no device named \"hdmi\" on platform arm-soc"), std::string::npos);
  json not_a_display = missing_display;
  not_a_display["workload"]["params"]["display"] = "gpu";
  EXPECT_NE(both(not_a_display).find("/s.json:/workload/params/display: device \"gpu\" is a gpu on platform arm-soc; only a display scans out"),
            std::string::npos);
  json aperture = {{"name", "t"},
                   {"platforms", {"arm-soc"}},
                   {"exporter", {{"tiled_cpu_access", "aperture"}}},
                   {"workload", {{"generator", "swrast-to-display"}, {"params", {{"frames", 1}, {"layout", "I915_FORMAT_MOD_Y_TILED"}}}}}};
  EXPECT_NE(both(aperture).find("/s.json:/exporter/tiled_cpu_access: the scenario asks for a detiling aperture"), std::string::npos);
}

TEST(Validate, AnOverrideIsBlamedForWhatItChanged) {
  ScratchDir dir;
  json s = {{"name", "t"},
            {"platforms", {{{"preset", "arm-soc"}, {"override", {{"caches", {{"l2", {{"size", "3000B"}}}}}}}}}},
            {"workload", {{"generator", "swrast-to-display"}, {"params", {{"frames", 1}}}}}};
  const std::string path = dir.write("s.json", s.dump());
  const auto r = run_cli("validate '" + path + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(path + ":/platforms/0/override/caches/l2/size: 8 ways of 64-byte lines"), std::string::npos) << r.err;
  // The preset's own mistake is still the preset's.
  s["platforms"][0]["override"] = {{"caches", {{"l2", {{"ways", 7}}}}}};
  dir.write("s.json", s.dump());
  const auto ways = run_cli("validate '" + path + "'");
  EXPECT_NE(ways.err.find(path + ":/platforms/0/override/caches/l2/ways: 7 ways"), std::string::npos) << ways.err;
}

struct BadTrace {
  const char* trace;
  const char* message;  // after "FILE:"
};

// What no kernel lets happen: exit 2 with FILE:LINE, from validate and from run alike.
TEST(Validate, TracesThatMakeNoSenseAreErrorsAtTheirLine) {
  ScratchDir dir;

  const BadTrace cases[] = {
      {"buffer fb 64x32 XRGB8888\nmmap fb\ndma gpu w fb\n",
       "3: device \"gpu\" writes buffer \"fb\", which it never imported (an `import fb gpu` line comes first)"},
      {"buffer fb 64x32 XRGB8888\nimport fb gpu\npresent gpu fb\n", "3: device \"gpu\" is a gpu on platform arm-soc/sync-full; only a display scans out"},
      {"buffer fb 64x32 XRGB8888\nimport fb gpu\npresent display fb\n", "3: display \"display\" scans out buffer \"fb\", which it never imported"},
      {"buffer fb 64x32 XRGB8888\nimport fb display\nclose fb\npresent display fb\n", "4: buffer \"fb\" was closed at "},
      {"buffer fb 64x32 XRGB8888\nclose fb\nclose fb\n", "3: buffer \"fb\" was closed at "},
      {"buffer fb 64x32 XRGB8888\ncpu w fb\n", "2: the CPU accesses buffer \"fb\" before an `mmap` line maps it"},
      {"# nothing but a comment\n\n", " the trace has no operations"},
      {"", " the trace has no operations"},
  };
  for (const BadTrace& c : cases) {
    const std::string trace = dir.write("t.trace", c.trace);
    json s = {{"name", "t"}, {"platforms", {"arm-soc"}}, {"policies", {"sync-full"}}, {"ideal", false}, {"workload", {{"trace", "t.trace"}}}};
    const std::string scenario = dir.write("s.json", s.dump());
    for (const std::string& cmd : {"validate '" + scenario + "'", "run -q '" + scenario + "'"}) {
      const auto r = run_cli(cmd);
      EXPECT_EQ(r.status, 2) << cmd << " " << c.trace;
      EXPECT_NE(r.err.find(trace + ":" + c.message), std::string::npos) << cmd << "\n" << r.err;
    }
  }
  // A bare trace is checked without a platform: the import rule holds anywhere.
  const std::string bare = dir.write("bare.trace", "buffer fb 64x32 XRGB8888\ndma gpu r fb\n");
  const auto r = run_cli("validate '" + bare + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(bare + ":2: device \"gpu\" reads buffer \"fb\", which it never imported"), std::string::npos) << r.err;
}

// What the kernel accepts: named warnings, counted per run in the results,
// listed by validate and shown in the report.
TEST(Validate, WhatTheKernelAcceptsIsANamedWarningCountedInTheResults) {
  ScratchDir dir;
  const std::string trace =
      "buffer fb 64x32 XRGB8888\nimport fb display\nmmap fb\n"
      "sync fb end write\n"                     // 4: end without start
      "sync fb start read\ncpu w fb\n"          // 6: write in a read sync
      "sync fb start read\nsync fb end read\n"  // 7: nested start
      "sync fb end read\n"
      "cpu r fb\n"          // 10: outside any sync
      "sync fb start rw\n"  // open at the end
      "present display fb\n";
  dir.write("t.trace", trace);
  json s = {{"name", "t"}, {"platforms", {"arm-soc"}}, {"policies", {"sync-full"}}, {"ideal", false}, {"workload", {{"trace", "t.trace"}}}};
  const std::string scenario = dir.write("s.json", s.dump());
  const auto v = run_cli("validate '" + scenario + "'");
  ASSERT_EQ(v.status, 0) << v.err;
  EXPECT_NE(v.out.find("warning: arm-soc/sync-full: sync_end_without_start: 1 operation(s), first at " + dir.path() + "/t.trace:4"), std::string::npos)
      << v.out;
  const std::string out = dir.path() + "/r.json";
  const auto r = run_cli("run -q '" + scenario + "' -o '" + out + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  const json run = test::run_of(test::read_json_file(out), "arm-soc/sync-full");
  const json& w = run.at("trace_warnings");
  EXPECT_EQ(w.at("sync_end_without_start").at("value"), 1);
  EXPECT_EQ(w.at("cpu_write_in_read_sync").at("value"), 1);
  EXPECT_EQ(w.at("nested_sync_start").at("value"), 1);
  EXPECT_EQ(w.at("cpu_access_outside_sync").at("value"), 1);
  EXPECT_EQ(w.at("sync_open_at_end").at("value"), 1);
  EXPECT_EQ(w.at("cpu_access_outside_sync").at("first_at"), dir.path() + "/t.trace:10");
  const auto report = run_cli("report '" + out + "'");
  ASSERT_EQ(report.status, 0) << report.err;
  EXPECT_NE(report.out.find("sync_end_without_start"), std::string::npos) << report.out;
  // A clean trace carries no warnings section at all.
  const json clean = test::run_of(test::run_scenario_json({{"name", "c"},
                                                           {"platforms", {"arm-soc"}},
                                                           {"policies", {"sync-full"}},
                                                           {"ideal", false},
                                                           {"workload", {{"generator", "swrast-to-display"}, {"params", {{"frames", 2}}}}}}),
                                  "arm-soc/sync-full");
  EXPECT_FALSE(clean.contains("trace_warnings"));
}

TEST(Validate, ASchemaFileMustMatchWhatCohsimGenerates) {
  ScratchDir dir;
  const auto ok = run_cli("validate '" + scenarios() + "/schema/scenario.schema.json'");
  EXPECT_EQ(ok.status, 0) << ok.err;
  json schema = test::read_json_file(scenarios() + "/schema/platform.schema.json");
  schema["title"] = "stale";
  const std::string path = dir.write("platform.schema.json", schema.dump());
  const auto stale = run_cli("validate '" + path + "'");
  EXPECT_EQ(stale.status, 2);
  EXPECT_NE(stale.err.find(path + ":/title: differs from what this cohsim generates"), std::string::npos) << stale.err;
  const std::string neither = dir.write("x.json", R"({"name": "x"})");
  const auto r = run_cli("validate '" + neither + "'");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find(neither + ":/: neither a scenario"), std::string::npos) << r.err;
}

// The quantum moves figures (docs/models.md), so no standard scenario may
// ask for another one: both ends of the old range are refused, 1000 runs.
TEST(Validate, AQuantumThatWouldMoveTheFiguresIsRefused) {
  ScratchDir dir;
  for (const char* name : {"vgem-2015/1080p-cursor.json", "frame-handoff.json", "tiling/readback-4k-y.json", "examples/cursor-handoff.json"}) {
    json s = test::read_json_file(scenarios() + "/" + name);
    if (s.at("workload").contains("trace"))
      s["workload"]["trace"] = (fs::path(scenarios() + "/" + name).parent_path() / s["workload"]["trace"].get<std::string>()).string();
    for (double q : {1.0, 100.0, 1e6, 1e9}) {
      s["simulation"] = {{"quantum_ns", q}};
      const std::string path = dir.write("s.json", s.dump());
      const auto r = run_cli("validate '" + path + "'");
      EXPECT_EQ(r.status, 2) << name << " " << q;
      EXPECT_NE(r.err.find(path + ":/simulation/quantum_ns: value "), std::string::npos) << r.err;
      EXPECT_NE(r.err.find("fixed at 1000, since any other value moves the figures"), std::string::npos) << r.err;
    }
    s["simulation"] = {{"quantum_ns", 1000}};
    EXPECT_EQ(run_cli("validate '" + dir.write("s.json", s.dump()) + "'").status, 0) << name;
  }
}

}  // namespace
}  // namespace cohsim

namespace cohsim {
namespace {

// The README's override example, taken from the README itself: saved in a
// folder beside the trace it names, it runs from any working directory
// (relative paths resolve against the scenario file's folder); saved where
// that trace is not, the error names the resolved path.
TEST(Readme, TheOverrideExampleRunsWhereverTheWorkingDirectoryIs) {
  const std::string readme = test::read_text_file(test::source_dir() + "/README.md");
  const std::size_t at = readme.find("\"name\": \"bigger-l2\"");
  ASSERT_NE(at, std::string::npos);
  const std::size_t begin = readme.rfind("```json\n", at) + 8, end = readme.find("```", at);
  const json example = json::parse(readme.substr(begin, end - begin));
  test::ScratchDir dir;
  fs::create_directories(dir.path() + "/scenarios/traces");
  fs::copy_file(test::source_dir() + "/scenarios/traces/frame-handoff.trace", dir.path() + "/scenarios/traces/frame-handoff.trace");
  const std::string saved = dir.write("scenarios/bigger-l2.json", example.dump(2));
  fs::create_directories(dir.path() + "/elsewhere");
  const auto r = test::run_cli("run -q '" + saved + "' -o '" + dir.path() + "/r.json'", dir.path() + "/elsewhere");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(test::run_of(test::read_json_file(dir.path() + "/r.json"), "arm-1MiB-L2").at("platform"), "arm-1MiB-L2");
  dir.write("elsewhere/bigger-l2.json", example.dump(2));
  const auto bad = test::run_cli("validate bigger-l2.json", dir.path() + "/elsewhere");
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.err.find("bigger-l2.json:/workload/trace: trace file not found: traces/frame-handoff.trace"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace cohsim
