#include "sim/trace/open_trace.h"

#include "sim/trace/din_trace_reader.h"
#include "sim/trace/text_trace_reader.h"

namespace cohsim {

std::unique_ptr<TraceSource> open_trace(const std::string& path, config::TraceFormat format) {
  if (format == config::TraceFormat::automatic) format = config::trace_format_for(path);
  switch (format) {
    case config::TraceFormat::din:
      return std::make_unique<DinTraceReader>(path, DinTraceReader::Variant::din);
    case config::TraceFormat::xdin:
      return std::make_unique<DinTraceReader>(path, DinTraceReader::Variant::extended);
    default:
      return std::make_unique<TextTraceReader>(path);
  }
}

}  // namespace cohsim
