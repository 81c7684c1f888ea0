#pragma once
// The CPU's base page: 4 KiB on x86-64 and on the arm64 kernels cohsim
// models (CONFIG_ARM64_4K_PAGES). Hardware prefetchers stop at its edge, the
// hypervisor tracks dirty memory in it, and a scattered dma-buf is a list of
// such pages.
#include <cstdint>

namespace cohsim {

constexpr std::uint64_t kPageBytes = 4096;

}  // namespace cohsim
