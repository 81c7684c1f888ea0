#pragma once
// DineroIV's traditional "din" trace format, so that the same trace can be
// replayed by cohsim and by dineroIV and the cache statistics compared:
//   LABEL ADDRESS
// LABEL 0 = data read, 1 = data write, 2 = instruction fetch, 3 = escape
// (unknown access type), 4 = escape (cache flush); ADDRESS is hexadecimal
// (an optional 0x is accepted). cohsim models the data side only: instruction
// fetches and escapes are skipped and counted in the results
// ("trace_lines_skipped"); see docs/dinero.md for the matching dineroIV flags.
#include <string>
#include <vector>

#include "sim/trace/line_reader.h"
#include "sim/trace/trace_op.h"

namespace cohsim {

class DinTraceReader : public TraceSource {
 public:
  explicit DinTraceReader(std::string path) : reader_(std::move(path)) {}

  bool next(TraceOp& op) override;
  double progress() const override { return reader_.progress(); }
  std::string location() const override { return reader_.path() + ":" + std::to_string(reader_.line_number()); }
  const std::vector<std::string>& device_names() const override { return no_devices_; }
  std::vector<std::pair<std::string, std::uint64_t>> skipped() const override;

  // Bytes of one din access: dineroIV's default for din input.
  static constexpr std::uint64_t kAccessBytes = 4;

 private:
  LineReader reader_;
  std::vector<std::string> no_devices_;
  std::uint64_t instruction_fetches_ = 0;
  std::uint64_t escapes_ = 0;
};

}  // namespace cohsim
