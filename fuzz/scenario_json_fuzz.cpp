// Fuzz target: a scenario file (JSON syntax, every key and type, platform
// overrides merged onto presets, the platform graph's checks).
#include "fuzz/fuzz_input.h"
#include "sim/load/scenario_loader.h"
#include "sim/util/input_error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cohsim::fuzz::InputFile input(data, size);
  try {
    cohsim::config::load_scenario(input.path());
  } catch (const cohsim::InputError&) {
  }
  return 0;
}
