#pragma once
// The parameter types of the virtual-GPU transport that a platform's config
// names: plain types with no SystemC.
#include <cstdint>

#include "models/common/page.h"
#include "models/common/time.h"

namespace cohsim {

enum class VirtualGpu : std::uint8_t {
  vmwgfx,      // one update command per dirty box, one doorbell exit per submission; the host copies from the guest's pages
  virtio_gpu,  // per rectangle TRANSFER_TO_HOST_2D and RESOURCE_FLUSH, one notify exit per submission; the host copies from the guest's pages
};

// A virtual platform's settings as its `hypervisor` section names them (the
// key in JSON is the name here; sim/config reads and documents them through
// describe(), whose field options it supplies): the one place of their
// defaults.
struct HostCopyConfig {
  double bandwidth_gbps = 8;
  double submission_us = 2;
  double clock_ghz = 2;
  unsigned mlp = 32;

  template <class V>
  void describe(V& v) {
    v("bandwidth_gbps", bandwidth_gbps,
      {.doc = "bytes the host copies per second between guest memory and host surfaces (memcpy speed, estimated 5-10 GB/s); the copy engine's link carries "
              "twice this, reads and writes",
       .unit = "GB/s",
       .min = 0.001,
       .max = 1e5});
    v("submission_us", submission_us, {.doc = "fixed cost of each copy job the host handles (estimated 1-5 us)", .unit = "us", .min = 0, .max = 1e6});
    v("clock_ghz", clock_ghz, {.doc = "the copy engine issues one line per cycle of this clock", .unit = "GHz", .min = 0.001, .max = 100});
    v("mlp", mlp, {.doc = "line requests the copy engine keeps in flight", .min = 1, .max = 65536});
  }
};

struct HypervisorConfig {
  VirtualGpu virtual_gpu = VirtualGpu::vmwgfx;
  std::uint64_t exit_cycles = 2000;
  std::uint64_t fault_cycles = 2500;
  double scan_cycles_per_entry = 20;
  std::uint64_t command_cycles = 300;
  bool guest_mmap = false;
  HostCopyConfig host_copy;

  template <class V>
  void describe(V& v) {
    v("virtual_gpu", virtual_gpu,
      {.doc = "the guest's GPU driver: vmwgfx (one update command per dirty box in a command buffer, one doorbell exit per submission) or virtio-gpu (2D: per "
              "rectangle TRANSFER_TO_HOST_2D and RESOURCE_FLUSH, one notify exit per submission); either way the host copies from the guest's pages",
       .required = true});
    v("exit_cycles", exit_cycles,
      {.doc = "a VM exit and re-entry (a trapped doorbell or notify write, a hypercall), in guest core cycles (published round trips: 1,300-2,500 direct)",
       .unit = "cycles",
       .max = 1e9});
    v("fault_cycles", fault_cycles,
      {.doc = "a write-protect fault the guest kernel handles (vmwgfx mkwrite), in guest core cycles (estimate)", .unit = "cycles", .max = 1e9});
    v("scan_cycles_per_entry", scan_cycles_per_entry,
      {.doc = "visiting one page-table entry in a dirty scan (estimate)", .unit = "cycles", .min = 0, .max = 1e6});
    v("command_cycles", command_cycles, {.doc = "the guest driver building one command for the host (estimate)", .unit = "cycles", .max = 1e9});
    v("guest_mmap", guest_mmap, {.doc = "the virtual GPU lets the guest CPU mmap a dma-buf as a resource the host shares (needed by wc-map; vmwgfx refuses)"});
    v("host_copy", host_copy, {.doc = "the host side that copies between guest memory and host surfaces"});
  }
};

// What the virtual-GPU transport is given: the settings as read, and what
// elaboration derives.
struct HypervisorParams : HypervisorConfig {
  Tick copy_submission = 0;  // host_copy.submission_us as simulated time
  unsigned line_bytes = 64;
  std::uint64_t page_bytes = kPageBytes;  // dirty tracking is per page
};

}  // namespace cohsim
