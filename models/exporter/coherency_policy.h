#pragma once
// A coherency policy: what the CPU side does so that the CPU's cached view of
// a shared buffer and the devices' view agree (docs/policies.md). Each policy
// is one small class in policies/ behind this interface, registered from its
// own file with a PolicyRegistration.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "models/common/mem_request.h"
#include "models/cpu/params.h"
#include "models/dmabuf/shared_buffer.h"
#include "models/exporter/params.h"

namespace cohsim {

// What a policy may do at DMA_BUF_IOCTL_SYNC, on one buffer.
class SyncContext {
 public:
  virtual ~SyncContext() = default;
  virtual const SharedBuffer& buffer() const = 0;
  // Cache maintenance is needed: some importer does not snoop the CPU caches.
  virtual bool devices_need_maintenance() const = 0;
  // The start of an access invalidates (a read; on i915 any access, which
  // moves the object to the CPU domain).
  virtual bool start_of_access_invalidates(SyncAccess access) const = 0;
  // The kernel's rules for maintenance (MaintenanceRules): on arm64 the end of
  // any CPU access cleans (sync for the device cleans in every direction); on
  // x86 only the end of a write does.
  virtual bool end_of_access_cleans(SyncAccess access) const = 0;
  // Maintenance by VA over byte ranges: on arm64 one scatter-gather entry at
  // a time with a barrier after each (as dma_sync_sg_* does); on x86 the
  // whole range between two barriers (as drm_clflush_sg does).
  virtual void maintain(MemOpKind kind, const ByteRanges& ranges) = 0;
  // memcpy between the buffer and the CPU's shadow copy.
  virtual void copy_to_shadow(const ByteRanges& buffer_ranges) = 0;
  virtual void copy_from_shadow(const ByteRanges& buffer_ranges) = 0;
  virtual void barrier() = 0;
  // On a virtual platform the host keeps its own copy of the surface.
  virtual bool virtual_host() const = 0;
  // Guest to host: update commands for these boxes, the host copies them.
  virtual void send_to_host(const std::vector<PixelRect>& boxes) = 0;
  // Host to guest: the host copies these boxes back; the guest waits.
  virtual void fetch_from_host(const std::vector<PixelRect>& boxes) = 0;
  // Fault tracking: scan for the pages written since the last scan and send
  // their bounding box.
  virtual void scan_and_send() = 0;
  // A host device wrote the host surface since the guest last fetched it.
  virtual bool host_wrote() const = 0;
};

class CoherencyPolicy {
 public:
  virtual ~CoherencyPolicy() = default;
  virtual std::string_view name() const = 0;
  // How the exporter lets the CPU map the buffer.
  virtual Mapping buffer_mapping() const { return Mapping::wb; }
  // What the policy asks DMA_BUF_IOCTL_SYNC (or the exporter's own sync) to
  // cover: nothing, the whole buffer, one byte range or a list of rectangles.
  virtual SyncRegion sync_region() const { return SyncRegion::none; }
  // The CPU reads and writes a cached shadow copy instead of the buffer.
  virtual bool uses_shadow() const { return false; }
  // DMA_BUF_IOCTL_SYNC start / end. `hint` is the region the application
  // could pass (empty: the whole buffer); the upstream ioctl carries none.
  virtual void begin_cpu_access(SyncContext& ctx, SyncAccess access, const std::vector<PixelRect>& hint) const = 0;
  virtual void end_cpu_access(SyncContext& ctx, SyncAccess access, const std::vector<PixelRect>& hint) const = 0;
  // A device is about to read the buffer (a page flip, a GPU job).
  virtual void before_device_read(SyncContext&) const {}
  // The exporter tells the policy which pages the CPU writes (fault tracking).
  virtual bool tracks_page_writes() const { return false; }
  // On a virtual platform, the host reads the guest's pages themselves (a
  // shared-memory resource) instead of a copy of its own.
  virtual bool shares_guest_pages() const { return false; }
  // Why this policy cannot run on `target` (empty: it can). A refused run is
  // reported as refused, with this reason, and not simulated.
  virtual std::string refusal(const PolicyTarget&) const { return {}; }
};

// The policies by name; nullptr for an unknown name.
std::unique_ptr<CoherencyPolicy> make_policy(std::string_view name);

// Registers a policy from its own file, while the program starts: the
// factory make_policy() uses and the entry of the catalog configs read
// (policy_catalog.h), the name taken from the policy itself. `rank` orders
// the lists; `summary` says in a line what the CPU side does.
struct PolicyRegistration {
  using Factory = std::unique_ptr<CoherencyPolicy> (*)();
  PolicyRegistration(int rank, std::string summary, Factory make);
};

}  // namespace cohsim
