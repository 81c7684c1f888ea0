#pragma once
// `cohsim calibrate`: measures this machine with the probes, writes a
// platform preset of it (each value with how it was measured), then replays
// the same probes as traces through cohsim on that preset and prints measured
// against simulated (docs/calibration.md).
#include <string>

#include "sim/calibrate/probes.h"

namespace cohsim::calibrate {

struct CalibrateOptions {
  std::string output = "host.json";
  bool quick = false;  // smaller probes (seconds, noisier): for tests
};

// Returns the exit status; throws InputError on an unwritable output.
int run_calibrate(const CalibrateOptions& options);

}  // namespace cohsim::calibrate
