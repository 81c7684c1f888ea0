#pragma once
// SHA-256 of a file's bytes (OpenSSL's EVP digest), as lowercase hex: the
// fingerprint provenance gives each input of a run.
#include <string>

namespace cohsim {

// Throws InputError naming the file when it cannot be read.
std::string sha256_of_file(const std::string& path);

}  // namespace cohsim
