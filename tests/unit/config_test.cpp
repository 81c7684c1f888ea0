// Bad configuration gets one clear message naming the file and the JSON
// pointer; good configuration loads, and overrides reach every field.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "models/exporter/policy_catalog.h"
#include "sim/config/json_source.h"
#include "sim/config/schema.h"
#include "sim/load/scenario_loader.h"
#include "sim/workloads/generator.h"
#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::ScratchDir;

// Loads a scenario whose single platform is flat_platform() patched with
// `patch`; returns the error text ("" when it loads).
std::string platform_error(const json& patch, std::string* file = nullptr) {
  ScratchDir dir;
  json platform = test::flat_platform();
  platform.merge_patch(patch);
  dir.write("p.json", platform.dump());
  dir.write("t.trace", "r 0\n");
  const std::string scenario = dir.write("s.json", json{{"name", "s"}, {"platforms", {{{"file", "p.json"}}}}, {"workload", {{"trace", "t.trace"}}}}.dump());
  try {
    config::load_scenario(scenario);
  } catch (const InputError& e) {
    if (file) *file = e.file();
    return e.place() + ": " + e.message();
  }
  return "";
}

std::string scenario_error(const std::string& text) {
  ScratchDir dir;
  dir.write("t.trace", "r 0\n");
  const std::string path = dir.write("s.json", text);
  try {
    config::load_scenario(path);
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path);
    return e.place() + ": " + e.message();
  }
  return "";
}

TEST(Config, PresetsLoad) {
  for (const char* name : {"x86-llc", "arm-soc"}) {
    const auto p = config::load_platform(name);
    EXPECT_EQ(p.config.name, name);
    EXPECT_EQ(p.config.cpus.size(), 1u);
    EXPECT_EQ(p.config.caches.size(), 3u);
  }
}

TEST(Config, PresetsCarryTheDomainStartingValues) {
  const auto x86 = config::load_platform("x86-llc").config;
  EXPECT_EQ(x86.caches.at("l1d").size, 48u * 1024);
  EXPECT_EQ(x86.caches.at("l1d").ways, 12u);
  EXPECT_EQ(x86.caches.at("llc").size, 30u << 20);
  EXPECT_EQ(x86.caches.at("llc").inclusion, Inclusion::inclusive);
  EXPECT_EQ(x86.fabrics.at("ring").snoop_cache, "llc");
  EXPECT_EQ(x86.devices.at("gpu").coherence, DeviceCoherence::full);
  EXPECT_EQ(x86.devices.at("display").coherence, DeviceCoherence::none);
  const auto arm = config::load_platform("arm-soc").config;
  EXPECT_EQ(arm.caches.at("l1d").size, 64u * 1024);
  EXPECT_EQ(arm.caches.at("l1d").ways, 4u);
  EXPECT_TRUE(arm.fabrics.at("noc").snoop_cache.empty());
  for (const auto& [name, d] : arm.devices) EXPECT_EQ(d.coherence, DeviceCoherence::none) << name;
  EXPECT_TRUE(arm.cpus.at("cpu0").maintenance.invalidate_cleans_dirty);  // A76: DC IVAC acts as DC CIVAC
}

// Every value a shipped preset sets names where it comes from (a datasheet,
// a review, a kernel or Mesa source, a paper, `cohsim calibrate`, or
// "estimate: " and why), and every source names a value the preset has.
// Structure is exempt: names, descriptions, levels, roles, where links go.
void expect_sourced(const std::string& preset, const json& doc, const json& node, const std::string& pointer, const json& sources) {
  if (node.is_object()) {
    for (const auto& [key, value] : node.items()) {
      if (pointer.empty() && (key == "name" || key == "description" || key == "sources")) continue;
      if (key == "to" || key == "level" || key == "role") continue;
      expect_sourced(preset, doc, value, pointer + "/" + key, sources);
    }
    return;
  }
  EXPECT_TRUE(sources.contains(pointer)) << preset << ": " << pointer << " has no source";
}

TEST(Config, EveryPresetValueNamesItsSourceAndEverySourceAValue) {
  for (const std::string& name : config::preset_names()) {
    const json doc = config::load_json_file(config::preset_path(name));
    const json sources = doc.value("sources", json::object());
    for (const auto& [pointer, source] : sources.items()) {
      EXPECT_TRUE(doc.contains(json::json_pointer(pointer))) << name << ": " << pointer;
      EXPECT_FALSE(source.get<std::string>().empty()) << name << ": " << pointer;
    }
    expect_sourced(name, doc, doc, "", sources);
  }
}

// The text between "<!-- cohsim schema KIND -->" and "<!-- end -->" in a doc.
std::string generated_block(const std::string& doc_file, const std::string& kind) {
  const std::string doc = test::read_text_file(test::source_dir() + "/docs/" + doc_file);
  const std::string begin = "<!-- cohsim schema " + kind + " -->\n", end = "<!-- end -->";
  const auto from = doc.find(begin);
  const auto to = doc.find(end, from == std::string::npos ? 0 : from);
  if (from == std::string::npos || to == std::string::npos) return "(no generated block for " + kind + " in docs/" + doc_file + ")";
  return doc.substr(from + begin.size(), to - from - begin.size());
}

TEST(Config, TheListsOfPoliciesAndWorkloadsInTheDocsAreTheRegisteredOnes) {
  // Regenerate with `cohsim schema policies` / `workloads` between the markers.
  EXPECT_EQ(generated_block("policies.md", "policies"), policy_list_markdown());
  EXPECT_EQ(generated_block("workloads.md", "workloads"), generator_list_markdown());
  EXPECT_EQ(generator_names().size(), 4u);
  // Every registered policy, fault-tracking included, is in the scenario schema's documentation.
  for (const std::string& name : policy_names()) EXPECT_NE(std::string(config::policies_doc()).find(name), std::string::npos) << name;
  EXPECT_EQ(policy_names().size(), 7u);
}

TEST(Config, UnknownKeyIsNamedWithAHint) {
  const std::string e = platform_error({{"caches", {{"l1d", {{"sise", 4096}}}}}});
  EXPECT_EQ(e.substr(0, e.find(':')), "/caches/l1d/sise");
  EXPECT_NE(e.find("did you mean \"size\""), std::string::npos) << e;
}

TEST(Config, WrongTypeIsNamed) {
  const std::string e = platform_error({{"caches", {{"l1d", {{"ways", "four"}}}}}});
  EXPECT_NE(e.find("/caches/l1d/ways: expected an integer"), std::string::npos) << e;
}

TEST(Config, ZeroAndNegativeSizesAreRefused) {
  EXPECT_NE(platform_error({{"caches", {{"l1d", {{"size", 0}}}}}}).find("/caches/l1d/size: value 0 is below the minimum 1"), std::string::npos);
  EXPECT_NE(platform_error({{"caches", {{"l1d", {{"size", -4096}}}}}}).find("/caches/l1d/size: expected a non-negative integer"), std::string::npos);
  EXPECT_NE(platform_error({{"memories", {{"dram", {{"bandwidth_gbps", 0}}}}}}).find("/memories/dram/bandwidth_gbps"), std::string::npos);
}

TEST(Config, AssociativityMustDivideTheCache) {
  const std::string e = platform_error({{"caches", {{"l1d", {{"ways", 7}}}}}});
  EXPECT_NE(e.find("/caches/l1d/ways: 7 ways of 64-byte lines"), std::string::npos) << e;
  EXPECT_NE(e.find("do not divide the size of 4096 bytes"), std::string::npos) << e;
}

TEST(Config, ByteSizesAcceptUnitsAndRejectGarbage) {
  EXPECT_EQ(platform_error({{"caches", {{"l1d", {{"size", "4KiB"}}}}}}), "");
  EXPECT_NE(platform_error({{"caches", {{"l1d", {{"size", "4 kilobytes"}}}}}}).find("expected a byte size"), std::string::npos);
}

TEST(Config, LinksMustNameExistingComponentsOfTheRightKind) {
  EXPECT_NE(platform_error({{"caches", {{"l1d", {{"downstream", {{"to", "l9"}}}}}}}}).find("/caches/l1d/downstream/to: no component is named \"l9\""),
            std::string::npos);
  EXPECT_NE(platform_error({{"caches", {{"l1d", {{"downstream", {{"to", "dram"}}}}}}}}).find("\"dram\" is a memory"), std::string::npos);
}

TEST(Config, CacheLevelsMustFormAHierarchy) {
  EXPECT_NE(platform_error({{"caches", {{"l1d", {{"level", 2}}}}}}).find("/caches/l1d/level: \"l1d\" sits below cpu0, so its level must be 1"),
            std::string::npos);
}

TEST(Config, EveryComponentMustServeAnAgent) {
  const std::string e =
      platform_error({{"caches", {{"orphan", {{"level", 2}, {"size", 4096}, {"ways", 4}, {"latency_cycles", 1}, {"downstream", {{"to", "bus"}}}}}}}});
  EXPECT_NE(e.find("/caches/orphan: \"orphan\" is not on the path of any core or device"), std::string::npos) << e;
}

TEST(Config, ASnoopingDeviceNeedsASnoopingFabric) {
  for (const char* kind : {"io-reads", "io", "full"}) {
    const std::string e = platform_error({{"devices", {{"dev", {{"coherence", kind}}}}}});
    EXPECT_NE(e.find("/devices/dev/coherence: \"dev\" snoops (coherence " + std::string(kind) +
                     ") but neither its fabric \"bus\" nor one below it has a snoop_cache"),
              std::string::npos)
        << e;
  }
}

// The booleans coherence replaced are unknown keys, not silently ignored;
// an unknown coherence kind names the kinds there are.
TEST(Config, CoherenceIsOneOfItsKinds) {
  for (const char* old_key : {"coherent", "writes_allocate"}) {
    const std::string e = platform_error({{"devices", {{"dev", {{old_key, true}}}}}});
    EXPECT_NE(e.find("/devices/dev/" + std::string(old_key)), std::string::npos) << e;
  }
  const std::string e = platform_error({{"devices", {{"dev", {{"coherence", "half"}}}}}});
  EXPECT_NE(e.find("/devices/dev/coherence"), std::string::npos) << e;
  EXPECT_NE(e.find("io-reads"), std::string::npos) << e;
}

TEST(Config, ASelfSnoopingCoreNeedsASnoopingFabric) {
  const std::string e = platform_error({{"cpus", {{"cpu0", {{"uncached", {{"snoops_caches", true}}}}}}}});
  EXPECT_NE(e.find("/cpus/cpu0/uncached/snoops_caches: the core's uncached accesses snoop its caches through its fabric's snoop_cache"), std::string::npos)
      << e;
}

TEST(Config, SnoopCacheMustBeTheLastLevel) {
  const std::string e = platform_error({{"fabrics", {{"bus", {{"snoop_cache", "dram"}}}}}});
  EXPECT_NE(e.find("/fabrics/bus/snoop_cache"), std::string::npos) << e;
}

TEST(Config, AnExclusiveCacheHasNoPrefetcher) {
  const std::string e = platform_error({{"caches", {{"l1d", {{"inclusion", "exclusive"}, {"prefetch", {{"kind", "stream"}}}}}}}});
  EXPECT_NE(e.find("/caches/l1d/prefetch/kind: an exclusive cache"), std::string::npos) << e;
  EXPECT_EQ(platform_error({{"caches", {{"l1d", {{"prefetch", {{"kind", "stream"}, {"distance", 65}}}}}}}}).find("/caches/l1d/prefetch/distance"), 0u);
}

TEST(Config, DuplicateKeysAreRefused) {
  const std::string e = scenario_error(R"({"name": "a", "name": "b", "platforms": ["x86-llc"], "workload": {"trace": "t.trace"}})");
  EXPECT_EQ(e.substr(0, e.find(':')), "/name");
}

TEST(Config, SyntaxErrorsGiveLineAndColumn) {
  const std::string e = scenario_error("{\n  \"name\": \"a\",\n  \"platforms\": [\"x86-llc\",]\n}");
  EXPECT_EQ(e.substr(0, 4), "3:27") << e;
}

TEST(Config, UnknownPresetListsThePresets) {
  const std::string e = scenario_error(R"({"name": "a", "platforms": ["x86-lcc"], "workload": {"trace": "t.trace"}})");
  EXPECT_NE(
      e.find("/platforms/0: unknown preset \"x86-lcc\"; presets: arm-a53, arm-soc, arm-soc-ioc, virt-virtio-gpu, virt-vmwgfx, x86-dgpu, x86-llc, x86-nollc"),
      std::string::npos)
      << e;
}

// A name longer than the file system allows is an unknown preset, not an
// internal error (fuzzing found std::filesystem throwing on it).
TEST(Config, APresetNameTooLongForAFileIsUnknown) {
  const std::string name(300, 'x');
  const std::string e = scenario_error(R"({"name": "a", "platforms": [")" + name + R"("], "workload": {"trace": "t.trace"}})");
  EXPECT_NE(e.find("/platforms/0: unknown preset"), std::string::npos) << e;
  const std::string host =
      scenario_error(R"({"name": "a", "platforms": [{"preset": "virt-vmwgfx", "override": {"host": ")" + name + R"("}}], "workload": {"trace": "t.trace"}})");
  EXPECT_NE(host.find("/platforms/0/override/host: unknown preset"), std::string::npos) << host;
}

TEST(Config, AVirtualPlatformsUnknownHostIsBlamedOnTheOverride) {
  const std::string e =
      scenario_error(R"({"name": "a", "platforms": [{"preset": "virt-vmwgfx", "override": {"host": "arm-socc"}}], "workload": {"trace": "t.trace"}})");
  EXPECT_NE(e.find("/platforms/0/override/host: unknown preset \"arm-socc\""), std::string::npos) << e;
}

TEST(Config, OnlyAVirtualPlatformNamesAHost) {
  const std::string e = platform_error({{"host", "x86-llc"}});
  // The host preset becomes the base, but without a hypervisor the key is refused.
  EXPECT_NE(e.find("/host: only a virtual platform"), std::string::npos) << e;
}

TEST(Config, HypervisorValuesAreChecked) {
  const std::string e = scenario_error(
      R"({"name": "a", "platforms": [{"preset": "virt-vmwgfx", "override": {"hypervisor": {"virtual_gpu": "qxl"}}}], "workload": {"trace": "t.trace"}})");
  EXPECT_NE(e.find("/platforms/0/override/hypervisor/virtual_gpu"), std::string::npos) << e;
}

TEST(Config, MissingTraceFileIsNamed) {
  const std::string e = scenario_error(R"({"name": "a", "platforms": ["x86-llc"], "workload": {"trace": "nope.trace"}})");
  EXPECT_NE(e.find("/workload/trace: trace file not found"), std::string::npos) << e;
}

TEST(Config, MissingScenarioFileIsNamed) {
  try {
    config::load_scenario("/nonexistent/s.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "/nonexistent/s.json");
    EXPECT_NE(e.message().find("cannot open"), std::string::npos);
  }
}

TEST(Config, OverrideErrorsBlameTheScenarioNotThePreset) {
  ScratchDir dir;
  dir.write("t.trace", "r 0\n");
  const std::string path = dir.write(
      "s.json", R"({"name": "a", "platforms": [{"preset": "arm-soc", "override": {"caches": {"l2": {"ways": 3}}}}], "workload": {"trace": "t.trace"}})");
  try {
    config::load_scenario(path);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.place(), "/platforms/0/override/caches/l2/ways");
  }
}

TEST(Config, OverridesChangeAnyField) {
  ScratchDir dir;
  dir.write("t.trace", "r 0\n");
  const std::string path = dir.write("s.json", R"({"name": "a",
    "platforms": ["arm-soc", {"preset": "arm-soc", "label": "arm-big-l2",
      "override": {"caches": {"l2": {"size": "1MiB"}}, "cpus": {"cpu0": {"maintenance": {"barrier_cycles": 5}}}}}],
    "workload": {"trace": "t.trace"}})");
  const auto s = config::load_scenario(path);
  ASSERT_EQ(s.platforms.size(), 2u);
  EXPECT_EQ(s.platforms[0].config.caches.at("l2").size, 512u * 1024);
  EXPECT_EQ(s.platforms[1].label, "arm-big-l2");
  EXPECT_EQ(s.platforms[1].config.caches.at("l2").size, 1u << 20);
  EXPECT_EQ(s.platforms[1].config.caches.at("l2").ways, 8u);  // untouched fields stay
  EXPECT_EQ(s.platforms[1].config.cpus.at("cpu0").maintenance.barrier_cycles, 5u);
}

// A preset may extend another (x86-dgpu extends x86-llc): the base is
// patched by the document, a null removes a component and its sources go
// with it, and what goes wrong is blamed on the file that says it.
TEST(Config, APresetExtendsAnotherAndPatchesIt) {
  const auto base = config::load_platform("x86-llc");
  const auto dgpu = config::load_platform("x86-dgpu");
  EXPECT_EQ(dgpu.config.cpus.at("cpu0").clock_ghz, base.config.cpus.at("cpu0").clock_ghz);
  EXPECT_EQ(dgpu.config.caches.size(), base.config.caches.size());
  EXPECT_EQ(dgpu.config.devices.at("display").refresh_hz, base.config.devices.at("display").refresh_hz);  // patched: moved to the GPU's fabric
  EXPECT_EQ(dgpu.config.devices.at("display").downstream.to, "gpu_hub");
  EXPECT_EQ(dgpu.config.fabrics.at("gpu_hub").downstream.bandwidth_gbps, 24.0);
  EXPECT_EQ(dgpu.config.aperture.fences, 0u);
  EXPECT_TRUE(dgpu.document.at("sources").contains("/cpus/cpu0/clock_ghz"));  // the base's sources come along
  EXPECT_TRUE(dgpu.document.at("sources").contains("/devices/display/refresh_hz"));
  EXPECT_FALSE(dgpu.document.at("sources").contains("/aperture/fences"));

  test::ScratchDir dir;
  auto run_with = [&](const json& platform) {
    dir.write("p.json", platform.dump());
    dir.write("s.json", json{{"name", "t"},
                             {"platforms", {{{"file", "p.json"}}}},
                             {"workload", {{"generator", "gpu-to-cpu"}, {"params", {{"width", 64}, {"height", 64}, {"frames", 1}}}}}}
                            .dump());
    return test::run_cli("run -q '" + dir.path() + "/s.json' -o '" + dir.path() + "/r.json'");
  };
  EXPECT_EQ(run_with({{"name", "e"}, {"extends", "x86-llc"}}).status, 0);
  const std::pair<json, std::string> bad[] = {
      {{{"name", "e"}, {"extends", "nope"}}, "p.json:/extends: unknown preset \"nope\""},
      {{{"name", "e"}, {"extends", "x86-dgpu"}}, "p.json:/extends: the preset \"x86-dgpu\" extends another"},
      {{{"name", "e"}, {"extends", "virt-vmwgfx"}}, "p.json:/extends: the preset \"virt-vmwgfx\" is itself virtual"},
      {{{"name", "e"}, {"extends", "x86-llc"}, {"devices", {{"gpu", {{"mlp", 0}}}}}}, "p.json:/devices/gpu/mlp: value 0 is below the minimum 1"},
  };
  for (const auto& [platform, message] : bad) {
    const auto result = run_with(platform);
    EXPECT_EQ(result.status, 2) << platform.dump();
    EXPECT_NE(result.err.find(message), std::string::npos) << result.err;
  }
}

// The CPU snooping a device's own cache is not modelled: a fully coherent
// device with a cache is an error, not a silently one-way port.
TEST(Config, AFullyCoherentDeviceWithACacheIsRefused) {
  test::ScratchDir dir;
  dir.write("s.json", json{{"name", "t"},
                           {"platforms", {{{"preset", "arm-soc"}, {"override", {{"devices", {{"gpu", {{"coherence", "full"}}}}}}}}}},
                           {"workload", {{"generator", "gpu-to-cpu"}, {"params", {{"width", 64}, {"height", 64}, {"frames", 1}}}}}}
                          .dump());
  const auto result = test::run_cli("run -q '" + dir.path() + "/s.json' -o '" + dir.path() + "/r.json'");
  EXPECT_EQ(result.status, 2);
  EXPECT_NE(result.err.find("/devices/gpu/coherence: a fully coherent device with a cache of its own would need the CPU to snoop that cache"),
            std::string::npos)
      << result.err;
}

TEST(Config, DuplicateLabelsAreRefused) {
  const std::string e = scenario_error(R"({"name": "a", "platforms": ["arm-soc", "arm-soc"], "workload": {"trace": "t.trace"}})");
  EXPECT_NE(e.find("/platforms/1: two platforms are both labelled \"arm-soc\""), std::string::npos) << e;
}

TEST(Config, ResolvedConfigRoundTrips) {
  const auto p = config::load_platform("x86-llc");
  const json written = config::to_json_value(p.config);
  const auto again = config::read_document<config::PlatformConfig>(written, config::blame_file("<round trip>"));
  EXPECT_EQ(config::to_json_value(again), written);
}

TEST(Config, CommittedSchemasMatchTheCode) {
  // The schema files are generated from describe(); regenerate them with
  // `cohsim schema scenario` / `cohsim schema platform` when this fails.
  EXPECT_EQ(config::load_json_file(test::source_dir() + "/scenarios/schema/scenario.schema.json"), config::scenario_schema());
  EXPECT_EQ(config::load_json_file(test::source_dir() + "/scenarios/schema/platform.schema.json"), config::platform_schema());
}

TEST(Config, CommittedReferenceMatchesTheCode) {
  // Regenerate with `cohsim schema reference > docs/config-reference.md`.
  std::ifstream in(test::source_dir() + "/docs/config-reference.md");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), config::config_reference_markdown());
}

}  // namespace
}  // namespace cohsim
