#pragma once
// The parts of the core's time per frame that coherency adds, defined once:
// the results' `breakdown_per_frame` (sim/results/comparison.cpp), the
// report's tables and charts, and the sweep table's columns all read this
// list, in this order.
#include <array>
#include <string_view>

namespace cohsim {

struct BreakdownPart {
  std::string_view key;         // in breakdown_per_frame
  std::string_view label;       // table column, chart legend
  std::string_view csv_column;  // sweep.csv (us per frame)
  std::string_view meaning;     // the tables' note
};

inline constexpr std::array<BreakdownPart, 5> kBreakdownParts{{
    {"maintenance", "maint", "maint_us", "cache maintenance"},
    {"barriers", "barrier", "barrier_us", "barriers"},
    {"wc_uc_stalls", "wc/uc", "wc_uc_us", "stalls on write-combined or uncached mappings"},
    {"copies", "copy", "copy_us", "copies on the core"},
    {"faults_traps", "virt", "virt_us", "a virtual GPU's exits, faults, scans, commands and readback waits"},
}};

}  // namespace cohsim
