#pragma once
// The one place cohsim forks: `cohsim run` simulates each platform x policy
// in a child process (SystemC elaborates once per process), and `cohsim
// sweep` runs each point's scenario in a child. The pool keeps at most
// `jobs` children running, hands every line a child writes to its pipe to
// the parent, reports each child's end, and on Ctrl-C or kill stops every
// child, reaps it and throws Interrupted.
#include <sys/types.h>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace cohsim {

class ProcessPool {
 public:
  // Runs in the child for task `task`; writes its messages, one per line, to
  // `message_fd`. Its return value is the child's exit status.
  using ChildBody = std::function<int(std::size_t task, int message_fd)>;
  struct Handlers {
    std::function<void(std::size_t task, const std::string& line)> message;  // a line from a child (without '\n')
    std::function<void(std::size_t task, int wait_status)> exited;           // a child ended (waitpid's status)
    std::function<void()> tick;                                              // after every wake-up: progress
  };

  // `interrupt_signal`: what the children get when the user interrupts
  // (SIGKILL for simulations, which write nothing; SIGTERM for sweep points,
  // which stop their own children and write nothing either).
  ProcessPool(unsigned jobs, int interrupt_signal)
      : jobs_(jobs),
        interrupt_signal_(interrupt_signal) {}

  // Runs `body` for every task in `tasks`, in order, in forked children.
  // Returns when every started child has ended. A handler may throw: the
  // pool then kills and reaps its children and rethrows.
  void run(const std::vector<std::size_t>& tasks, const ChildBody& body, const Handlers& handlers);

  // From a handler: start no further task and send `signal` to the running
  // children (a failure makes their work pointless).
  void stop(int signal);
  std::size_t running() const { return children_.size(); }

 private:
  struct Child {
    pid_t pid = -1;
    int fd = -1;
    std::size_t task = 0;
    std::string buffer;  // a message line not yet complete
    bool closed = false;
  };
  void start(std::size_t task, const ChildBody& body);
  void read_messages(Child& c, const Handlers& handlers);
  void kill_and_reap(int signal);

  unsigned jobs_;
  int interrupt_signal_;
  bool stopped_ = false;
  std::vector<Child> children_;
};

}  // namespace cohsim
