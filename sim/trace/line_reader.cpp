#include "sim/trace/line_reader.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "sim/util/checked_number.h"
#include "sim/util/units.h"

namespace cohsim {

LineReader::LineReader(std::string path)
    : path_(std::move(path)),
      in_(path_, std::ios::binary) {
  if (!in_) throw InputError(path_, "", std::string("cannot open trace: ") + std::strerror(errno));
  std::error_code ec;
  size_ = std::filesystem::file_size(path_, ec);
  if (ec) size_ = 0;
}

bool LineReader::next_line() {
  while (std::getline(in_, line_)) {
    ++line_number_;
    consumed_ += line_.size() + 1;
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    tokens_.clear();
    const std::size_t n = line_.size();
    std::size_t i = 0;
    while (i < n) {
      while (i < n && (line_[i] == ' ' || line_[i] == '\t')) ++i;
      if (i >= n || line_[i] == '#') break;
      const std::size_t start = i;
      while (i < n && line_[i] != ' ' && line_[i] != '\t' && line_[i] != '#') ++i;
      tokens_.push_back(Token{std::string_view(line_).substr(start, i - start), static_cast<unsigned>(start + 1)});
    }
    if (!tokens_.empty()) return true;
  }
  if (in_.bad()) throw InputError(path_, std::to_string(line_number_ + 1), "read error");
  return false;
}

void LineReader::fail(const Token& at, const std::string& message) const {
  throw InputError(path_, std::to_string(line_number_) + ":" + std::to_string(at.column), message);
}

void LineReader::fail_line(const std::string& message) const { throw InputError(path_, std::to_string(line_number_) + ":1", message); }

std::uint64_t LineReader::parse_u64(const Token& t, const char* what) const {
  std::string_view s = t.text;
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    s.remove_prefix(2);
    base = 16;
  }
  std::uint64_t value = 0;
  switch (to_number(s, value, base)) {
    case NumberError::none:
      return value;
    case NumberError::out_of_range:
      fail(t, std::string(what) + " \"" + std::string(t.text) + "\" does not fit in 64 bits");
    case NumberError::not_a_number:
      break;
  }
  fail(t, "expected " + std::string(what) + " (decimal or 0x hex), got \"" + std::string(t.text) + "\"");
}

std::uint64_t LineReader::parse_size(const Token& t, const char* what) const {
  const char last = t.text.empty() ? '\0' : t.text.back();
  if (last == 'B') {
    auto bytes = parse_byte_size(t.text);
    if (!bytes) fail(t, "expected " + std::string(what) + " such as 4096, 0x1000 or 4KiB, got \"" + std::string(t.text) + "\"");
    return *bytes;
  }
  return parse_u64(t, what);
}

void LineReader::expect_tokens(std::size_t min, std::size_t max, const char* usage) const {
  if (tokens_.size() < min) fail_line(std::string("too few fields; expected: ") + usage);
  if (tokens_.size() > max) fail(tokens_[max], std::string("unexpected field \"") + std::string(tokens_[max].text) + "\"; expected: " + usage);
}

}  // namespace cohsim
