#pragma once
// Reads the cohsim trace format, one operation per line: the verbs, their
// forms and limits are the grammar table's (sim/trace/trace_grammar.h,
// docs/trace-format.md). RECT is x1,y1,x2,y2 in pixels (x2, y2 exclusive);
// no RECT means the whole buffer. Numbers are decimal or 0x hex; sizes may
// end in KiB, MiB or GiB.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "sim/trace/line_reader.h"
#include "sim/trace/trace_grammar.h"
#include "sim/trace/trace_op.h"

namespace cohsim {

class TextTraceReader : public TraceSource {
 public:
  explicit TextTraceReader(std::string path)
      : reader_(std::move(path)) {}

  bool next(TraceOp& op) override;
  double progress() const override { return reader_.progress(); }
  std::string location() const override { return reader_.path() + ":" + std::to_string(reader_.line_number()); }
  std::string source_name() const override { return reader_.path(); }
  const std::vector<std::string>& device_names() const override { return devices_; }
  const std::vector<std::string>& buffer_names() const override { return buffers_; }

 private:
  std::uint64_t range(const Token& address_token, const Token& size_token, std::uint64_t& bytes) const;
  std::uint32_t device_index(std::string_view name);
  std::uint32_t known_buffer(const Token& t) const;
  // Rectangles in tokens [first_token, end_token) (end 0: to the end of the line).
  void parse_rects(std::size_t first_token, std::uint32_t buffer, std::vector<Rect>& out, std::size_t end_token = 0) const;
  // Reads trailing load=/width= options from `first_token` on into `shape`;
  // returns where they start (the end of the positional tokens).
  std::size_t parse_load_options(std::size_t first_token, LoadShape& shape) const;
  Rect parse_rect(const Token& t, const BufferDesc& within) const;
  Access access_of(const Token& t, bool allow_rw) const;
  void parse_memory(TraceVerb verb, TraceOp& op);
  void parse_load(TraceOp& op);
  void parse_sharing(TraceVerb verb, TraceOp& op);
  void parse_buffer(TraceOp& op);
  void parse_cpu(TraceOp& op);
  void parse_fence(TraceOp& op);
  void parse_frame(TraceOp& op);

  LineReader reader_;
  std::vector<std::string> devices_;
  std::vector<std::string> buffers_;
  std::vector<BufferDesc> descs_;
  std::set<std::uint64_t> signalled_fences_;
};

}  // namespace cohsim
