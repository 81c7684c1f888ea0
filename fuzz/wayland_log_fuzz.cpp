// Fuzz target: the Wayland protocol-log importer, which may refuse a log only
// with an InputError (no protocol message at all, a number too large for its
// field; anything else it skips and counts); a trace it writes must then read
// back without error.
#include <cstdlib>
#include <sstream>

#include "fuzz/fuzz_input.h"
#include "sim/import/wayland_importer.h"
#include "sim/trace/text_trace_reader.h"
#include "sim/util/input_error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream log(std::string(reinterpret_cast<const char*>(data), size));
  std::ostringstream trace;
  try {
    cohsim::import_wayland_log(log, trace, cohsim::WaylandImportParams{});
  } catch (const cohsim::InputError&) {
    return 0;  // bad input, said so: not a bug
  }
  const std::string text = trace.str();
  cohsim::fuzz::InputFile file(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
  try {
    cohsim::TextTraceReader reader(file.path());
    cohsim::TraceOp op;
    while (reader.next(op)) {
    }
  } catch (const cohsim::InputError& e) {
    std::fprintf(stderr, "the imported trace does not read back: %s\n", e.what());
    std::abort();
  }
  return 0;
}
