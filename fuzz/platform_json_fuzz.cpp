// Fuzz target: a platform file (caches, fabrics, devices, a hypervisor, a host preset).
#include "fuzz/fuzz_input.h"
#include "sim/load/scenario_loader.h"
#include "sim/util/input_error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cohsim::fuzz::InputFile input(data, size);
  try {
    // A path with a '/' is read as a file, not a preset name.
    cohsim::config::load_platform(input.path());
  } catch (const cohsim::InputError&) {
  }
  return 0;
}
