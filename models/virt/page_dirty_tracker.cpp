#include "models/virt/page_dirty_tracker.h"

#include <algorithm>

namespace cohsim {

PageDirtyTracker::PageDirtyTracker(std::uint64_t pages)
    : pages_(pages),
      method_(pages >= kMkwriteMinPages ? Method::mkwrite : Method::pagetable),
      protected_(pages, true),  // a fresh mapping: the first write to each page faults either way
      pte_dirty_(pages, false),
      bitmap_(pages, false),
      start_(pages),
      end_(0) {}

void PageDirtyTracker::mark(std::uint64_t page) {
  bitmap_[page] = true;
  start_ = std::min(start_, page);
  end_ = std::max(end_, page + 1);
}

std::uint64_t PageDirtyTracker::write(std::uint64_t first, std::uint64_t last) {
  std::uint64_t faults = 0;
  for (std::uint64_t page = first; page <= last && page < pages_; ++page) {
    if (protected_[page]) {
      ++faults;
      protected_[page] = false;
      if (method_ == Method::mkwrite) mark(page);  // the mkwrite callback
    }
    pte_dirty_[page] = true;
  }
  return faults;
}

std::uint64_t PageDirtyTracker::clean_record_all() {
  std::uint64_t n = 0;
  for (std::uint64_t page = 0; page < pages_; ++page) {
    if (!pte_dirty_[page]) continue;
    pte_dirty_[page] = false;
    bitmap_[page] = true;
    ++n;
  }
  return n;
}

PageDirtyTracker::Scan PageDirtyTracker::scan() {
  Scan s;
  if (method_ == Method::pagetable) {
    s.entries_walked = pages_;
    s.marked = clean_record_all();
    change_count_ = s.marked == 0 ? change_count_ + 1 : 0;
    if (change_count_ > kChangeTriggers) {
      // Quiet for a while: write-protect everything and go back to faults.
      change_count_ = 0;
      method_ = Method::mkwrite;
      std::fill(protected_.begin(), protected_.end(), true);
      clean_record_all();
      s.entries_walked += 2 * pages_;
      s.switched = true;
    }
  } else if (end_ > start_) {
    s.entries_walked = end_ - start_;
    for (std::uint64_t page = start_; page < end_; ++page) {
      if (protected_[page]) continue;
      protected_[page] = true;
      ++s.marked;
    }
    change_count_ = 100 * s.marked / pages_ > kPercentage ? change_count_ + 1 : 0;
    if (change_count_ > kChangeTriggers) {
      // Busy: stop taking faults; scan the page tables instead. The pages
      // stay write-protected until each is written once more.
      method_ = Method::pagetable;
      clean_record_all();
      std::fill(bitmap_.begin(), bitmap_.end(), false);
      for (std::uint64_t page = start_; page < end_; ++page) bitmap_[page] = true;
      change_count_ = 0;
      s.entries_walked += pages_;
      s.switched = true;
    }
  }
  // Hand the recorded pages over (vmw_bo_dirty_transfer_to_res) and clear them.
  for (std::uint64_t page = 0; page < pages_;) {
    if (!bitmap_[page]) {
      ++page;
      continue;
    }
    const std::uint64_t first = page;
    while (page < pages_ && bitmap_[page]) bitmap_[page++] = false;
    s.dirty_runs.emplace_back(first, page - first);
  }
  start_ = pages_;
  end_ = 0;
  return s;
}

}  // namespace cohsim
