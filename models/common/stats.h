#pragma once
// Statistics as named groups of counters with units. A model asks its group
// for a counter once and keeps the reference, so the hot path is one
// increment. Time statistics are kept in ticks and reported both in cycles of
// a named clock domain and in nanoseconds, so every figure says its clock.
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "models/common/time.h"

namespace cohsim {

struct ClockDomain {
  std::string name;  // e.g. "cpu0"
  Clock clock;
};

struct StatEntry {
  std::string name;
  std::string unit;  // for counts: what is counted; for times: "cycles"
  std::string doc;
  const std::uint64_t* value = nullptr;
  const ClockDomain* clock = nullptr;  // set for times (value in ticks)
};

class StatGroup {
 public:
  explicit StatGroup(std::string name)
      : name_(std::move(name)) {}
  StatGroup(const StatGroup&) = delete;
  StatGroup& operator=(const StatGroup&) = delete;

  std::uint64_t& counter(std::string name, std::string unit, std::string doc) {
    auto& slot = storage_.emplace_back(0);
    entries_.push_back(StatEntry{std::move(name), std::move(unit), std::move(doc), &slot, nullptr});
    return slot;
  }
  // A span of simulated time, reported in cycles of `clock` (which must outlive the group).
  Tick& time(std::string name, const ClockDomain& clock, std::string doc) {
    auto& slot = storage_.emplace_back(0);
    entries_.push_back(StatEntry{std::move(name), "cycles", std::move(doc), &slot, &clock});
    return slot;
  }

  const std::string& name() const { return name_; }
  const std::vector<StatEntry>& entries() const { return entries_; }
  const StatEntry* find(const std::string& name) const {
    for (const auto& e : entries_)
      if (e.name == name) return &e;
    return nullptr;
  }
  std::uint64_t value(const std::string& name) const {
    const StatEntry* e = find(name);
    return e ? *e->value : 0;
  }

 private:
  std::string name_;
  std::deque<std::uint64_t> storage_;  // deque: references stay valid
  std::vector<StatEntry> entries_;
};

// Every group of one simulation, in elaboration order (deterministic).
class StatRegistry {
 public:
  StatGroup& group(std::string section, std::string name) {
    auto& g = groups_.emplace_back(std::move(name));
    sections_.push_back(std::move(section));
    return g;
  }
  template <class F>
  void for_each(F&& f) const {
    for (std::size_t i = 0; i < groups_.size(); ++i) f(sections_[i], groups_[i]);
  }
  const StatGroup* find(const std::string& section, const std::string& name) const {
    for (std::size_t i = 0; i < groups_.size(); ++i)
      if (sections_[i] == section && groups_[i].name() == name) return &groups_[i];
    return nullptr;
  }

 private:
  std::deque<StatGroup> groups_;
  std::vector<std::string> sections_;
};

}  // namespace cohsim
