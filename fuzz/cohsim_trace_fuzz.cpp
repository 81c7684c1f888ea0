// Fuzz target: cohsim's own trace format (memory and buffer-sharing lines).
#include "fuzz/trace_fuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return cohsim::fuzz::read_trace(data, size, cohsim::config::TraceFormat::cohsim);
}
