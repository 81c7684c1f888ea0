#include "sim/trace/open_trace.h"

#include "sim/trace/din_trace_reader.h"
#include "sim/trace/text_trace_reader.h"

namespace cohsim {

std::unique_ptr<TraceSource> open_trace(const std::string& path, config::TraceFormat format) {
  if (format == config::TraceFormat::automatic) {
    format = path.ends_with(".din") ? config::TraceFormat::din : config::TraceFormat::cohsim;
  }
  if (format == config::TraceFormat::din) return std::make_unique<DinTraceReader>(path);
  return std::make_unique<TextTraceReader>(path);
}

}  // namespace cohsim
