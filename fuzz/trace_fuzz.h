#pragma once
// Reads a whole trace of one format through the trace checker (as `run`
// does, on a platform with a GPU and a display); only InputError may come out.
#include "fuzz/fuzz_input.h"
#include "sim/trace/open_trace.h"
#include "sim/trace/trace_checker.h"
#include "sim/util/input_error.h"

namespace cohsim::fuzz {

inline int read_trace(const std::uint8_t* data, std::size_t size, config::TraceFormat format) {
  InputFile input(data, size);
  try {
    auto source = open_trace(input.path(), format);
    TracePlatform platform;
    platform.label = "fuzz";
    platform.roles = {{"gpu", "gpu"}, {"display", "display"}, {"camera", "camera"}};
    platform.aperture_fences = 2;
    TraceChecker checker(*source, &platform);
    TraceOp op;
    while (source->next(op)) checker.check(op);
    checker.finish();
  } catch (const InputError&) {
  }
  return 0;
}

}  // namespace cohsim::fuzz
