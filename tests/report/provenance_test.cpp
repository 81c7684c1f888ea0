// Provenance: every results file says which build made it and which inputs
// it read, by digest, in its host section (so simulated figures stay
// byte-identical); a report prints it and `cohsim check` names the inputs
// that differ.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <map>
#include <memory>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;

// A shell command's standard output, trimmed: an independent reference.
std::string shell(const std::string& command) {
  std::array<char, 256> buffer{};
  std::string out;
  const std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  if (!pipe) return out;
  while (fgets(buffer.data(), buffer.size(), pipe.get()) != nullptr) out += buffer.data();
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

struct Files {
  test::ScratchDir dir;
  Files() {
    dir.write("t.trace", "buffer fb 256x128 XRGB8888\nimport fb display\nmmap fb\nsync fb start write\ncpu w fb\nsync fb end write\ndma display r fb\nframe\n");
    // A platform file of its own that extends a preset: both are inputs.
    dir.write("mine.json", json{{"name", "mine"}, {"extends", "x86-llc"}, {"cpus", {{"cpu0", {{"clock_ghz", 2.0}}}}}}.dump());
    dir.write(
        "s.json",
        json{{"name", "s"}, {"platforms", json::array({{{"file", "mine.json"}}})}, {"policies", {"sync-full"}}, {"workload", {{"trace", "t.trace"}}}}.dump());
  }
  json run(const std::string& out) const {
    const auto r = test::run_cli("run -q '" + dir.path() + "/s.json' -o '" + dir.path() + "/" + out + "'");
    EXPECT_EQ(r.status, 0) << r.err;
    return test::read_json_file(dir.path() + "/" + out);
  }
};

TEST(Provenance, EveryInputReadIsNamedWithItsSha256) {
  const Files f;
  const json p = f.run("r.json").at("host").at("provenance");
  std::map<std::string, std::string> digest;  // "role name" -> sha256
  for (const json& i : p.at("inputs")) digest[i.at("role").get<std::string>() + " " + i.at("name").get<std::string>()] = i.at("sha256").get<std::string>();
  ASSERT_EQ(digest.size(), 4u) << p.dump(2);
  const std::string preset = test::source_dir() + "/scenarios/platforms/x86-llc.json";
  EXPECT_EQ(digest["scenario s.json"], shell("sha256sum '" + f.dir.path() + "/s.json' | cut -d' ' -f1"));
  EXPECT_EQ(digest["platform mine.json"], shell("sha256sum '" + f.dir.path() + "/mine.json' | cut -d' ' -f1"));
  EXPECT_EQ(digest["platform x86-llc.json"], shell("sha256sum '" + preset + "' | cut -d' ' -f1"));
  EXPECT_EQ(digest["trace t.trace"], shell("sha256sum '" + f.dir.path() + "/t.trace' | cut -d' ' -f1"));
  // The build: the commit the tree was at when it was built, where git knows it.
  const std::string head = shell("git -C '" + test::source_dir() + "' rev-parse HEAD 2>/dev/null");
  if (!head.empty()) {
    EXPECT_EQ(p.at("cohsim").at("commit"), head);
  }
  EXPECT_EQ(p.at("cohsim").at("version"), COHSIM_VERSION);
  EXPECT_FALSE(p.at("machine").get<std::string>().empty());
  EXPECT_EQ(p.at("date").get<std::string>().size(), 20u);  // 2026-12-07T12:00:00Z
}

TEST(Provenance, ItLivesInTheHostSectionSoFiguresStayIdentical) {
  const Files f;
  json a = f.run("a.json"), b = f.run("b.json");
  a.erase("host");
  b.erase("host");
  EXPECT_EQ(a, b);
}

TEST(Provenance, ReportsPrintItAndCheckNamesTheInputsThatDiffer) {
  const Files f;
  f.run("a.json");
  const auto report = test::run_cli("report '" + f.dir.path() + "/a.json'");
  EXPECT_NE(report.out.find("\nProvenance\n- cohsim "), std::string::npos) << report.out;
  EXPECT_NE(report.out.find("- trace t.trace: sha256 "), std::string::npos) << report.out;
  // The same figures from a trace that differs only in a comment: check
  // passes, and says the trace differs.
  f.dir.write("t.trace", "# a comment\n" + test::read_text_file(f.dir.path() + "/t.trace"));
  f.run("b.json");
  const auto check = test::run_cli("check --baseline '" + f.dir.path() + "/a.json' '" + f.dir.path() + "/b.json'");
  EXPECT_EQ(check.status, 0) << check.out << check.err;
  EXPECT_NE(check.out.find("came from different inputs"), std::string::npos) << check.out;
  EXPECT_NE(check.out.find("trace t.trace: "), std::string::npos) << check.out;
  EXPECT_EQ(check.out.find("scenario s.json: "), std::string::npos) << check.out;
  // A baseline keeps the digests (not the machine, date or build).
  const auto update = test::run_cli("check --update --baseline '" + f.dir.path() + "/base.json' '" + f.dir.path() + "/a.json'");
  ASSERT_EQ(update.status, 0) << update.err;
  const json base = test::read_json_file(f.dir.path() + "/base.json");
  EXPECT_EQ(base.at("host").at("provenance").at("inputs").size(), 4u);
  EXPECT_FALSE(base.at("host").at("provenance").contains("date"));
  const auto again = test::run_cli("check --baseline '" + f.dir.path() + "/base.json' '" + f.dir.path() + "/b.json'");
  EXPECT_NE(again.out.find("trace t.trace: "), std::string::npos) << again.out;
}

}  // namespace
}  // namespace cohsim
