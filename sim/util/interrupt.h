#pragma once
// Ctrl-C and kill: a run or a sweep stops cleanly. SIGINT and SIGTERM only
// set a flag; the loops that wait for child processes check it, kill their
// children, remove what they had started to write and throw Interrupted. The
// CLI prints one message and exits 128 + the signal (130, 143). Results are
// only ever renamed into place whole, so a run killed at any moment, even by
// SIGKILL, leaves a complete results file or none.
#include <stdexcept>
#include <string>

namespace cohsim {

class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int signal);
  int signal() const { return signal_; }
  int exit_status() const { return 128 + signal_; }

 private:
  int signal_;
};

// Installs the SIGINT and SIGTERM handlers (idempotent).
void catch_interrupts();
// In a forked child: the default actions again, so that a signal ends it.
void default_interrupts();
// The signal received since catch_interrupts(), or 0.
int pending_interrupt();
// Throws Interrupted if a signal is pending.
void throw_if_interrupted();

}  // namespace cohsim
