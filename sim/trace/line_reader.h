#pragma once
// Streams a text file line by line with its line number, splits a line into
// whitespace-separated tokens that remember their column, and turns a
// complaint about a token into FILE:LINE:COLUMN. Shared by every text trace
// format and importer.
#include <charconv>
#include <cstdint>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "sim/util/input_error.h"

namespace cohsim {

struct Token {
  std::string_view text;
  unsigned column = 1;  // 1-based
};

class LineReader {
 public:
  explicit LineReader(std::string path);

  // Reads the next line that holds anything besides blanks and a '#' comment;
  // false at the end of the file.
  bool next_line();
  const std::vector<Token>& tokens() const { return tokens_; }
  std::uint64_t line_number() const { return line_number_; }
  const std::string& path() const { return path_; }
  double progress() const { return size_ == 0 ? 1.0 : static_cast<double>(consumed_) / static_cast<double>(size_); }

  [[noreturn]] void fail(const Token& at, const std::string& message) const;
  [[noreturn]] void fail_line(const std::string& message) const;

  // Number parsing with errors that point at the token.
  std::uint64_t parse_u64(const Token& t, const char* what) const;
  // A byte count: like parse_u64, also accepting KiB/MiB/GiB suffixes.
  std::uint64_t parse_size(const Token& t, const char* what) const;
  void expect_tokens(std::size_t min, std::size_t max, const char* usage) const;

 private:
  std::string path_;
  std::ifstream in_;
  std::string line_;
  std::vector<Token> tokens_;
  std::uint64_t line_number_ = 0;
  std::uint64_t consumed_ = 0;
  std::uint64_t size_ = 0;
};

}  // namespace cohsim
