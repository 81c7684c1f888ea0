// Fuzz target: the Wayland protocol-log importer, which must never fail on a
// log at all (it skips and counts what it cannot read); the trace it writes
// must then read back without error.
#include <cstdlib>
#include <sstream>

#include "fuzz/fuzz_input.h"
#include "sim/import/wayland_importer.h"
#include "sim/trace/text_trace_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::istringstream log(std::string(reinterpret_cast<const char*>(data), size));
  std::ostringstream trace;
  cohsim::import_wayland_log(log, trace, cohsim::WaylandImportParams{});
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
