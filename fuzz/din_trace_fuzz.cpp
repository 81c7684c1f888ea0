// Fuzz target: DineroIV's din and extended din formats.
#include "fuzz/trace_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  cohsim::fuzz::read_trace(data, size, cohsim::config::TraceFormat::din);
  return cohsim::fuzz::read_trace(data, size, cohsim::config::TraceFormat::xdin);
}
