// The test binary's sc_main (main() comes from cohsim_main, which silences the
// SystemC banner first).
#include <gtest/gtest.h>

#include <systemc>  // sc_main

#include "sim/run/simulate.h"

int sc_main(int argc, char* argv[]) {
  cohsim::prepare_systemc();
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
