#pragma once
// The cohsim CPU trace format, one operation per line (docs/trace-format.md):
//   r ADDR [SIZE]          load  (SIZE defaults to 8 bytes)
//   w ADDR [SIZE]          store
//   clean ADDR SIZE        clean by VA range
//   inval ADDR SIZE        invalidate by VA range
//   flush ADDR SIZE        clean+invalidate by VA range
//   barrier                DSB / fence
//   map ADDR SIZE wb|wc|uc CPU mapping type of a range
//   dev NAME r|w ADDR SIZE a device reads or writes a range
//   compute CYCLES         CPU busy without memory access
// Numbers are decimal or 0x hex; sizes may end in KiB, MiB or GiB.
#include <string>
#include <vector>

#include "sim/trace/line_reader.h"
#include "sim/trace/trace_op.h"

namespace cohsim {

class TextTraceReader : public TraceSource {
 public:
  explicit TextTraceReader(std::string path) : reader_(std::move(path)) {}

  bool next(TraceOp& op) override;
  double progress() const override { return reader_.progress(); }
  std::string location() const override { return reader_.path() + ":" + std::to_string(reader_.line_number()); }
  const std::vector<std::string>& device_names() const override { return devices_; }

  // Largest range one operation may cover; larger is refused, not allocated.
  static constexpr std::uint64_t kMaxOpBytes = 1ull << 40;

 private:
  std::uint64_t range(const Token& address_token, const Token& size_token, std::uint64_t& bytes) const;
  std::uint32_t device_index(std::string_view name);

  LineReader reader_;
  std::vector<std::string> devices_;
};

}  // namespace cohsim
