#include "sim/trace/din_trace_reader.h"

#include <charconv>
#include <limits>

#include "sim/util/checked_number.h"

namespace cohsim {

std::vector<std::pair<std::string, std::uint64_t>> DinTraceReader::skipped() const {
  if (instruction_fetches_ == 0) return {};
  return {{"instruction_fetches", instruction_fetches_}};
}

std::uint64_t DinTraceReader::parse_hex(const Token& t, const char* what) const {
  std::string_view hex = t.text;
  if (hex.size() > 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) hex.remove_prefix(2);
  std::uint64_t value = 0;
  switch (to_number(hex, value, 16)) {
    case NumberError::none:
      return value;
    case NumberError::out_of_range:
      reader_.fail(t, std::string(what) + " \"" + std::string(t.text) + "\" does not fit in 64 bits");
    case NumberError::not_a_number:
      break;
  }
  reader_.fail(t, "expected " + std::string(what) + " in hexadecimal, got \"" + std::string(t.text) + "\"");
}

bool DinTraceReader::next(TraceOp& op) {
  // The kinds of access are din labels: 0 read, 1 write, 2 instruction
  // fetch (skipped), 3 misc (a read), 4 copy-back, 5 invalidate; extended din
  // spells them as letters.
  static constexpr std::string_view kLetters = "rwimcv";
  while (reader_.next_line()) {
    const auto& t = reader_.tokens();
    unsigned kind = 0;
    std::uint64_t address = 0, bytes = 4;
    if (variant_ == Variant::din) {
      reader_.expect_tokens(2, 2, "LABEL ADDRESS (label 0-5, address in hex)");
      const std::string_view label = t[0].text;
      if (label.size() != 1 || label[0] < '0' || label[0] > '5') {
        reader_.fail(t[0], "expected a din label 0 (read), 1 (write), 2 (instruction fetch), 3 (misc), 4 (copy-back) or 5 (invalidate), got \"" +
                               std::string(label) + "\"");
      }
      kind = static_cast<unsigned>(label[0] - '0');
      address = parse_hex(t[1], "an address") & ~std::uint64_t{3};
    } else {
      reader_.expect_tokens(3, 3, "TYPE ADDRESS SIZE (type r, w, i, m, c or v; address and size in hex)");
      const std::string_view type = t[0].text;
      const size_t at = type.size() == 1 ? kLetters.find(type[0]) : std::string_view::npos;
      if (at == std::string_view::npos) {
        reader_.fail(t[0], "expected an access type r, w, i, m, c or v, got \"" + std::string(type) + "\"");
      }
      kind = static_cast<unsigned>(at);
      address = parse_hex(t[1], "an address");
      bytes = parse_hex(t[2], "a size");
      if (bytes == 0) {
        reader_.fail(
            t[2], kind >= 4 ? "a size of 0 (the whole cache) is not supported: cohsim maintains caches by address range" : "the size must be at least 1 byte");
      }
      // DineroIV keeps a size in 16 bits (d4memref.size is an unsigned
      // short): a larger one would mean something else there.
      if (bytes > 0xffff) reader_.fail(t[2], "the size exceeds 0xffff, the largest DineroIV reads (its sizes are 16 bits); split the access");
      if (address > std::numeric_limits<std::uint64_t>::max() - bytes) reader_.fail(t[2], "the range runs past the end of the address space");
      // DineroIV's copy-back and invalidate act on the one block holding the
      // address, whatever the size (d4copyback, d4invalidate).
      if (kind >= 4) bytes = 1;
    }
    if (kind == 2) {
      ++instruction_fetches_;
      continue;
    }
    op.rects.clear();
    if (kind == 1) {
      op.what = trace::Store{address, bytes};
    } else if (kind >= 4) {
      op.what = trace::Maintain{kind == 4 ? MemOpKind::clean : MemOpKind::invalidate, address, bytes};
    } else {
      op.what = trace::Load{address, bytes, LoadShape{}};
    }
    return true;
  }
  return false;
}

}  // namespace cohsim
