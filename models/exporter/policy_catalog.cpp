#include "models/exporter/policy_catalog.h"

#include <algorithm>

namespace cohsim {
namespace {
// A function-local static: registrations run during static initialisation,
// in no defined order across files.
std::vector<PolicyInfo>& catalog() {
  static std::vector<PolicyInfo> policies;
  return policies;
}
}  // namespace

void register_policy_info(PolicyInfo info) {
  auto& all = catalog();
  const auto at = std::upper_bound(all.begin(), all.end(), info.rank, [](int rank, const PolicyInfo& p) { return rank < p.rank; });
  all.insert(at, std::move(info));
}

const std::vector<PolicyInfo>& policy_infos() { return catalog(); }

const PolicyInfo* find_policy_info(std::string_view name) {
  for (const PolicyInfo& p : catalog())
    if (p.name == name) return &p;
  return nullptr;
}

std::string policy_list() {
  std::string list;
  for (const PolicyInfo& p : catalog()) list += (list.empty() ? "" : ", ") + p.name;
  return list;
}

std::string policy_list_markdown() {
  std::string text;
  for (const PolicyInfo& p : catalog()) text += "- `" + p.name + "`: " + p.summary + "\n";
  return text;
}

std::vector<std::string> policy_names() {
  std::vector<std::string> names;
  for (const PolicyInfo& p : catalog()) names.push_back(p.name);
  return names;
}

namespace {
// The exporters other than vgem map cached and sync whole sg tables, so they
// refuse wc-map and the region syncs, each for its own kernel reason.
struct CachedWholeSyncExporter {
  ExporterKind kind;
  const char* maps_cached;  // why not wc-map
  const char* syncs_whole;  // why not sync-range or sync-rects
};
constexpr CachedWholeSyncExporter kCachedWholeSync[] = {
    {ExporterKind::udmabuf, "udmabuf maps a memfd's pages cached (drivers/dma-buf/udmabuf.c mmap_udmabuf); it has no write-combined mapping",
     "udmabuf syncs the whole sg table (begin_cpu_access_udmabuf: dma_sync_sg_for_cpu); it has no begin_cpu_access_partial"},
    {ExporterKind::system_heap,
     "the system heap maps its pages cached (drivers/dma-buf/heaps/system_heap.c system_heap_mmap); the write-combined one is the out-of-tree "
     "system-uncached heap",
     "the system heap syncs whole sg tables (system_heap_dma_buf_begin_cpu_access: dma_sync_sgtable_for_cpu); upstream it has no "
     "begin_cpu_access_partial"},
    {ExporterKind::cma_heap, "the CMA heap maps its pages cached (drivers/dma-buf/heaps/cma_heap.c cma_heap_mmap)",
     "the CMA heap syncs whole sg tables (cma_heap_dma_buf_begin_cpu_access: dma_sync_sgtable_for_cpu); upstream it has no "
     "begin_cpu_access_partial"},
};
}  // namespace

std::string exporter_refusal(ExporterKind exporter, std::string_view policy) {
  for (const CachedWholeSyncExporter& e : kCachedWholeSync) {
    if (e.kind != exporter) continue;
    if (policy == "wc-map") return e.maps_cached;
    if (policy == "sync-range" || policy == "sync-rects") return std::string(e.syncs_whole) + " and DMA_BUF_IOCTL_SYNC carries no region";
  }
  return {};  // vgem carries out every policy
}

}  // namespace cohsim
