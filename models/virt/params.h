#pragma once
// The parameter types of the virtual-GPU transport that a platform's config
// names: plain types with no SystemC.
#include <cstdint>

#include "models/common/time.h"

namespace cohsim {

enum class VirtualGpu : std::uint8_t {
  vmwgfx,      // one update command per dirty box, one doorbell exit per submission; the host copies from the guest's pages
  virtio_gpu,  // per rectangle TRANSFER_TO_HOST_2D and RESOURCE_FLUSH, one notify exit per submission; the host copies from the guest's pages
};

struct HypervisorParams {
  VirtualGpu gpu = VirtualGpu::vmwgfx;
  std::uint64_t exit_cycles = 2000;    // a VM exit and re-entry (a trapped doorbell or notify write, a hypercall)
  std::uint64_t fault_cycles = 2500;   // a write-protect fault handled by the guest kernel (mkwrite)
  double scan_cycles_per_entry = 20;   // visiting one page-table entry in a dirty scan
  std::uint64_t command_cycles = 300;  // the guest building one command
  Tick copy_submission = 0;            // the host copy engine's fixed cost per submission
  unsigned line_bytes = 64;
  std::uint64_t page_bytes = 4096;
};

}  // namespace cohsim
