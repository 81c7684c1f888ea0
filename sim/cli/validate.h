#pragma once
// `cohsim validate FILE...`: checks each file as deeply as the command that
// uses it would, without simulating. The kind comes from the content:
//   scenario  (platforms, workload, policies or sweep): loaded as `run` loads
//             it, its platforms resolved with their overrides, and its trace
//             (file or generator) passed through the trace checker once per
//             distinct platform and policy it will run on; a sweep's every
//             point is checked as `run` would check it;
//   platform  (cpus, or host and hypervisor for a virtual one): as a preset;
//   schema    ($schema and a cohsim $id): must equal `cohsim schema KIND`;
//   trace     (any other file): parsed whole and checked without a platform.
#include <string>
#include <vector>

namespace cohsim {

struct ValidateOutcome {
  std::string summary;                // "scenario NAME, ...", printed after "ok"
  std::vector<std::string> warnings;  // "name: N operations, first at FILE:LINE: meaning"
};

// Throws InputError for the first problem.
ValidateOutcome validate_file(const std::string& path);

}  // namespace cohsim
