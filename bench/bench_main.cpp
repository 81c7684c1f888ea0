// sc_main of every benchmark program (main() comes from cohsim_main).
#include <benchmark/benchmark.h>

#include <systemc>

#include "sim/run/simulate.h"

int sc_main(int argc, char* argv[]) {
  cohsim::prepare_systemc();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 2;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
