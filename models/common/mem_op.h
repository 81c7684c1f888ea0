#pragma once
// What a transaction means beyond READ/WRITE. Every cohsim payload carries one
// MemOp extension: the kind of operation, the data versions of the oracle
// (in place of data bytes), and for range operations the line range and the
// rate at which the core issues them. Payloads carry no data: the version
// stands for the bytes.
#include <cstdint>

#include <tlm>

#include "models/common/line_versions.h"
#include "models/common/time.h"

namespace cohsim {

enum class MemOpKind : std::uint8_t {
  read,              // a load, a fill request from the level above, a device read
  write,             // a store (possibly partial) or a device write
  writeback,         // a dirty (or, above an exclusive cache, clean) victim going down
  clean,             // maintenance by VA range: write dirty lines back, keep them
  invalidate,        // maintenance: drop lines (dirty data lost unless the core upgrades to clean+invalidate)
  clean_invalidate,  // maintenance: write back dirty lines, then drop them
};

inline bool is_maintenance(MemOpKind k) {
  return k == MemOpKind::clean || k == MemOpKind::invalidate || k == MemOpKind::clean_invalidate;
}

struct MemOp : tlm::tlm_extension<MemOp> {
  MemOpKind kind = MemOpKind::read;
  // --- line operations (address and length in the payload, one line at most)
  Version version = 0;        // write/writeback: the version written; read: out, the version served
  Version prior_version = 0;  // write: out, the version a partial write merged into
  bool full_line = false;     // write: covers the whole line, so no fetch is needed
  bool dirty = false;         // writeback: the line is dirty; read from an exclusive cache: out, it came dirty
  bool coherent = false;      // device access that snoops the CPU caches (set by the fabric)
  std::uint8_t levels_missed = 0;  // out: how many caches missed on the way
  Tick writeback_done = 0;         // out: when the victims this access evicted have reached the level below
  // --- maintenance by range (payload address = first line, length unused)
  std::uint64_t range_lines = 0;  // lines in the range
  Tick line_interval = 0;         // the core issues one line operation per interval
  std::uint64_t lines_written_back = 0;  // out: dirty lines written towards memory
  Tick range_start = 0;         // absolute issue time of the first line

  tlm::tlm_extension_base* clone() const override { return new MemOp(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override { *this = static_cast<const MemOp&>(other); }
};

// A payload with its MemOp attached, reused by an initiator for every
// transaction (no allocation on the hot path).
class OpPayload {
 public:
  OpPayload() {
    payload_.set_data_ptr(dummy_);
    payload_.set_streaming_width(0);
    payload_.set_byte_enable_ptr(nullptr);
    payload_.set_extension(&op_);
  }
  ~OpPayload() { payload_.clear_extension(&op_); }
  OpPayload(const OpPayload&) = delete;
  OpPayload& operator=(const OpPayload&) = delete;

  // Prepares a line (or range) operation and returns the extension to fill in.
  MemOp& prepare(MemOpKind kind, std::uint64_t address, std::uint32_t length) {
    payload_.set_command(kind == MemOpKind::read ? tlm::TLM_READ_COMMAND
                         : (kind == MemOpKind::write || kind == MemOpKind::writeback) ? tlm::TLM_WRITE_COMMAND
                                                                                       : tlm::TLM_IGNORE_COMMAND);
    payload_.set_address(address);
    payload_.set_data_length(length);
    payload_.set_streaming_width(length);
    payload_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    op_ = MemOp{};
    op_.kind = kind;
    return op_;
  }
  tlm::tlm_generic_payload& payload() { return payload_; }
  MemOp& op() { return op_; }

 private:
  tlm::tlm_generic_payload payload_;
  MemOp op_;
  unsigned char dummy_[8] = {};
};

inline MemOp& mem_op(tlm::tlm_generic_payload& p) {
  MemOp* op = p.get_extension<MemOp>();
  // Every cohsim initiator attaches one; a payload without it is a wiring bug.
  if (op == nullptr) SC_REPORT_FATAL("cohsim", "transaction without MemOp extension");
  return *op;
}

}  // namespace cohsim
