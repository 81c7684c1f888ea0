#pragma once
// Writes operations in the cohsim trace format (`cohsim gen`), through the
// grammar's line writer (sim/trace/trace_grammar.h); a round trip through
// TextTraceReader gives the same operations.
#include <ostream>

#include "sim/trace/trace_grammar.h"
#include "sim/trace/trace_op.h"

namespace cohsim {

class TextTraceWriter {
 public:
  explicit TextTraceWriter(std::ostream& out)
      : lines_(out) {}
  // `names` gives the device and buffer names the operation's indices mean.
  void write(const TraceOp& op, const TraceSource& names);

 private:
  TraceLineWriter lines_;
};

}  // namespace cohsim
