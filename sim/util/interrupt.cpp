#include "sim/util/interrupt.h"

#include <signal.h>
#include <string.h>

namespace cohsim {
namespace {

volatile sig_atomic_t g_signal = 0;

extern "C" void on_signal(int signal) { g_signal = signal; }

void set_action(int signal, void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: a blocking wait returns EINTR and the loop looks at the flag
  ::sigaction(signal, &action, nullptr);
}

}  // namespace

Interrupted::Interrupted(int signal)
    : std::runtime_error(std::string("interrupted by ") + (signal == SIGINT    ? "SIGINT"
                                                           : signal == SIGTERM ? "SIGTERM"
                                                                               : ::strsignal(signal))),
      signal_(signal) {}

void catch_interrupts() {
  set_action(SIGINT, on_signal);
  set_action(SIGTERM, on_signal);
}

void default_interrupts() {
  set_action(SIGINT, SIG_DFL);
  set_action(SIGTERM, SIG_DFL);
}

int pending_interrupt() { return g_signal; }

void throw_if_interrupted() {
  if (const int s = g_signal) throw Interrupted(s);
}

}  // namespace cohsim
