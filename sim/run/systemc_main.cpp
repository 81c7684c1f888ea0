// The process entry point of every cohsim program (CLI, tests, benchmarks).
// libsystemc's own main() prints a copyright banner before anything can turn
// it off; this main() silences it first, then hands over to sc_main as usual.
#include <cstdlib>
#include <systemc>

int main(int argc, char* argv[]) {
  ::setenv("SC_COPYRIGHT_MESSAGE", "DISABLE", 1);
  return sc_core::sc_elab_and_sim(argc, argv);
}
