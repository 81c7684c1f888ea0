#pragma once
// The TLM-2.0 side of a MemRequest: every cohsim payload carries one MemOp
// extension. Payloads carry no data bytes: the versions stand for them.
#include <tlm>

#include "models/common/mem_request.h"

namespace cohsim {

struct MemOp : tlm::tlm_extension<MemOp>, MemRequest {
  tlm::tlm_extension_base* clone() const override { return new MemOp(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override { *this = static_cast<const MemOp&>(other); }
};

// A payload with its MemOp attached, reused by an initiator for every
// transaction (no allocation on the hot path).
class OpPayload {
 public:
  OpPayload() {
    payload_.set_data_ptr(dummy_);
    payload_.set_byte_enable_ptr(nullptr);
    payload_.set_extension(&op_);
  }
  ~OpPayload() { payload_.clear_extension(&op_); }
  OpPayload(const OpPayload&) = delete;
  OpPayload& operator=(const OpPayload&) = delete;

  // Prepares an operation on [address, address+length) and returns the
  // request to fill in (everything else reset).
  MemOp& prepare(MemOpKind kind, std::uint64_t address, std::uint32_t length) {
    payload_.set_command(kind == MemOpKind::read                                      ? tlm::TLM_READ_COMMAND
                         : (kind == MemOpKind::write || kind == MemOpKind::writeback) ? tlm::TLM_WRITE_COMMAND
                                                                                      : tlm::TLM_IGNORE_COMMAND);
    payload_.set_address(address);
    payload_.set_data_length(length);
    payload_.set_streaming_width(length);
    payload_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    static_cast<MemRequest&>(op_) = MemRequest{};
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
