#pragma once
// Reads a whole trace of one format; only InputError may come out.
#include "fuzz/fuzz_input.h"
#include "sim/trace/open_trace.h"
#include "sim/util/input_error.h"

namespace cohsim::fuzz {

inline int read_trace(const std::uint8_t* data, std::size_t size, config::TraceFormat format) {
  InputFile input(data, size);
  try {
    auto source = open_trace(input.path(), format);
    TraceOp op;
    while (source->next(op)) {
    }
  } catch (const InputError&) {
  }
  return 0;
}

}  // namespace cohsim::fuzz
