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

std::string exporter_refusal(ExporterKind exporter, std::string_view policy) {
  if (exporter != ExporterKind::udmabuf) return {};
  if (policy == "wc-map") return "udmabuf maps a memfd's pages cached (drivers/dma-buf/udmabuf.c mmap_udmabuf); it has no write-combined mapping";
  if (policy == "sync-range" || policy == "sync-rects")
    return "udmabuf syncs the whole sg table (begin_cpu_access_udmabuf: dma_sync_sg_for_cpu); it has no begin_cpu_access_partial and "
           "DMA_BUF_IOCTL_SYNC carries no region";
  return {};
}

}  // namespace cohsim
