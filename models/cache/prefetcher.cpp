#include "models/cache/prefetcher.h"

#include <algorithm>

namespace cohsim {

Prefetcher::Prefetcher(const PrefetchConfig& settings, unsigned line_bytes)
    : params_(settings),
      page_lines_(std::max<std::uint64_t>(1, kPageBytes / line_bytes)) {
  if (params_.kind == PrefetchKind::stream) streams_.resize(std::max(1u, params_.streams));
}

void Prefetcher::access(std::uint64_t line, bool prefetched, std::vector<std::uint64_t>& out) {
  switch (params_.kind) {
    case PrefetchKind::none:
      return;
    case PrefetchKind::next_line:
      return next_line(line, prefetched, out);
    case PrefetchKind::stream:
      return stream(line, out);
  }
}

void Prefetcher::next_line(std::uint64_t line, bool prefetched, std::vector<std::uint64_t>& out) {
  const bool ascending = seen_any_ && line == last_line_ + 1;
  last_line_ = line;
  seen_any_ = true;
  if (!ascending && !prefetched) return;
  const std::uint64_t page_end = (line / page_lines_ + 1) * page_lines_;
  for (std::uint64_t p = line + 1; p < page_end && p <= line + params_.degree; ++p) out.push_back(p);
}

void Prefetcher::stream(std::uint64_t line, std::vector<std::uint64_t>& out) {
  const std::uint64_t page = line / page_lines_;
  Stream* s = nullptr;
  Stream* oldest = &streams_.front();
  for (Stream& candidate : streams_) {
    if (candidate.page == page) {
      s = &candidate;
      break;
    }
    if (candidate.used < oldest->used) oldest = &candidate;
  }
  ++clock_;
  if (s == nullptr) {
    *oldest = Stream{page, line, line, 0, 0, clock_};
    return;
  }
  s->used = clock_;
  if (line == s->last) return;
  const int direction = line > s->last ? 1 : -1;
  if (direction == s->direction) {
    ++s->agreeing_steps;
  } else {
    s->direction = direction;
    s->agreeing_steps = 1;
    s->frontier = line;
  }
  s->last = line;
  if (s->agreeing_steps < 2) return;

  // Run ahead of the access, from past what was already asked for, up to
  // `distance` lines and the page's edge, `degree` lines at most.
  const std::uint64_t first_in_page = page * page_lines_;
  const std::uint64_t last_in_page = first_in_page + page_lines_ - 1;
  std::uint64_t from = direction > 0 ? std::max(s->frontier, line) : std::min(s->frontier, line);
  unsigned issued = 0;
  if (direction > 0) {
    const std::uint64_t target = std::min(last_in_page, line + params_.distance);
    for (std::uint64_t p = from + 1; p <= target && issued < params_.degree; ++p, ++issued) {
      out.push_back(p);
      s->frontier = p;
    }
  } else {
    const std::uint64_t target = line >= first_in_page + params_.distance ? line - params_.distance : first_in_page;
    for (std::uint64_t p = from; p > target && issued < params_.degree; ++issued) {
      --p;
      out.push_back(p);
      s->frontier = p;
    }
  }
}

}  // namespace cohsim
