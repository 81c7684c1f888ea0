// Kill safety: a run or a sweep killed at any moment leaves a complete
// results file or none; SIGINT and SIGTERM stop it cleanly, with a message,
// exit status 130 and 143, and no simulation left running.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "support/test_support.h"

namespace cohsim::test {
namespace {

namespace fs = std::filesystem;

struct Killed {
  int status = -1;  // exit status, or 128 + signal when the signal itself ended it
  std::string err;
  pid_t pid = 0;
};

// Starts cohsim with `args`, sends `signal` after `delay`, waits for it to end.
Killed run_and_kill(const std::vector<std::string>& args, int signal, std::chrono::milliseconds delay, const std::string& err_file) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::vector<char*> argv{const_cast<char*>(COHSIM_BINARY)};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    if (std::FILE* f = std::freopen(err_file.c_str(), "w", stderr); f == nullptr) ::_exit(99);
    if (std::FILE* f = std::freopen("/dev/null", "w", stdout); f == nullptr) ::_exit(99);
    ::execv(COHSIM_BINARY, argv.data());
    ::_exit(98);
  }
  std::this_thread::sleep_for(delay);
  ::kill(pid, signal);
  int status = 0;
  ::waitpid(pid, &status, 0);
  Killed k;
  k.pid = pid;
  k.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  std::ifstream in(err_file);
  k.err.assign(std::istreambuf_iterator<char>(in), {});
  return k;
}

// Processes whose command line mentions `marker` (our children, if any survived).
int processes_mentioning(const std::string& marker) {
  int n = 0;
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;  // not a process
    std::ifstream cmd(e.path() / "cmdline");
    std::string line((std::istreambuf_iterator<char>(cmd)), {});
    std::ifstream stat(e.path() / "stat");
    std::string st((std::istreambuf_iterator<char>(stat)), {});
    const bool zombie = st.find(") Z ") != std::string::npos;
    if (!zombie && line.find(marker) != std::string::npos) ++n;
  }
  return n;
}

// `name` is absent or a complete results file, and nothing else is half
// written - except, after a SIGKILL, the temporary file of the process killed
// (`.NAME.tmp.PID.*`), which it could not remove and the next run removes
// (LeftoversOfAKilledRunAreRemovedByTheNextRun).
bool only_complete_json_or_nothing(const std::string& dir, const std::string& name, pid_t killed = 0) {
  const std::string own_leftover = "." + name + ".tmp." + std::to_string(killed) + ".";
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string file = e.path().filename().string();
    if (killed != 0 && file.starts_with(own_leftover)) continue;
    if (file.find(".tmp.") != std::string::npos) return false;  // a half-written file
  }
  if (!fs::exists(dir + "/" + name)) return true;
  std::ifstream in(dir + "/" + name);
  try {
    const json j = json::parse(in);
    return j.contains("runs") && j.contains("host");
  } catch (const std::exception&) {
    return false;
  }
}

TEST(KillSafety, SigintAndSigtermStopARunCleanlyWithNoResultsFile) {
  const std::string scenario = source_dir() + "/scenarios/vgem-2015/4k-full.json";  // about 20 s of work
  for (const auto& [signal, expected] : {std::make_pair(SIGINT, 130), std::make_pair(SIGTERM, 143)}) {
    for (const int ms : {500, 1500}) {
      ScratchDir dir;
      const Killed k = run_and_kill({"run", scenario, "-o", dir.path() + "/r.json", "--timeline", dir.path() + "/t.json"}, signal,
                                    std::chrono::milliseconds(ms), dir.path() + "/err");
      EXPECT_EQ(k.status, expected) << "signal " << signal << " after " << ms << " ms: " << k.err;
      EXPECT_NE(k.err.find("interrupted by"), std::string::npos) << k.err;
      EXPECT_FALSE(fs::exists(dir.path() + "/r.json"));
      EXPECT_FALSE(fs::exists(dir.path() + "/t.json"));
      EXPECT_TRUE(only_complete_json_or_nothing(dir.path(), "r.json"));
      // Timeline parts are gone too: the folder holds only the captured stderr.
      std::size_t files = 0;
      for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path())) ++files;
      EXPECT_EQ(files, 1u);
      EXPECT_EQ(processes_mentioning(dir.path() + "/r.json"), 0) << "a simulation kept running";
    }
  }
}

TEST(KillSafety, SigkillAtAnyMomentLeavesACompleteResultsFileOrNone) {
  const std::string scenario = source_dir() + "/scenarios/examples/cursor-handoff.json";  // well under a second
  int complete = 0, none = 0;
  for (const int ms : {5, 50, 150, 300, 600, 5000}) {
    ScratchDir dir;
    const Killed k = run_and_kill({"run", scenario, "-o", dir.path() + "/r.json"}, SIGKILL, std::chrono::milliseconds(ms), dir.path() + "/err");
    EXPECT_TRUE(only_complete_json_or_nothing(dir.path(), "r.json", k.pid)) << ms << " ms";
    ++(fs::exists(dir.path() + "/r.json") ? complete : none);
  }
  EXPECT_GT(none, 0);      // killed before the end
  EXPECT_GT(complete, 0);  // finished before the kill
}

// SIGKILL leaves what it cannot remove (timeline parts, a temporary results
// file); the next run writing the same files removes every leftover whose
// writer is dead, so nothing accumulates.
TEST(KillSafety, LeftoversOfAKilledRunAreRemovedByTheNextRun) {
  const std::string scenario = source_dir() + "/scenarios/vgem-2015/4k-full.json";
  ScratchDir dir;
  auto leftovers = [&] {
    std::size_t n = 0;
    for (const auto& e : fs::directory_iterator(dir.path())) {
      const std::string name = e.path().filename().string();
      n += name.starts_with("t.json.part.") || name.starts_with(".r.json.tmp.") ? 1 : 0;
    }
    return n;
  };
  run_and_kill({"run", scenario, "-o", dir.path() + "/r.json", "--timeline", dir.path() + "/t.json"}, SIGKILL, std::chrono::milliseconds(1500),
               dir.path() + "/err");
  ASSERT_GT(leftovers(), 0u) << "the killed run left no parts: the test shows nothing";
  // A temporary results file of a writer that no longer exists (no pid is this large).
  dir.write(".r.json.tmp.4194305.AbCdEf", "{\"half\": ");
  const std::string small = source_dir() + "/scenarios/frame-handoff.json";
  const CliResult r = run_cli("run -q '" + small + "' -o '" + dir.path() + "/r.json' --timeline '" + dir.path() + "/t.json'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(leftovers(), 0u);
  EXPECT_TRUE(fs::exists(dir.path() + "/t.json"));
}

TEST(KillSafety, AKilledSweepKeepsItsFinishedPointsAndResumes) {
  ScratchDir dir;
  const json scenario = {
      {"name", "kill-sweep"},
      {"platforms", {"arm-soc"}},
      {"policies", {"sync-full"}},
      {"workload", {{"generator", "swrast-to-display"}, {"params", {{"width", 3840}, {"height", 2160}, {"damage", "full-frame"}, {"frames", 4}, {"fps", 60}}}}},
      {"sweep", {{"grid", {{"/workload/params/frames", {1, 2, 3, 4, 5, 6, 7, 8}}}}}}};
  const std::string path = dir.write("s.json", scenario.dump());
  const std::string out = dir.path() + "/out";
  const Killed k = run_and_kill({"sweep", path, "-o", out, "-j", "2"}, SIGTERM, std::chrono::milliseconds(2500), dir.path() + "/err");
  EXPECT_EQ(k.status, 143) << k.err;
  std::size_t finished = 0;
  for (const auto& e : fs::directory_iterator(out + "/points")) {
    EXPECT_TRUE(only_complete_json_or_nothing(e.path().string(), "results.json")) << e.path();
    finished += fs::exists(e.path() / "results.json") ? 1 : 0;
  }
  EXPECT_LT(finished, 8u);
  EXPECT_FALSE(fs::exists(out + "/sweep.json"));
  EXPECT_EQ(processes_mentioning(out), 0);
  const CliResult resumed = run_cli("sweep '" + path + "' -o '" + out + "'");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_NE(resumed.out.find("ran " + std::to_string(8 - finished) + ", " + std::to_string(finished) + " already done"), std::string::npos) << resumed.out;
}

}  // namespace
}  // namespace cohsim::test
