#pragma once
// How vmwgfx learns which pages of a buffer object the guest CPU wrote
// (drivers/gpu/drm/vmwgfx/vmwgfx_page_dirty.c), as plain logic:
//
// - mkwrite: the pages are write-protected; the first write to a page faults
//   (the mkwrite callback records it) and makes the page writable. A scan
//   write-protects the recorded range again.
// - pagetable: pages stay writable; a scan walks every page-table entry of
//   the buffer, records and clears the hardware dirty bits.
//
// Buffers of 512 pages or more (PAGE_SIZE / sizeof(pte_t)) start in mkwrite,
// smaller ones in pagetable. A mkwrite scan that finds more than 10% of the
// pages dirty counts a change; more than 2 such scans in a row switch to
// pagetable. A pagetable scan that finds nothing counts a change; more than 2
// in a row switch back. As in the kernel, a mkwrite scan with nothing
// recorded returns early and leaves the count alone.
#include <cstdint>
#include <utility>
#include <vector>

namespace cohsim {

class PageDirtyTracker {
 public:
  enum class Method : std::uint8_t { pagetable, mkwrite };
  static constexpr std::uint64_t kMkwriteMinPages = 512;  // PAGE_SIZE / sizeof(pte_t)
  static constexpr unsigned kChangeTriggers = 2;          // VMW_DIRTY_NUM_CHANGE_TRIGGERS
  static constexpr unsigned kPercentage = 10;             // VMW_DIRTY_PERCENTAGE

  explicit PageDirtyTracker(std::uint64_t pages);

  // The guest CPU writes pages [first, last]; returns the write faults taken.
  std::uint64_t write(std::uint64_t first, std::uint64_t last);

  struct Scan {
    std::uint64_t entries_walked = 0;                                 // page-table entries visited (the scan's cost)
    std::uint64_t marked = 0;                                         // pages the scan found written
    bool switched = false;                                            // the method changed in this scan
    std::vector<std::pair<std::uint64_t, std::uint64_t>> dirty_runs;  // (first page, pages) to send, ascending
  };
  // At submission: collects the dirty pages, re-arms tracking, may switch
  // method; the returned runs are cleared from the record.
  Scan scan();

  Method method() const { return method_; }
  std::uint64_t pages() const { return pages_; }

 private:
  std::uint64_t clean_record_all();  // records and clears every hardware dirty bit; returns how many
  void mark(std::uint64_t page);

  std::uint64_t pages_;
  Method method_;
  unsigned change_count_ = 0;
  std::vector<bool> protected_;  // the page-table entry is write-protected: a write faults
  std::vector<bool> pte_dirty_;  // the hardware dirty bit
  std::vector<bool> bitmap_;     // recorded dirty, not yet sent
  std::uint64_t start_, end_;    // mkwrite: the recorded range [start, end)
};

}  // namespace cohsim
