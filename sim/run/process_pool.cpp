#include "sim/run/process_pool.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "sim/util/interrupt.h"

namespace cohsim {

void ProcessPool::start(std::size_t task, const ChildBody& body) {
  std::array<int, 2> fds{};
  if (::pipe(fds.data()) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  std::fflush(nullptr);  // nothing buffered is written twice
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  if (pid == 0) {
    default_interrupts();
    ::close(fds[0]);
    int status = 3;
    try {
      status = body(task, fds[1]);
    } catch (...) {
      // The body reports its own errors; this only keeps an escaped exception from unwinding into the parent's code.
    }
    ::close(fds[1]);
    std::fflush(nullptr);
    ::_exit(status);
  }
  ::close(fds[1]);
  children_.push_back(Child{pid, fds[0], task, "", false});
}

void ProcessPool::read_messages(Child& c, const Handlers& handlers) {
  std::array<char, 65536> buf{};
  const ssize_t n = ::read(c.fd, buf.data(), buf.size());
  if (n > 0) {
    c.buffer.append(buf.data(), static_cast<std::size_t>(n));
  } else if (n == 0 || errno != EINTR) {
    c.closed = true;
  }
  std::size_t eol = 0;
  while ((eol = c.buffer.find('\n')) != std::string::npos) {
    const std::string line = c.buffer.substr(0, eol);
    c.buffer.erase(0, eol + 1);
    if (handlers.message) handlers.message(c.task, line);
  }
}

void ProcessPool::stop(int signal) {
  stopped_ = true;
  for (const Child& c : children_) ::kill(c.pid, signal);
}

void ProcessPool::kill_and_reap(int signal) {
  for (const Child& c : children_) ::kill(c.pid, signal);
  for (const Child& c : children_) {
    ::close(c.fd);
    ::waitpid(c.pid, nullptr, 0);
  }
  children_.clear();
}

void ProcessPool::run(const std::vector<std::size_t>& tasks, const ChildBody& body, const Handlers& handlers) {
  std::size_t next = 0;
  try {
    while (true) {
      while (!stopped_ && pending_interrupt() == 0 && children_.size() < jobs_ && next < tasks.size()) start(tasks[next++], body);
      if (children_.empty()) break;  // all done, or a stop let the running ones finish
      std::vector<pollfd> polls;
      polls.reserve(children_.size());
      for (const Child& c : children_) polls.push_back(pollfd{c.fd, POLLIN, 0});
      ::poll(polls.data(), polls.size(), 200);
      if (const int signal = pending_interrupt()) {
        kill_and_reap(interrupt_signal_);
        throw Interrupted(signal);
      }
      for (std::size_t i = 0; i < children_.size(); ++i)
        if (polls[i].revents & (POLLIN | POLLHUP | POLLERR)) read_messages(children_[i], handlers);
      // A child whose pipe closed has ended (or is about to): reap it.
      for (std::size_t i = 0; i < children_.size();) {
        if (!children_[i].closed) {
          ++i;
          continue;
        }
        const Child c = children_[i];
        children_.erase(children_.begin() + static_cast<std::ptrdiff_t>(i));
        ::close(c.fd);
        int status = 0;
        ::waitpid(c.pid, &status, 0);
        if (handlers.exited) handlers.exited(c.task, status);
      }
      if (handlers.tick) handlers.tick();
    }
  } catch (...) {
    kill_and_reap(SIGKILL);
    throw;
  }
}

}  // namespace cohsim
