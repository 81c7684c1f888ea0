#include "sim/trace/text_trace_reader.h"

#include <algorithm>
#include <limits>

namespace cohsim {

std::uint64_t TextTraceReader::range(const Token& address_token, const Token& size_token, std::uint64_t& bytes) const {
  const std::uint64_t address = reader_.parse_u64(address_token, "an address");
  bytes = reader_.parse_size(size_token, "a size in bytes");
  if (bytes == 0) reader_.fail(size_token, "the size must be at least 1 byte");
  if (bytes > kMaxOpBytes) reader_.fail(size_token, "the size exceeds the 1 TiB limit of one operation");
  if (address > std::numeric_limits<std::uint64_t>::max() - bytes) reader_.fail(size_token, "the range runs past the end of the 64-bit address space");
  return address;
}

std::uint32_t TextTraceReader::device_index(std::string_view name) {
  auto it = std::find(devices_.begin(), devices_.end(), name);
  if (it != devices_.end()) return static_cast<std::uint32_t>(it - devices_.begin());
  devices_.emplace_back(name);
  return static_cast<std::uint32_t>(devices_.size() - 1);
}

bool TextTraceReader::next(TraceOp& op) {
  if (!reader_.next_line()) return false;
  const auto& t = reader_.tokens();
  const std::string_view verb = t[0].text;
  op = TraceOp{};
  auto ranged = [&](TraceOpCode code, const char* usage) {
    reader_.expect_tokens(3, 3, usage);
    op.code = code;
    op.address = range(t[1], t[2], op.bytes);
  };
  if (verb == "r" || verb == "w") {
    const char* usage = verb == "r" ? "r ADDRESS [SIZE]" : "w ADDRESS [SIZE]";
    reader_.expect_tokens(2, 3, usage);
    op.code = verb == "r" ? TraceOpCode::load : TraceOpCode::store;
    if (t.size() == 3) {
      op.address = range(t[1], t[2], op.bytes);
    } else {
      const Token eight{"8", t[1].column};
      op.address = range(t[1], eight, op.bytes);
    }
  } else if (verb == "clean") {
    ranged(TraceOpCode::clean, "clean ADDRESS SIZE");
  } else if (verb == "inval") {
    ranged(TraceOpCode::invalidate, "inval ADDRESS SIZE");
  } else if (verb == "flush") {
    ranged(TraceOpCode::clean_invalidate, "flush ADDRESS SIZE");
  } else if (verb == "barrier") {
    reader_.expect_tokens(1, 1, "barrier");
    op.code = TraceOpCode::barrier;
  } else if (verb == "map") {
    reader_.expect_tokens(4, 4, "map ADDRESS SIZE wb|wc|uc");
    op.code = TraceOpCode::map;
    op.address = range(t[1], t[2], op.bytes);
    const std::string_view type = t[3].text;
    if (type == "wb") op.mapping = Mapping::wb;
    else if (type == "wc") op.mapping = Mapping::wc;
    else if (type == "uc") op.mapping = Mapping::uc;
    else reader_.fail(t[3], "expected a mapping type wb, wc or uc, got \"" + std::string(type) + "\"");
  } else if (verb == "dev") {
    reader_.expect_tokens(5, 5, "dev NAME r|w ADDRESS SIZE");
    const std::string_view dir = t[2].text;
    if (dir != "r" && dir != "w") reader_.fail(t[2], "expected r or w, got \"" + std::string(dir) + "\"");
    op.code = dir == "r" ? TraceOpCode::device_read : TraceOpCode::device_write;
    op.device = device_index(t[1].text);
    op.address = range(t[3], t[4], op.bytes);
  } else if (verb == "compute") {
    reader_.expect_tokens(2, 2, "compute CYCLES");
    op.code = TraceOpCode::compute;
    op.bytes = reader_.parse_u64(t[1], "a cycle count");
    if (op.bytes > (1ull << 50)) reader_.fail(t[1], "the cycle count is beyond any plausible trace (limit 2^50)");
  } else {
    reader_.fail(t[0], "unknown operation \"" + std::string(verb) + "\"; expected r, w, clean, inval, flush, barrier, map, dev or compute");
  }
  return true;
}

}  // namespace cohsim
