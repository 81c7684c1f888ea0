#pragma once
// What the cohsim binary was built from, for the provenance in every results
// file (cmake/build_info.cmake generates the definitions at each build).

namespace cohsim {

// The git commit of the source tree ("unknown" outside a git checkout).
const char* build_commit();
// The tree had changes to tracked files when it was built.
bool build_dirty();

}  // namespace cohsim
