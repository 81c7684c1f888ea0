#pragma once
// Results are written to a temporary file in the target's folder, flushed to
// disk and renamed over the target: a reader (or a killed run) sees either the
// old file, the complete new one, or nothing - never half a file.
#include <string>
#include <string_view>

namespace cohsim {

// Throws InputError when the folder cannot be written.
void write_file_atomically(const std::string& path, std::string_view contents);

}  // namespace cohsim
