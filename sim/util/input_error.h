#pragma once
// One kind of error for everything a user can get wrong: a config value, a
// trace line, a missing file, a bad command line. It carries the file and the
// place (a JSON pointer or LINE:COLUMN) so the message leads straight to it;
// the CLI prints it and exits with status 2.
#include <stdexcept>
#include <string>

namespace cohsim {

class InputError : public std::runtime_error {
 public:
  // file may be empty (command-line errors); place may be empty (whole file).
  InputError(std::string file, std::string place, std::string message);

  const std::string& file() const { return file_; }
  const std::string& place() const { return place_; }
  const std::string& message() const { return message_; }

 private:
  std::string file_, place_, message_;
};

}  // namespace cohsim
