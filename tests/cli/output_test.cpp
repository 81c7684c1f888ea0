// What -o does to the place it is given, the same in every command: it never
// replaces what cohsim does not own (a device node, a FIFO, a symlink), it
// writes "-" to stdout, and a place it cannot write is exit 2 naming it.
// CI runs these as root, where a careless rename would replace /dev/null.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>

#include "support/test_support.h"

namespace cohsim {
namespace {

using test::json;
using test::run_cli;
using test::ScratchDir;

namespace fs = std::filesystem;

// The smallest standard scenario: two short runs.
std::string small_scenario() { return "'" + test::source_dir() + "/scenarios/frame-handoff.json'"; }

bool is_char_device(const char* path) {
  struct stat st {};
  return ::lstat(path, &st) == 0 && S_ISCHR(st.st_mode);
}

TEST(Output, DeviceNodesAreWrittenNeverReplaced) {
  ASSERT_TRUE(is_char_device("/dev/null"));
  const auto null_run = run_cli("run " + small_scenario() + " -q -o /dev/null");
  EXPECT_EQ(null_run.status, 0) << null_run.err;
  EXPECT_TRUE(is_char_device("/dev/null"));

  const auto full = run_cli("run " + small_scenario() + " -q -o /dev/full");
  EXPECT_EQ(full.status, 2);
  EXPECT_NE(full.err.find("/dev/full: cannot write: No space left on device"), std::string::npos) << full.err;
  EXPECT_TRUE(is_char_device("/dev/full"));
}

TEST(Output, ASymlinkIsFollowedAndStaysALink) {
  ScratchDir dir;
  fs::create_directory(dir.path() + "/real");
  dir.write("real/results.json", "old\n");
  fs::create_symlink("real/results.json", dir.path() + "/link.json");  // relative to the link's folder
  const auto r = run_cli("run " + small_scenario() + " -q -o link.json", dir.path());
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(fs::is_symlink(dir.path() + "/link.json"));
  EXPECT_EQ(test::read_json_file(dir.path() + "/real/results.json").at("schema_version"), 1);
  // The atomic write's temporary file went next to the target and is gone.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir.path() + "/real"), fs::directory_iterator()), 1);

  // A dangling link: its target is created, the link kept.
  fs::create_symlink("real/new.html", dir.path() + "/report.html");
  const auto report = run_cli("report real/results.json -o report.html", dir.path());
  ASSERT_EQ(report.status, 0) << report.err;
  EXPECT_TRUE(fs::is_symlink(dir.path() + "/report.html"));
  EXPECT_NE(test::read_text_file(dir.path() + "/real/new.html").find("<html"), std::string::npos);
}

TEST(Output, AFifoIsWrittenNotReplaced) {
  ScratchDir dir;
  const std::string fifo = dir.path() + "/results.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto reader = std::async(std::launch::async, [&] { return test::read_text_file(fifo); });
  const auto r = run_cli("run " + small_scenario() + " -q -o '" + fifo + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(json::parse(reader.get()).at("schema_version"), 1);
  struct stat st {};
  ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
  EXPECT_TRUE(S_ISFIFO(st.st_mode));
}

TEST(Output, ADirectoryOrAMissingFolderIsExitTwoNamingThePath) {
  ScratchDir dir;
  const auto into_dir = run_cli("run " + small_scenario() + " -q -o '" + dir.path() + "'");
  EXPECT_EQ(into_dir.status, 2);
  EXPECT_NE(into_dir.err.find(dir.path() + ": is a directory"), std::string::npos) << into_dir.err;
  const auto missing = run_cli("report /dev/null -o '" + dir.path() + "/no/such/report.txt'");
  EXPECT_EQ(missing.status, 2);
  const auto gen = run_cli("gen '" + test::source_dir() + "/scenarios/vgem-2015/1080p-cursor.json' -o '" + dir.path() + "/no/such.trace'");
  EXPECT_EQ(gen.status, 2);
  EXPECT_NE(gen.err.find(dir.path() + "/no/such.trace: cannot create a file in that folder"), std::string::npos) << gen.err;
  EXPECT_TRUE(fs::is_empty(dir.path()));  // nothing half-written left behind
}

TEST(Output, DashIsStdoutInEveryCommand) {
  ScratchDir dir;
  const auto run = run_cli("run " + small_scenario() + " -o -", dir.path());
  ASSERT_EQ(run.status, 0) << run.err;
  const json results = json::parse(run.out);  // stdout is the results JSON alone
  EXPECT_EQ(results.at("schema_version"), 1);
  const std::string results_path = dir.write("results.json", run.out);
  const auto report = run_cli("report results.json -o -", dir.path());
  ASSERT_EQ(report.status, 0) << report.err;
  EXPECT_FALSE(report.out.empty());
  const auto gen = run_cli("gen '" + test::source_dir() + "/scenarios/vgem-2015/1080p-cursor.json' -o -", dir.path());
  ASSERT_EQ(gen.status, 0) << gen.err;
  EXPECT_NE(gen.out.find("buffer "), std::string::npos);
  EXPECT_FALSE(fs::exists(dir.path() + "/-"));
}

}  // namespace
}  // namespace cohsim

namespace cohsim {
namespace {

// A single long run shows progress within itself (frames done, and the time
// left at that pace) when stderr is a terminal: `script` gives it one.
TEST(Progress, ASingleRunShowsItsFramesAndTheTimeLeftOnATerminal) {
  test::ScratchDir dir;
  const test::json scenario = {
      {"name", "p"},
      {"platforms", {"arm-soc"}},
      {"policies", {"sync-full"}},
      {"ideal", false},
      {"workload",
       {{"generator", "swrast-to-display"}, {"params", {{"width", 3840}, {"height", 2160}, {"damage", "full-frame"}, {"frames", 60}, {"fps", 60}}}}}};
  const std::string path = dir.write("s.json", scenario.dump());
  // `script` runs cohsim on a pseudo-terminal and copies what it printed.
  const std::string out = dir.path() + "/terminal";
  const std::string command = "script -qec \"'" COHSIM_BINARY "' run '" + path + "' -o '" + dir.path() + "/r.json'\" /dev/null > '" + out + "' 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << test::read_text_file(out);
  const std::string terminal = test::read_text_file(out);
  // Some line between 0% and 100%, with an estimate, before the run ended.
  bool within = false;
  std::size_t at = 0;
  while ((at = terminal.find("0/1 runs done, ", at)) != std::string::npos) {
    at += 15;
    const double percent = std::stod(terminal.substr(at));
    const std::size_t end = terminal.find_first_of("\r\n", at);
    if (percent > 0 && percent < 100 && terminal.substr(at, end - at).find("s left") != std::string::npos) within = true;
  }
  EXPECT_TRUE(within) << terminal;
  // Without a terminal: no progress at all.
  const auto plain = test::run_cli("run '" + path + "' -o '" + dir.path() + "/r2.json'");
  EXPECT_EQ(plain.err.find("runs done"), std::string::npos) << plain.err;
}

}  // namespace
}  // namespace cohsim
