#include "sim/trace/din_trace_reader.h"

#include <charconv>

namespace cohsim {

std::vector<std::pair<std::string, std::uint64_t>> DinTraceReader::skipped() const {
  std::vector<std::pair<std::string, std::uint64_t>> out;
  if (instruction_fetches_ > 0) out.emplace_back("instruction_fetches (label 2: no instruction cache is modelled)", instruction_fetches_);
  if (escapes_ > 0) out.emplace_back("escapes (labels 3 and 4)", escapes_);
  return out;
}

bool DinTraceReader::next(TraceOp& op) {
  while (reader_.next_line()) {
    const auto& t = reader_.tokens();
    reader_.expect_tokens(2, 2, "LABEL ADDRESS (label 0-4, address in hex)");
    const std::string_view label = t[0].text;
    if (label.size() != 1 || label[0] < '0' || label[0] > '4') {
      reader_.fail(t[0], "expected a din label 0 (read), 1 (write), 2 (instruction fetch), 3 or 4 (escapes), got \"" + std::string(label) + "\"");
    }
    std::string_view hex = t[1].text;
    if (hex.size() > 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) hex.remove_prefix(2);
    std::uint64_t address = 0;
    const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), address, 16);
    if (ec != std::errc() || end != hex.data() + hex.size()) {
      reader_.fail(t[1], "expected a hexadecimal address, got \"" + std::string(t[1].text) + "\"");
    }
    switch (label[0]) {
      case '0':
      case '1':
        op = TraceOp{};
        op.code = label[0] == '0' ? TraceOpCode::load : TraceOpCode::store;
        op.address = address;
        op.bytes = kAccessBytes;
        return true;
      case '2': ++instruction_fetches_; break;
      default: ++escapes_; break;
    }
  }
  return false;
}

}  // namespace cohsim
