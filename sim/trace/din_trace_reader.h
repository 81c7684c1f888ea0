#pragma once
// DineroIV's trace formats, so that the same trace can be replayed by cohsim
// and by dineroIV and the cache statistics compared (docs/dinero.md).
//
// din (dineroIV -informat d), one access per line:
//   LABEL ADDRESS
// LABEL 0 = read, 1 = write, 2 = instruction fetch, 3 = misc (a read),
// 4 = copy-back (clean), 5 = invalidate; ADDRESS is hexadecimal (0x
// optional). As dineroIV does, the address is rounded down to a multiple of 4
// and the access is 4 bytes.
//
// extended din (dineroIV -informat D), "xdin" here:
//   TYPE ADDRESS SIZE
// TYPE is r, w, i, m, c or v (the same kinds as labels 0-5); ADDRESS and
// SIZE are hexadecimal. An access that crosses a line is split, as dineroIV
// splits it across blocks.
//
// cohsim models the data side only: instruction fetches are skipped and
// counted in the results ("trace_lines_skipped"), which matches dineroIV with
// separate instruction and data caches (-l1-isize/-l1-dsize).
#include <string>
#include <vector>

#include "sim/trace/line_reader.h"
#include "sim/trace/trace_op.h"

namespace cohsim {

class DinTraceReader : public TraceSource {
 public:
  enum class Variant { din, extended };
  DinTraceReader(std::string path, Variant variant)
      : reader_(std::move(path)),
        variant_(variant) {}

  bool next(TraceOp& op) override;
  double progress() const override { return reader_.progress(); }
  std::string location() const override { return reader_.path() + ":" + std::to_string(reader_.line_number()); }
  std::string source_name() const override { return reader_.path(); }
  const std::vector<std::string>& device_names() const override { return no_devices_; }
  std::vector<std::pair<std::string, std::uint64_t>> skipped() const override;

 private:
  std::uint64_t parse_hex(const Token& t, const char* what) const;

  LineReader reader_;
  Variant variant_;
  std::vector<std::string> no_devices_;
  std::uint64_t instruction_fetches_ = 0;
};

}  // namespace cohsim
