#pragma once
// A virtual GPU's guest-side statistics (section "hypervisor", group
// "guest"): their names, units and meanings, in this one place.
// docs/results-reference.md and the results schema are generated from them
// (sim/results/results_reference.cpp).
#include <cstdint>

#include "models/common/stats.h"

namespace cohsim {

struct HypervisorStats {
  HypervisorStats(StatGroup& g, const ClockDomain& clock)
      : exits(g.counter("exits", "exits", "VM exits the guest took to notify the host (one per submission of commands, and one per readback)")),
        write_faults(g.counter("write_faults", "faults", "write-protect faults taken by the guest (fault tracking)")),
        scans(g.counter("scans", "scans", "dirty scans at submission (fault tracking)")),
        entries_scanned(g.counter("entries_scanned", "entries", "page-table entries visited by dirty scans and mode switches")),
        mode_switches(g.counter("mode_switches", "switches", "switches between mkwrite and page-table scanning")),
        commands(g.counter("commands", "commands", "commands sent to the host (update / readback; TRANSFER_TO_HOST_2D and RESOURCE_FLUSH)")),
        bytes_to_host(g.counter("bytes_to_host", "bytes", "bytes the host copied from the guest into its surfaces")),
        bytes_from_host(g.counter("bytes_from_host", "bytes", "bytes the host copied from its surfaces back into guest memory")),
        copy_submissions(g.counter("copy_submissions", "submissions", "jobs given to the host copy engine")),
        exit_time(g.time("exit_time", clock, "guest core time in VM exits")),
        fault_time(g.time("fault_time", clock, "guest core time in write-protect faults")),
        scan_time(g.time("scan_time", clock, "guest core time scanning page tables")),
        command_time(g.time("command_time", clock, "guest core time building commands")),
        readback_wait(g.time("readback_wait", clock, "guest core time waiting for the host to copy a surface back")) {}

  std::uint64_t &exits, &write_faults, &scans, &entries_scanned, &mode_switches, &commands, &bytes_to_host, &bytes_from_host, &copy_submissions;
  Tick &exit_time, &fault_time, &scan_time, &command_time, &readback_wait;
};

}  // namespace cohsim
