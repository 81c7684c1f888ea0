#pragma once
#include <memory>
#include <string>

#include "sim/config/scenario_config.h"
#include "sim/trace/trace_op.h"

namespace cohsim {

// Opens a trace in the given format (automatic: by extension).
std::unique_ptr<TraceSource> open_trace(const std::string& path, config::TraceFormat format);

}  // namespace cohsim
