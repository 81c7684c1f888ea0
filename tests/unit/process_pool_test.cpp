// The process pool that runs and sweeps share (sim/run/process_pool.h): every
// task runs once in a child, never more than `jobs` at a time; messages and
// exit statuses reach the parent; a stop starts nothing further; a handler
// that throws leaves no child behind.
#include "sim/run/process_pool.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <map>
#include <set>
#include <string>
#include <thread>

namespace cohsim {
namespace {

void say(int fd, const std::string& line) { ASSERT_EQ(::write(fd, line.data(), line.size()), static_cast<ssize_t>(line.size())); }

bool no_child_left() { return ::waitpid(-1, nullptr, WNOHANG) == -1 && errno == ECHILD; }

TEST(ProcessPool, RunsEveryTaskOnceAndPassesItsMessagesAndStatus) {
  ProcessPool pool(3, SIGKILL);
  std::map<std::size_t, std::string> said;
  std::map<std::size_t, int> status;
  std::size_t most_running = 0;
  ProcessPool::Handlers h;
  h.message = [&](std::size_t task, const std::string& line) { said[task] += line + ";"; };
  h.exited = [&](std::size_t task, int s) { status[task] = WEXITSTATUS(s); };
  h.tick = [&] { most_running = std::max(most_running, pool.running()); };
  const std::vector<std::size_t> tasks{4, 1, 7, 2, 9, 3, 5};
  pool.run(
      tasks,
      [](std::size_t task, int fd) {
        say(fd, "hello " + std::to_string(task) + "\npart");
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        say(fd, "ial\n");
        return static_cast<int>(task);
      },
      h);
  ASSERT_EQ(said.size(), tasks.size());
  for (std::size_t t : tasks) {
    EXPECT_EQ(said[t], "hello " + std::to_string(t) + ";partial;");  // lines arrive whole, even split across writes
    EXPECT_EQ(status[t], static_cast<int>(t));
  }
  EXPECT_GE(most_running, 1u);
  EXPECT_LE(most_running, 3u);
  EXPECT_TRUE(no_child_left());
}

TEST(ProcessPool, AStopStartsNoFurtherTask) {
  ProcessPool pool(1, SIGKILL);
  std::set<std::size_t> ended;
  ProcessPool::Handlers h;
  h.exited = [&](std::size_t task, int) {
    ended.insert(task);
    pool.stop(0);
  };
  pool.run(
      {0, 1, 2}, [](std::size_t, int) { return 0; }, h);
  EXPECT_EQ(ended, (std::set<std::size_t>{0}));
  EXPECT_TRUE(no_child_left());
}

TEST(ProcessPool, AHandlerThatThrowsLeavesNoChildBehind) {
  ProcessPool pool(2, SIGKILL);
  ProcessPool::Handlers h;
  h.message = [](std::size_t, const std::string&) { throw std::runtime_error("bad message"); };
  EXPECT_THROW(pool.run(
                   {0, 1, 2},
                   [](std::size_t task, int fd) {
                     if (task == 0) say(fd, "boom\n");
                     ::pause();  // the others would run forever: the pool must kill them
                     return 0;
                   },
                   h),
               std::runtime_error);
  EXPECT_EQ(pool.running(), 0u);
  EXPECT_TRUE(no_child_left());
}

}  // namespace
}  // namespace cohsim
