#include "sim/util/input_error.h"

namespace cohsim {
namespace {
std::string compose(const std::string& file, const std::string& place, const std::string& message) {
  std::string out;
  if (!file.empty()) out += file;
  if (!place.empty()) out += (out.empty() ? "" : ":") + place;
  if (!out.empty()) out += ": ";
  return out + message;
}
}  // namespace

InputError::InputError(std::string file, std::string place, std::string message)
    : std::runtime_error(compose(file, place, message)),
      file_(std::move(file)),
      place_(std::move(place)),
      message_(std::move(message)) {}

}  // namespace cohsim
