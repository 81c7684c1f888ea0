// The random coherence tester: random sequences of core loads and stores,
// cache maintenance, DMA_BUF_IOCTL_SYNC through the exporter, device reads,
// writes and jobs, and fence-ordered device pairs, on random shared buffers,
// run through the elaborated SystemC models of a preset (caches shrunk so that
// lines are evicted all the time) and checked after every operation against
//  - a reference of the newest version of each line, counted here from the
//    writes the tester issues (not read from cohsim's oracle);
//  - predictions made from the copies the models hold before the operation
//    (what a load, a snoop or a device read must return, what a clean must
//    leave in memory), read straight from the tag arrays;
//  - invariants on every copy of a line (see check_line).
// Every stale read the models report must be predicted stale, and every
// predicted stale read must be reported. Seeded; a failure prints the seed,
// the operation and the ones before it. docs/robustness.md describes it.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <systemc>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "coherence/line_view.h"
#include "models/cpu/core_driver.h"
#include "models/exporter/dmabuf_exporter.h"
#include "sim/config/platform_config.h"
#include "sim/load/scenario_loader.h"
#include "sim/platform/elaborate.h"
#include "sim/platform/platform_graph.h"
#include "sim/run/simulate.h"

namespace cohsim::coherence_test {
namespace {

// The platform's GPU snoops the CPU caches (an exporter's SyncTarget::own_gpu).
bool platform_gpu_coherent(const ElaboratedPlatform& platform) {
  for (const auto& [name, d] : platform.devices)
    if (d->role() == DeviceRole::gpu && d->coherent()) return true;
  return false;
}

// Why the tester cannot predict sync-full on cached buffers from `exporter`
// on the platform (empty: it can).
std::string exporter_refusal_here(ExporterKind exporter, const ElaboratedPlatform& platform) {
  ExporterTarget target;
  target.exporter = exporter;
  target.rules = platform.cpu->params().maintenance.rules;
  target.gpu_coherent = platform_gpu_coherent(platform);
  std::string refusal = exporter_refusal(target, Mapping::wb, SyncRegion::whole);
  if (refusal.empty() && exporter_traits(exporter).mapping == Mapping::wc) refusal = "it maps write-combined; the tester checks cached buffers";
  return refusal;
}

struct Options {
  std::string preset = "x86-llc";
  std::uint64_t operations = 100000;
  std::uint64_t seed = 0;
  bool invalidate_discards = false;            // the core executes invalidate as a pure invalidate (dirty data lost)
  bool speculative_fills = false;              // before a non-snooping device writes, the core fills the lines it lacks from memory
  bool no_prefetch = false;                    // take the preset's prefetchers out (every access then touches only its own lines)
  ExporterKind exporter = ExporterKind::vgem;  // exporter.kind of the buffers: whom its syncs maintain for, its sg list
  bool mixed_exporters = false;                // each buffer from a random exporter the tester accepts on the platform
  std::uint64_t full_check_every = 1000;       // operations between checks of every line of every buffer
};

// The preset with caches small enough that a few dozen buffers overflow
// every level: L1 4 sets, L2 8, the last level 16 (12 where the preset's
// last level has a set count that is not a power of two, to keep that
// indexing path), each with the preset's ways, inclusion and write-miss
// policy; a device cache of 4 sets.
config::PlatformConfig shrunk_platform(const Options& o) {
  config::PlatformConfig p = config::load_platform(o.preset).config;
  for (auto& [name, c] : p.caches) {
    const std::uint64_t preset_sets = c.size / (std::uint64_t{c.ways} * p.line_bytes);
    const bool pow2 = (preset_sets & (preset_sets - 1)) == 0;
    std::uint64_t sets = std::uint64_t{4} << (c.level - 1);
    if (!pow2) sets = sets * 3 / 4;
    c.size = sets * c.ways * p.line_bytes;
  }
  for (auto& [name, d] : p.devices)
    if (d.cache.size > 0) d.cache.size = std::uint64_t{4} * d.cache.ways * p.line_bytes;
  for (auto& [name, cpu] : p.cpus) cpu.maintenance.invalidate_cleans_dirty = !o.invalidate_discards && cpu.maintenance.invalidate_cleans_dirty;
  if (o.no_prefetch)
    for (auto& [name, c] : p.caches) c.prefetch.kind = PrefetchKind::none;
  return p;
}

// A check that failed: what was expected, of which line.
struct Failure : std::exception {
  explicit Failure(std::string m)
      : message(std::move(m)) {}
  const char* what() const noexcept override { return message.c_str(); }
  std::string message;
};

std::string describe(const LineView& v) {
  std::ostringstream s;
  for (std::size_t i = 0; i < v.cpu.size(); ++i) {
    const Copy& c = v.cpu[i];
    s << "L" << i + 1 << "=" << (c.present ? std::to_string(c.version) + (c.dirty ? "d" : "c") : "-") << " ";
  }
  if (v.device_cache.present) s << "devcache=" << v.device_cache.version << (v.device_cache.dirty ? "d" : "c") << " ";
  s << "mem=" << v.memory;
  return s.str();
}

// Stale lines as the models report them, per agent.
class StaleLog final : public StaleObserver {
 public:
  void on_stale_read(const char* agent, std::uint64_t line, std::uint64_t) override { seen_.emplace_back(agent, line); }
  std::vector<std::pair<std::string, std::uint64_t>> take() { return std::exchange(seen_, {}); }

 private:
  std::vector<std::pair<std::string, std::uint64_t>> seen_;
};

// Device spans as the models draw them: for checking that a fenced job
// starts after the job it waits for.
class SpanLog final : public Timeline {
 public:
  struct Span {
    std::string track, name;
    Tick begin, end;
  };
  void span(std::string_view track, std::string_view, std::string_view name, Tick begin, Tick end) override {
    spans.push_back(Span{std::string(track), std::string(name), begin, end});
  }
  void instant(std::string_view track, std::string_view, std::string_view name, Tick at) override {
    spans.push_back(Span{std::string(track), std::string(name), at, at});
  }
  const Span* find(const std::string& track, const std::string& name) const {
    for (const Span& s : spans)
      if (s.track == track && s.name == name) return &s;
    return nullptr;
  }
  std::vector<Span> spans;
};

enum class OpKind { load, store, maintain, sync_begin, sync_end, device_read, device_write, device_job, fenced_pair, count };
constexpr std::array<const char*, static_cast<int>(OpKind::count)> kOpNames = {"load",        "store",        "maintain",   "sync begin", "sync end",
                                                                               "device read", "device write", "device job", "fenced pair"};
// Relative frequencies, in the order above.
constexpr std::array<unsigned, static_cast<int>(OpKind::count)> kOpWeights = {26, 26, 8, 5, 5, 12, 10, 4, 4};

// One operation as drawn, for the failure report.
struct OpRecord {
  std::uint64_t index = 0;
  OpKind kind = OpKind::load;
  std::uint32_t buffer = 0;
  std::uint64_t first_line = 0, lines = 0;  // line offsets within the buffer
  std::string detail;
};

struct Buffer {
  std::uint32_t index;  // the exporter's
  std::uint64_t base, first_line, lines;
  ExporterKind exporter;
};

class Tester : public sc_core::sc_module {
 public:
  Tester(sc_core::sc_module_name name, ElaboratedPlatform& platform, const Options& options)
      : sc_module(name),
        platform_(platform),
        options_(options),
        random_(options.seed),
        probe_(make_probe(platform)) {
    SC_HAS_PROCESS(Tester);
    SC_THREAD(run);
    platform_.cpu->set_observer(&stale_);
    for (auto& [device_name, device] : platform_.devices) {
      device->set_observer(&stale_);
      device->set_timeline(&spans_);
      devices_.push_back(device.get());
      if (device->cache() != nullptr) cached_device_ = device.get();
      if (device_name != "display") writers_.push_back(device.get());  // a display only reads
    }
    // The host's fabric, where the devices' requests end up (x86-dgpu's GPU
    // fabric forwards them there).
    snooping_fabric_ = std::ranges::any_of(platform_.fabrics, [](const auto& f) { return f.second->snoops(); });
    cleans_dirty_ = platform_.cpu->params().maintenance.invalidate_cleans_dirty;
    for (auto& [cache_name, cache] : platform_.caches) prefetching_ = prefetching_ || cache->behaviour().params().prefetch.kind != PrefetchKind::none;
    cpu_group_ = platform_.stats.find("agents", platform_.cpu->basename());
  }

  bool passed() const { return failure_.empty(); }
  const std::string& failure() const { return failure_; }
  std::uint64_t operations_done() const { return done_; }
  std::string coverage_report() const;
  // What must have happened for the run to mean something.
  std::vector<std::string> coverage_gaps() const;

 private:
  static Probe make_probe(ElaboratedPlatform& p) {
    std::vector<const CacheBehaviour*> levels;
    for (auto& [name, cache] : p.caches) levels.push_back(&cache->behaviour());
    std::sort(levels.begin(), levels.end(), [](const CacheBehaviour* a, const CacheBehaviour* b) { return a->params().level < b->params().level; });
    const CacheBehaviour* device_cache = nullptr;
    for (auto& [name, device] : p.devices)
      if (device->cache() != nullptr) device_cache = device->cache();
    return Probe(std::move(levels), device_cache, p.memories.begin()->second->behaviour());
  }

  void run();
  void setup_buffers();
  bool gpu_coherent() const { return platform_gpu_coherent(platform_); }
  void one_operation(OpRecord& op);

  // --- the operations
  void load_line(std::uint64_t line);
  void store_line(std::uint64_t line);
  void maintain(MemOpKind kind, const Buffer& b, std::uint64_t first, std::uint64_t count);
  void sync(bool begin, const Buffer& b, SyncAccess access);
  void device_access(DmaAgent& device, bool is_write, bool as_job, const Buffer& b, std::uint64_t first, std::uint64_t count);
  void fenced_pair(DmaAgent& writer, DmaAgent& reader, bool reader_first, const Buffer& b, std::uint64_t first, std::uint64_t count);
  void allow_coherent_write_back_race(const DmaAgent& device);

  // --- expectations
  // The effect of maintenance on one line, predicted from its copies before.
  void expect_maintained(std::uint64_t line, const LineView& before, bool writes_back, bool drops);
  // The reads `agent` made of `lines`, each predicted to return `served`.
  void expect_reads(const std::string& agent, const std::map<std::uint64_t, Version>& served);
  void check_line(std::uint64_t line);
  void check_everything();
  void expect_conserved(Probe::DirtyCopies before, Probe::DirtyCopies after, const char* where);
  void wait_for(DmaAgent& device) { core_->idle_until(device.wait_idle()); }
  // The speculative-fill mode: the core fills the lines it lacks from memory
  // just before a device that does not snoop writes them.
  void speculate(const Buffer& b, std::uint64_t first, std::uint64_t count);

  Version newest(std::uint64_t line) const {
    const auto it = newest_.find(line);
    return it == newest_.end() ? 0 : it->second;
  }
  // A version made by a partial store into a stale copy (or into such a
  // version) holds stale bytes: reading it is stale, however new it is.
  bool mixed(std::uint64_t line, Version v) const {
    const auto it = mixed_.find(line);
    return it != mixed_.end() && it->second == v;
  }
  bool predicted_stale(std::uint64_t line, Version served) const { return served < newest(line) || mixed(line, served); }
  void expect(bool ok, std::uint64_t line, const std::string& what) const {
    if (!ok)
      throw Failure("line " + std::to_string(line) + ": " + what + " (reference newest " + std::to_string(newest(line)) + ", now " +
                    describe(probe_.view(line)) + ")");
  }
  std::uint64_t pick(std::uint64_t n) { return std::uniform_int_distribution<std::uint64_t>(0, n - 1)(random_); }
  std::uint64_t cpu_counter(const char* name) const { return cpu_group_ ? cpu_group_->value(name) : 0; }

  ElaboratedPlatform& platform_;
  Options options_;
  std::mt19937_64 random_;
  Probe probe_;
  std::unique_ptr<CoreDriver> core_;
  std::unique_ptr<CoherencyPolicy> policy_;
  std::unique_ptr<DmaBufExporter> exporter_;
  StatRegistry exporter_stats_;
  std::vector<Buffer> buffers_;
  std::vector<DmaAgent*> devices_, writers_;
  DmaAgent* cached_device_ = nullptr;
  bool snooping_fabric_ = false;
  bool cleans_dirty_ = false;
  // The caches prefetch: a load or store also fills lines it did not name,
  // and such a fill may evict (and, through an inclusive level,
  // back-invalidate) the very line the access just used.
  bool prefetching_ = false;
  const StatGroup* cpu_group_ = nullptr;
  StaleLog stale_;
  SpanLog spans_;
  std::unordered_map<std::uint64_t, Version> newest_;       // the reference: newest version of each line
  std::unordered_map<std::uint64_t, Version> mixed_;        // the reference's mixed versions (by line, the newest one)
  std::unordered_map<std::uint64_t, Version> memory_seen_;  // the newest version memory was seen to hold
  std::uint64_t next_fence_ = 1;
  std::unordered_set<std::uint64_t> may_lose_;  // lines whose dirty data this operation may drop on purpose

  std::vector<OpRecord> recent_;  // the last operations, for the failure report
  std::uint64_t done_ = 0;
  std::string failure_;

  // Coverage: what the random operations made the models do.
  std::array<std::uint64_t, static_cast<int>(OpKind::count)> op_counts_{};
  std::uint64_t cpu_stale_reads_ = 0, device_stale_reads_ = 0, stale_merges_ = 0, dirty_written_by_maintenance_ = 0;
  std::uint64_t dirty_discarded_ = 0, snooped_from_cpu_ = 0, device_cache_hits_ = 0, fence_waits_that_blocked_ = 0;
  std::uint64_t mixed_reads_ = 0, speculative_fills_ = 0, displaced_by_prefetch_ = 0;
};

void Tester::setup_buffers() {
  // Shared buffers of 16 to 64 pixels by 1 to 16 rows (up to 64 lines each),
  // attached to every device, so that syncs maintain on both presets (the
  // display never snoops).
  policy_ = make_policy("sync-full");
  ExporterParams params;
  params.line_bytes = platform_.cpu->params().line_bytes;
  params.clock = &platform_.cpu_clock();
  params.rules = platform_.cpu->params().maintenance.rules;
  params.gpu_coherent = gpu_coherent();
  params.kind = options_.exporter;
  exporter_ = std::make_unique<DmaBufExporter>(params, *policy_, *core_, exporter_stats_.group("exporters", "dmabuf"));
  const unsigned line_bytes = params.line_bytes;
  std::vector<ExporterKind> kinds;
  if (options_.mixed_exporters) {
    for (const auto& [kind, name] : kExporterKindNames)
      if (exporter_refusal_here(kind, platform_).empty()) kinds.push_back(kind);
  }
  for (unsigned i = 0; i < 24; ++i) {
    // Only a mixed run draws (a replayed seed keeps its sequence).
    const ExporterKind kind = options_.mixed_exporters ? kinds.at(pick(kinds.size())) : options_.exporter;
    SurfaceParams s;
    s.width = static_cast<std::uint32_t>(16 * (1 + pick(4)));
    s.height = static_cast<std::uint32_t>(1 + pick(16));
    s.bytes_per_pixel = 4;
    const std::uint32_t index = exporter_->allocate("b" + std::to_string(i), Surface(s), kind);
    for (DmaAgent* d : devices_) exporter_->attach(index, d->coherent());
    exporter_->mmap(index);
    const SharedBuffer& shared = exporter_->buffer(index);
    buffers_.push_back(Buffer{index, shared.base, shared.base / line_bytes, (shared.size() + line_bytes - 1) / line_bytes, kind});
  }
}

void Tester::run() {
  try {
    core_ = std::make_unique<CoreDriver>(*platform_.cpu, kTicksPerNs * 1000);
    setup_buffers();
    std::discrete_distribution<int> kinds(kOpWeights.begin(), kOpWeights.end());
    for (done_ = 0; done_ < options_.operations; ++done_) {
      OpRecord op;
      op.index = done_;
      op.kind = static_cast<OpKind>(kinds(random_));
      if (recent_.size() == 12) recent_.erase(recent_.begin());
      recent_.push_back(op);
      one_operation(recent_.back());
      ++op_counts_[static_cast<int>(op.kind)];
      if ((done_ + 1) % options_.full_check_every == 0) check_everything();
    }
    check_everything();
  } catch (const std::exception& e) {
    std::ostringstream s;
    s << "operation " << done_ << ": " << e.what() << "\nthe last operations:\n";
    for (const OpRecord& r : recent_) {
      s << "  #" << r.index << " " << kOpNames[static_cast<int>(r.kind)] << " buffer " << r.buffer << " lines " << r.first_line << "+" << r.lines << " "
        << r.detail << "\n";
    }
    failure_ = s.str();
  }
  for (auto& [name, device] : platform_.devices) device->stop_refresh();
  sc_core::sc_stop();
}

void Tester::one_operation(OpRecord& op) {
  const Buffer& b = buffers_[pick(buffers_.size())];
  op.buffer = b.index;
  spans_.spans.clear();
  // A short run of lines for the core (one to four), up to the whole buffer
  // for devices and maintenance.
  const bool short_run = op.kind == OpKind::load || op.kind == OpKind::store;
  op.first_line = pick(b.lines);
  op.lines = 1 + pick(std::min<std::uint64_t>(short_run ? 4 : b.lines, b.lines - op.first_line));
  may_lose_.clear();
  const auto cpu_dirty = probe_.cpu_dirty_copies();
  const auto device_dirty = probe_.device_dirty_copies();
  switch (op.kind) {
    case OpKind::load:
      for (std::uint64_t i = 0; i < op.lines; ++i) load_line(b.first_line + op.first_line + i);
      break;
    case OpKind::store:
      for (std::uint64_t i = 0; i < op.lines; ++i) store_line(b.first_line + op.first_line + i);
      break;
    case OpKind::maintain: {
      const MemOpKind kinds[] = {MemOpKind::clean, MemOpKind::invalidate, MemOpKind::clean_invalidate};
      const MemOpKind kind = kinds[pick(3)];
      op.detail = mem_op_kind_name(kind);
      maintain(kind, b, op.first_line, op.lines);
      break;
    }
    case OpKind::sync_begin:
    case OpKind::sync_end: {
      const SyncAccess accesses[] = {SyncAccess::read, SyncAccess::write, SyncAccess::rw};
      const SyncAccess access = accesses[pick(3)];
      op.detail = sync_access_name(access);
      sync(op.kind == OpKind::sync_begin, b, access);
      break;
    }
    case OpKind::device_read:
    case OpKind::device_write:
    case OpKind::device_job: {
      const bool is_write = op.kind == OpKind::device_write || (op.kind == OpKind::device_job && pick(2) == 0);
      const std::vector<DmaAgent*>& candidates = is_write ? writers_ : devices_;
      DmaAgent& d = *candidates[pick(candidates.size())];
      op.detail = std::string(d.basename()) + (is_write ? " write" : " read");
      device_access(d, is_write, op.kind == OpKind::device_job, b, op.first_line, op.lines);
      break;
    }
    case OpKind::fenced_pair: {
      DmaAgent& writer = *writers_[pick(writers_.size())];
      // A writer that allocates in the CPU's shared cache hands its data to a
      // reader that does not snoop only after a flush the fence does not do
      // (i915 flushes scanout objects itself): such a pair is stale by design
      // and which of its lines an eviction already pushed to memory depends
      // on the transfer, so the fenced pairs leave it out. Plain device reads
      // still cover a non-snooping read of lines the shared cache holds.
      auto pairs_with = [&](const DmaAgent* r) { return r != &writer && (!writer.writes_allocate() || (r->coherent() && snooping_fabric_)); };
      std::vector<DmaAgent*> readers;
      for (DmaAgent* r : devices_)
        if (pairs_with(r)) readers.push_back(r);
      if (readers.empty()) {
        op.detail = std::string(writer.basename()) + " write (no reader pairs with it)";
        device_access(writer, true, false, b, op.first_line, op.lines);
        break;
      }
      DmaAgent* reader = readers[pick(readers.size())];
      const bool reader_first = pick(2) == 0;
      op.detail = std::string(writer.basename()) + " writes, signals; " + reader->basename() + " waits, reads" + (reader_first ? " (reader queued first)" : "");
      fenced_pair(writer, *reader, reader_first, b, op.first_line, op.lines);
      break;
    }
    case OpKind::count:
      break;
  }
  expect_conserved(cpu_dirty, probe_.cpu_dirty_copies(), "CPU caches");
  expect_conserved(device_dirty, probe_.device_dirty_copies(), "device cache");
}

// Dirty data is never dropped: whatever a cache held dirty before an
// operation is still held (at that version or newer) by a cache, or has
// reached memory - except where the operation overwrote or discarded it on
// purpose (a snooped device write, a pure invalidate).
void Tester::expect_conserved(Probe::DirtyCopies before, Probe::DirtyCopies after, const char* where) {
  // Most dirty copies are still there, dirty: only the others need a look.
  std::sort(before.begin(), before.end());
  std::sort(after.begin(), after.end());
  for (const auto& [line, version] : before) {
    const auto same = std::lower_bound(after.begin(), after.end(), std::make_pair(line, version));
    if (same != after.end() && same->first == line) continue;  // still dirty, at this version or newer
    const LineView v = probe_.view(line);
    // A dirty copy that left the caches may have reached memory while the
    // operation worked on other lines (an eviction): record it now, before a
    // device cache's older write-back over memory hides it (check_line).
    Version& seen = memory_seen_[line];
    seen = std::max(seen, v.memory);
    if (may_lose_.count(line)) continue;
    // In memory now, or seen there: a device cache that writes an older
    // line back over it afterwards is the workload's race (check_line).
    bool kept = seen >= version || (v.device_cache.present && v.device_cache.version >= version);
    for (const Copy& c : v.cpu) kept = kept || (c.present && c.version >= version);
    expect(kept, line, std::string("dirty data held in the ") + where + " (version " + std::to_string(version) + ") was lost");
  }
}

// ---------------------------------------------------------------- core work

void Tester::load_line(std::uint64_t line) {
  const unsigned line_bytes = platform_.cpu->params().line_bytes;
  // The whole line or a piece of it.
  const std::uint64_t offset = pick(2) == 0 ? 0 : pick(line_bytes);
  const std::uint64_t bytes = offset == 0 ? line_bytes : 1 + pick(line_bytes - offset);
  const LineView before = probe_.view(line);
  const Version served = before.cpu_served();
  const std::uint64_t stale_before = cpu_counter("stale_reads");
  core_->load(line * line_bytes + offset, bytes);
  expect_reads(platform_.cpu->basename(), {{line, served}});
  expect(cpu_counter("stale_reads") - stale_before == (predicted_stale(line, served) ? 1u : 0u), line,
         "the core's stale_reads counter moved by the stale lines reported");
  const LineView after = probe_.view(line);
  // The load filled L1 with what it was served (unless a prefetch's fill has
  // already pushed it out again).
  const bool in_l1 = after.cpu[0].present && after.cpu[0].version == served;
  expect(in_l1 || (prefetching_ && !after.cpu[0].present), line, "L1 holds the version the load was served (" + std::to_string(served) + ")");
  if (!in_l1) ++displaced_by_prefetch_;
  if (predicted_stale(line, served)) ++cpu_stale_reads_;
  if (served == newest(line) && mixed(line, served)) ++mixed_reads_;
  check_line(line);
}

void Tester::store_line(std::uint64_t line) {
  const unsigned line_bytes = platform_.cpu->params().line_bytes;
  const bool whole = pick(2) == 0;
  const std::uint64_t offset = whole ? 0 : pick(line_bytes);
  const std::uint64_t bytes = whole ? line_bytes : 1 + pick(line_bytes - offset - (offset == 0 ? 1 : 0));
  const LineView before = probe_.view(line);
  // A partial store merges into the copy it finds: stale if that is not the newest.
  const bool stale_merge = !whole && before.cpu_served() < newest(line);
  const std::uint64_t merges_before = cpu_counter("stale_merges");
  core_->store(line * line_bytes + offset, bytes);
  const Version written = ++newest_[line];
  if (!whole && (stale_merge || mixed(line, before.cpu_served()))) mixed_[line] = written;
  expect(cpu_counter("stale_merges") - merges_before == (stale_merge ? 1u : 0u), line,
         std::string("a partial store into a stale copy counts one stale merge, any other store none (expected ") + (stale_merge ? "1)" : "0)"));
  if (stale_merge) ++stale_merges_;
  const LineView after = probe_.view(line);
  const Copy* nearest = after.nearest_cpu_copy();
  const bool cached = nearest != nullptr && nearest->dirty && nearest->version == written;
  // A prefetch's fill may have evicted the line already: then memory has it.
  expect(cached || (prefetching_ && nearest == nullptr && after.memory == written), line,
         "the nearest cached copy after a store is dirty at the version written (" + std::to_string(written) + ")");
  if (!cached) ++displaced_by_prefetch_;
  check_line(line);
}

void Tester::maintain(MemOpKind kind, const Buffer& b, std::uint64_t first, std::uint64_t count) {
  const unsigned line_bytes = platform_.cpu->params().line_bytes;
  std::vector<LineView> before;
  for (std::uint64_t i = 0; i < count; ++i) before.push_back(probe_.view(b.first_line + first + i));
  const bool writes_back = kind != MemOpKind::invalidate || cleans_dirty_;
  if (!writes_back)
    for (std::uint64_t i = 0; i < count; ++i) may_lose_.insert(b.first_line + first + i);
  core_->maintain(kind, (b.first_line + first) * line_bytes, count * line_bytes);
  core_->barrier();
  const bool drops = kind != MemOpKind::clean;
  for (std::uint64_t i = 0; i < count; ++i) expect_maintained(b.first_line + first + i, before[i], writes_back, drops);
}

void Tester::sync(bool begin, const Buffer& b, SyncAccess access) {
  std::vector<LineView> before;
  for (std::uint64_t i = 0; i < b.lines; ++i) before.push_back(probe_.view(b.first_line + i));
  if (begin && sync_reads(access) && !cleans_dirty_)
    for (std::uint64_t i = 0; i < b.lines; ++i) may_lose_.insert(b.first_line + i);
  if (begin) {
    exporter_->begin_cpu_access(b.index, access, {});
  } else {
    exporter_->end_cpu_access(b.index, access, {});
  }
  // sync-full with a device that does not snoop attached (the display,
  // where there is one): the start of a read invalidates the whole buffer (i915's
  // start of any access), the end of a write cleans it, and so does the end
  // of a read under arm64's rules (sync for the device cleans in every
  // direction); every other sync leaves the caches alone. Whether the
  // exporter maintains at all is its SyncTarget: vgem always; the heaps and
  // udmabuf on arm64 only (dma-direct); i915 where the GPU does not snoop.
  const bool arm64 = platform_.cpu->params().maintenance.rules == MaintenanceRules::arm64;
  const ExporterTraits& exporter = exporter_traits(b.exporter);
  // Every device attaches every buffer; a platform whose devices all snoop
  // (x86-llc without its display) has no non-coherent importer.
  const bool noncoherent_importer = std::ranges::any_of(devices_, [](const DmaAgent* d) { return !d->coherent(); });
  bool maintains = true;
  switch (exporter.whole_sync) {
    case SyncTarget::noncoherent_importers:
      maintains = noncoherent_importer;
      break;
    case SyncTarget::each_attachment:
      maintains = arm64 && noncoherent_importer;
      break;
    case SyncTarget::own_device:
      maintains = arm64;
      break;
    case SyncTarget::own_gpu:
      maintains = !gpu_coherent();
      break;
    case SyncTarget::nothing:
      maintains = false;
      break;
  }
  const bool acts = maintains && (begin ? sync_reads(access) || exporter.start_maintains_any_direction : (arm64 || sync_writes(access)));
  for (std::uint64_t i = 0; i < b.lines; ++i) {
    const std::uint64_t line = b.first_line + i;
    if (!acts) {
      const LineView after = probe_.view(line);
      expect(after.cpu == before[i].cpu && after.memory == before[i].memory, line,
             "a sync that has nothing to do changes nothing (before: " + describe(before[i]) + ")");
      check_line(line);
    } else if (begin) {
      expect_maintained(line, before[i], cleans_dirty_, true);
    } else {
      expect_maintained(line, before[i], true, false);
    }
  }
}

void Tester::speculate(const Buffer& b, std::uint64_t first, std::uint64_t count) {
  CacheBehaviour* l1 = nullptr;
  for (auto& [name, cache] : platform_.caches)
    if (cache->behaviour().params().level == 1) l1 = &cache->behaviour();
  core_->catch_up_kernel();
  for (std::uint64_t i = first; i < first + count; ++i) {
    const std::uint64_t line = b.first_line + i;
    const LineView before = probe_.view(line);
    // A fill evicts; a dirty victim older than the newest data (the core
    // kept it while a device that does not snoop rewrote the line) then
    // overwrites the device's data in memory: the workload's race, as when
    // a load evicts it.
    const Probe::DirtyCopies dirty_before = probe_.cpu_dirty_copies();
    const bool filled = l1->speculative_fill(line, before.memory, core_->now());
    expect(filled == !before.cpu_holds(), line, "a speculative fill happens exactly when no CPU cache holds the line");
    if (!filled) continue;
    ++speculative_fills_;
    Probe::DirtyCopies dirty_after = probe_.cpu_dirty_copies();
    std::sort(dirty_after.begin(), dirty_after.end());
    for (const auto& [victim, version] : dirty_before) {
      if (std::binary_search(dirty_after.begin(), dirty_after.end(), std::make_pair(victim, version))) continue;
      if (version < newest(victim)) may_lose_.insert(victim);
      check_line(victim);  // its write-back reached memory (memory_seen_), whatever a device writes back over it later in this operation
    }
    const LineView after = probe_.view(line);
    expect(after.cpu[0].present && !after.cpu[0].dirty && after.cpu[0].version == before.memory, line,
           "a speculative fill leaves a clean copy of what memory held in L1");
    check_line(line);
  }
}

void Tester::expect_maintained(std::uint64_t line, const LineView& before, bool writes_back, bool drops) {
  const LineView after = probe_.view(line);
  Version dirty_version = 0;
  const bool was_dirty = before.cpu_dirty(&dirty_version);
  if (was_dirty && writes_back) {
    ++dirty_written_by_maintenance_;
    // After a clean, memory holds the newest CPU data: the newest version
    // of all, unless a non-snooping device wrote the line after the core
    // (the clean then overwrites the device's data, which is what hardware
    // does too).
    expect(after.memory == dirty_version, line, "memory holds the newest dirty copy (" + std::to_string(dirty_version) + ") after a clean");
  } else {
    if (was_dirty) ++dirty_discarded_;
    expect(after.memory == before.memory, line, "maintenance that writes nothing back leaves memory alone");
  }
  for (std::size_t k = 0; k < after.cpu.size(); ++k) {
    const Copy& c = after.cpu[k];
    if (drops) {
      expect(!c.present, line, "no cached copy is left after an invalidate (L" + std::to_string(k + 1) + ")");
    } else {
      expect(c.present == before.cpu[k].present, line, "a clean keeps every copy (L" + std::to_string(k + 1) + ")");
      expect(!c.dirty, line, "no copy is dirty after a clean (L" + std::to_string(k + 1) + ")");
      if (c.present && was_dirty) expect(c.version == dirty_version, line, "a cleaned copy holds what memory holds (L" + std::to_string(k + 1) + ")");
    }
  }
  check_line(line);
}

// ---------------------------------------------------------------- devices

// A coherent device with a cache of its own (one-way IO coherence) writes a
// dirty line back as a whole-line coherent write, which drops the CPU's
// copies: if the CPU wrote the line after the device did, without a job end
// or fence between them (the workload's race), the CPU's newer data is lost,
// as on the hardware. Any line the device's cache holds dirty may go so.
void Tester::allow_coherent_write_back_race(const DmaAgent& device) {
  if (device.cache() == nullptr || !device.coherent() || !snooping_fabric_) return;
  const TagArray& tags = device.cache()->tags();
  for (TagArray::Slot s = 0; s < tags.slots(); ++s)
    if (tags.valid(s) && tags.dirty(s)) may_lose_.insert(tags.line_of(s));
}

void Tester::device_access(DmaAgent& device, bool is_write, bool as_job, const Buffer& b, std::uint64_t first, std::uint64_t count) {
  const unsigned line_bytes = platform_.cpu->params().line_bytes;
  allow_coherent_write_back_race(device);
  const bool cached = device.cache() != nullptr;
  const bool snoops = device.coherent() && snooping_fabric_;
  // A device cache fills as a transfer goes, and a fill may evict a line the
  // transfer reads later, so a cached device's plain transfer is issued (and
  // predicted) one line at a time. A job starts from an empty cache.
  const std::uint64_t step = cached && !as_job ? 1 : count;
  for (std::uint64_t start = first; start < first + count; start += step) {
    if (is_write && !snoops && options_.speculative_fills) speculate(b, start, step);
    std::vector<LineView> before;
    std::map<std::uint64_t, Version> served;
    for (std::uint64_t i = start; i < start + step; ++i) {
      const std::uint64_t line = b.first_line + i;
      const LineView v = probe_.view(line);
      before.push_back(v);
      if (cached) {
        // A job writes back and drops the cache first; dirty lines reach memory.
        const bool hit = v.device_cache.present && (!as_job || v.device_cache.dirty);
        // A miss of a cache that snoops (one-way IO coherence) is served as
        // any snooped read: the newest CPU copy, else memory.
        served[line] = hit ? v.device_cache.version : snoops ? v.snooped() : v.memory;
        if (hit && !as_job) ++device_cache_hits_;
        if (!hit && snoops && v.cpu_holds()) ++snooped_from_cpu_;
      } else if (snoops) {
        served[line] = v.snooped();
        if (v.cpu_holds()) ++snooped_from_cpu_;
      } else {
        served[line] = v.memory;
      }
    }
    if (is_write && snoops)
      for (std::uint64_t i = start; i < start + step; ++i) may_lose_.insert(b.first_line + i);  // overwritten whole
    core_->catch_up_kernel();
    const DmaAgent::Ranges ranges = {{(b.first_line + start) * line_bytes, step * line_bytes}};
    if (as_job) {
      device.submit_job(is_write, ranges, core_->now());
    } else {
      device.submit_transfer(is_write, ranges, core_->now());
    }
    wait_for(device);
    if (!is_write) {
      expect_reads(device.basename(), served);
    } else {
      for (std::uint64_t i = 0; i < step; ++i) ++newest_[b.first_line + start + i];
      const auto reported = stale_.take();
      if (!reported.empty()) throw Failure(std::string("a device write reported a stale read by ") + reported.front().first);
    }
    for (std::uint64_t i = 0; i < step; ++i) {
      const std::uint64_t line = b.first_line + start + i;
      const LineView after = probe_.view(line);
      if (is_write) {
        if (cached && !as_job) {
          expect((after.device_cache.present && after.device_cache.dirty && after.device_cache.version == newest(line)) || after.memory == newest(line), line,
                 "a cached device's write is in its cache, dirty, or written back");
        } else if (snoops && device.writes_allocate()) {
          // The device shares the last-level cache: the new version is there,
          // dirty, or in memory if the rest of the transfer evicted it.
          const Copy& last = after.cpu.back();
          expect((last.present && last.dirty && last.version == newest(line)) || (!last.present && after.memory == newest(line)), line,
                 "an allocating device write puts the new version, dirty, in the shared cache (or memory, once evicted)");
        } else {
          expect(after.memory == newest(line), line, "a device write (or a job's end) puts the new version in memory");
        }
        // A cached device's write that is still in its cache has not reached
        // the fabric: the CPU's copies go when it is written back.
        const bool still_cached = cached && !as_job && after.device_cache.present && after.device_cache.dirty;
        if (snoops && still_cached) {
          expect(after.cpu == before[i].cpu, line, "a write still in the device's cache leaves the CPU's copies alone");
        } else if (snoops) {
          bool above_last = false;
          for (std::size_t level = 0; level + 1 < after.cpu.size(); ++level) above_last = above_last || after.cpu[level].present;
          expect(device.writes_allocate() ? !above_last : !after.cpu_holds(), line,
                 "a snooped device write drops every CPU copy (but its own, in a shared cache)");
        } else {
          expect(after.cpu == before[i].cpu, line, "a device write that does not snoop leaves the CPU's copies alone");
        }
      }
      check_line(line);
    }
    if (cached && as_job) expect(device.cache()->tags().dirty_lines() == 0, b.first_line + start, "a job ends with nothing dirty in the device cache");
  }
}

void Tester::fenced_pair(DmaAgent& writer, DmaAgent& reader, bool reader_first, const Buffer& b, std::uint64_t first, std::uint64_t count) {
  const unsigned line_bytes = platform_.cpu->params().line_bytes;
  allow_coherent_write_back_race(writer);
  allow_coherent_write_back_race(reader);
  const std::uint64_t fence = next_fence_++;
  const DmaAgent::Ranges ranges = {{(b.first_line + first) * line_bytes, count * line_bytes}};
  // A cached reader writes back what its cache holds dirty when it waits (the
  // start of a job): a line it wrote earlier without ending that job lands
  // in memory after the fenced write, and the reader reads it back, stale.
  // That is the workload's race, not the fence's; it is predicted as such.
  std::map<std::uint64_t, Version> served, in_memory;
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::uint64_t line = b.first_line + first + i;
    if (writer.coherent() && snooping_fabric_) may_lose_.insert(line);  // overwritten whole
    const LineView v = probe_.view(line);
    const bool reader_dirty = reader.cache() != nullptr && v.device_cache.present && v.device_cache.dirty;
    // A snooping reader after a writer that does not snoop finds the CPU's
    // old copies first.
    const bool snoops_stale_copy = reader.coherent() && snooping_fabric_ && !writer.coherent() && v.cpu_holds();
    served[line] = reader_dirty ? v.device_cache.version : snoops_stale_copy ? v.snooped() : newest(line) + 1;
    in_memory[line] = reader_dirty ? v.device_cache.version : newest(line) + 1;
  }
  core_->catch_up_kernel();
  auto queue_writer = [&] {
    writer.submit_transfer(true, ranges, core_->now());
    writer.submit_signal(fence, core_->now());
  };
  auto queue_reader = [&] {
    reader.submit_wait(fence, core_->now());
    reader.submit_transfer(false, ranges, core_->now());
  };
  if (reader_first) {
    queue_reader();
    queue_writer();
  } else {
    queue_writer();
    queue_reader();
  }
  wait_for(writer);
  wait_for(reader);
  // The reader waited for the writer's signal, which comes after the write
  // (and, for a cached writer, after its cache was written back): it reads
  // what the writer wrote.
  for (std::uint64_t i = 0; i < count; ++i) ++newest_[b.first_line + first + i];
  expect_reads(reader.basename(), served);
  const SpanLog::Span* wrote = spans_.find(writer.basename(), "write");
  const SpanLog::Span* signalled = spans_.find(writer.basename(), "signal fence " + std::to_string(fence));
  const SpanLog::Span* read = spans_.find(reader.basename(), "read");
  const SpanLog::Span* waited = spans_.find(reader.basename(), "wait fence " + std::to_string(fence));
  if (!wrote || !signalled || !read) throw Failure("the devices did not draw the write, the signal and the read of a fenced pair");
  if (signalled->begin < wrote->end) throw Failure("the writer signalled its fence before its write ended");
  if (read->begin < signalled->begin) throw Failure("the reader started before the fence it waits for was signalled");
  if (waited != nullptr) ++fence_waits_that_blocked_;
  for (std::uint64_t i = 0; i < count; ++i) {
    const std::uint64_t line = b.first_line + first + i;
    const LineView v = probe_.view(line);
    const bool in_shared_cache = writer.writes_allocate() && snooping_fabric_ && v.cpu.back().present && v.cpu.back().version == in_memory[line];
    expect(v.memory == in_memory[line] || in_shared_cache, line,
           "memory, or the cache an allocating writer shares, holds the fenced write (or what the reader's cache wrote back over it)");
    check_line(line);
  }
}

// ---------------------------------------------------------------- checks

void Tester::expect_reads(const std::string& agent, const std::map<std::uint64_t, Version>& served) {
  std::set<std::uint64_t> reported;
  for (const auto& [who, line] : stale_.take()) {
    if (who != agent) throw Failure(who + " reported a stale read during " + agent + "'s read");
    if (!served.count(line)) throw Failure(agent + " reported a stale read of line " + std::to_string(line) + ", which it did not read");
    if (!reported.insert(line).second) throw Failure(agent + " reported line " + std::to_string(line) + " stale twice in one read");
  }
  for (const auto& [line, version] : served) {
    const bool stale = predicted_stale(line, version);
    if (stale && agent != platform_.cpu->basename()) ++device_stale_reads_;
    if (version == newest(line) && mixed(line, version)) ++mixed_reads_;
    expect(stale == (reported.count(line) != 0), line,
           agent + (stale ? " read a stale copy (version " + std::to_string(version) + ") that the oracle did not report"
                          : " was reported stale, yet the copy it read (version " + std::to_string(version) + ") is the newest"));
  }
}

// Invariants that hold for every line at any moment:
//  - cohsim's oracle agrees with the reference on the newest version;
//  - no copy anywhere is newer than the newest write;
//  - in the CPU hierarchy a copy is never newer than the one above it (the
//    newest data is nearest the core);
//  - a line is dirty in at most one cache at any one version, and the
//    hierarchy's newest copy is dirty in at most one cache (one owner);
//  - a clean copy's data exists below it (in a lower level or memory, at
//    that version or newer): dropping a clean copy never loses data. A
//    device cache that writes back an older version over memory (a device
//    that wrote the line and never ended its job: the workload's race) can
//    undo that; so memory counts at the newest version it was seen to hold.
void Tester::check_line(std::uint64_t line) {
  const Version ref = newest(line);
  expect(platform_.oracle.get(line) == ref, line, "the oracle's newest version (" + std::to_string(platform_.oracle.get(line)) + ") is the reference's");
  const LineView v = probe_.view(line);
  expect(v.memory <= ref, line, "memory holds no version newer than the newest write");
  Version& memory_seen = memory_seen_[line];
  memory_seen = std::max(memory_seen, v.memory);
  if (v.device_cache.present) expect(v.device_cache.version <= ref, line, "the device cache holds no version newer than the newest write");
  const Copy* above = nullptr;
  Version top = 0;
  bool any = false;
  for (const Copy& c : v.cpu) {
    if (!c.present) continue;
    expect(c.version <= ref, line, "no cached copy is newer than the newest write");
    if (above) expect(c.version <= above->version, line, "no copy is newer than the copy above it");
    above = &c;
    if (!any) top = c.version;
    any = true;
  }
  unsigned owners = 0;
  for (std::size_t k = 0; k < v.cpu.size(); ++k) {
    const Copy& c = v.cpu[k];
    if (!c.present) continue;
    if (c.dirty && c.version == top) ++owners;
    for (std::size_t j = k + 1; j < v.cpu.size(); ++j)
      if (c.dirty) expect(!(v.cpu[j].present && v.cpu[j].dirty && v.cpu[j].version == c.version), line, "two caches hold the same version dirty");
    if (!c.dirty) {
      bool below = memory_seen >= c.version;
      for (std::size_t j = k + 1; j < v.cpu.size(); ++j) below = below || (v.cpu[j].present && v.cpu[j].version >= c.version);
      expect(below, line, "a clean copy (L" + std::to_string(k + 1) + ") holds data that no level below and not memory holds");
    }
  }
  expect(owners <= 1, line, "the newest copy is dirty in more than one cache");
}

void Tester::check_everything() {
  for (const Buffer& b : buffers_)
    for (std::uint64_t i = 0; i < b.lines; ++i) check_line(b.first_line + i);
}

std::string Tester::coverage_report() const {
  std::ostringstream s;
  for (int k = 0; k < static_cast<int>(OpKind::count); ++k) s << "  " << kOpNames[k] << ": " << op_counts_[k] << "\n";
  s << "  stale core reads: " << cpu_stale_reads_ << ", stale device reads: " << device_stale_reads_ << ", stale merges: " << stale_merges_
    << ", reads of mixed lines: " << mixed_reads_ << ", speculative fills: " << speculative_fills_ << "\n";
  s << "  lines a prefetch's fill evicted right after the access that used them: " << displaced_by_prefetch_ << "\n";
  s << "  dirty lines written back by maintenance: " << dirty_written_by_maintenance_ << ", discarded: " << dirty_discarded_ << "\n";
  s << "  coherent device reads served from CPU caches: " << snooped_from_cpu_ << ", device cache hits: " << device_cache_hits_ << "\n";
  s << "  fenced reads that had to wait: " << fence_waits_that_blocked_ << "\n";
  std::map<std::string_view, unsigned> exporters;
  for (const Buffer& b : buffers_) ++exporters[exporter_kind_name(b.exporter)];
  s << "  buffers per exporter:";
  for (const auto& [name, n] : exporters) s << " " << name << " " << n;
  s << "\n";
  for (const auto& [name, cache] : platform_.caches) {
    const StatGroup* g = platform_.stats.find("caches", name);
    s << "  " << name << ": " << g->value("evictions") << " evictions, " << g->value("writebacks") << " dirty write-backs, " << g->value("back_invalidations")
      << " back-invalidations\n";
  }
  return s.str();
}

std::vector<std::string> Tester::coverage_gaps() const {
  // With a few thousand operations or more, each of these happens; a run
  // where one did not tested less than it claims.
  std::vector<std::string> gaps;
  if (options_.operations < 20000) return gaps;
  // The core's copies go stale only if a writer does not snoop them, or if
  // an invalidate discards dirty data (x86's devices that write all snoop).
  bool non_snooping_writer = false;
  for (const DmaAgent* w : writers_) non_snooping_writer = non_snooping_writer || !(w->coherent() && snooping_fabric_);
  const bool core_can_go_stale = options_.invalidate_discards || non_snooping_writer;
  if (core_can_go_stale && cpu_stale_reads_ == 0) gaps.emplace_back("no stale core read");
  if (core_can_go_stale && stale_merges_ == 0) gaps.emplace_back("no stale merge");
  // A device reads stale data only if it reads memory behind the core's dirty copies.
  const bool device_can_read_stale =
      options_.invalidate_discards || std::ranges::any_of(devices_, [&](const DmaAgent* d) { return !(d->snoops_reads() && snooping_fabric_); });
  if (device_can_read_stale && device_stale_reads_ == 0) gaps.emplace_back("no stale device read");
  if (dirty_written_by_maintenance_ == 0) gaps.emplace_back("no dirty line written back by maintenance");
  if (options_.invalidate_discards && dirty_discarded_ == 0) gaps.emplace_back("no dirty line discarded by an invalidate");
  if (core_can_go_stale && mixed_reads_ == 0) gaps.emplace_back("no read of a line mixed by a stale merge");
  if (options_.speculative_fills && non_snooping_writer && speculative_fills_ == 0) gaps.emplace_back("no speculative fill");
  // A fabric may snoop for the core's own uncached accesses only (x86-nollc).
  const bool coherent_reader = std::any_of(devices_.begin(), devices_.end(), [](const DmaAgent* d) { return d->coherent(); });
  if (snooping_fabric_ && coherent_reader && snooped_from_cpu_ == 0) gaps.emplace_back("no coherent device read found a CPU copy");
  if (cached_device_ && device_cache_hits_ == 0) gaps.emplace_back("no device cache hit");
  for (const auto& [name, cache] : platform_.caches) {
    const StatGroup* g = platform_.stats.find("caches", name);
    if (cache->behaviour().params().prefetch.kind != PrefetchKind::none && g->value("prefetch_useful") == 0)
      gaps.push_back(name + " never used a prefetched line");
    if (g->value("evictions") == 0) gaps.push_back(name + " never evicted");
    if (g->value("writebacks") == 0 && cache->behaviour().params().inclusion != Inclusion::exclusive) gaps.push_back(name + " never wrote a dirty victim back");
  }
  return gaps;
}

}  // namespace
}  // namespace cohsim::coherence_test

int sc_main(int argc, char* argv[]) {
  using namespace cohsim;
  using namespace cohsim::coherence_test;
  prepare_systemc();
  Options o;
  o.seed = static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  CLI::App app{"cohsim's random coherence tester: random core, sync and device operations on shrunk caches, checked against a reference"};
  app.add_option("--preset", o.preset, "platform preset")->capture_default_str();
  app.add_option("--operations", o.operations, "operations to run")->capture_default_str();
  app.add_option("--seed", o.seed, "random seed (default: from the clock; the run prints it)");
  app.add_flag("--invalidate-discards", o.invalidate_discards, "the core executes invalidate as a pure invalidate (dirty data is lost)");
  app.add_flag("--no-prefetch", o.no_prefetch, "take the preset's hardware prefetchers out");
  std::map<std::string, ExporterKind> exporters;
  for (const auto& [kind, name] : config::EnumNames<ExporterKind>::values) exporters.emplace(name, kind);
  app.add_option("--exporter", o.exporter, "exporter.kind of the buffers (docs/exporters.md): whom its syncs maintain for, and its sg list")
      ->transform(CLI::CheckedTransformer(exporters));
  app.add_flag("--mixed-exporters", o.mixed_exporters, "each buffer from a random exporter that the tester can check on the platform (--exporter ignored)");
  app.add_flag("--speculative-fills", o.speculative_fills,
               "before a device that does not snoop writes, the core fills the lines it lacks (the oracle's speculative-fill mode)");
  app.add_option("--full-check-every", o.full_check_every, "operations between checks of every line")->capture_default_str()->check(CLI::PositiveNumber);
  CLI11_PARSE(app, argc, argv);

  std::cout << "random coherence: preset " << o.preset << (o.invalidate_discards ? " (invalidate discards)" : "")
            << (o.speculative_fills ? " (speculative fills)" : "") << (o.no_prefetch ? " (no prefetch)" : "") << ", " << o.operations << " operations, seed "
            << o.seed << std::endl;
  config::PlatformConfig platform_config;
  try {
    platform_config = shrunk_platform(o);
  } catch (const std::exception& e) {
    std::cerr << "cohsim_random_coherence: " << e.what() << "\n";
    return 2;
  }
  const PlatformGraph graph = build_platform_graph(platform_config, config::blame_file(o.preset));
  std::unique_ptr<ElaboratedPlatform> platform = elaborate(platform_config, graph, kTicksPerNs * 1000);
  // sync-full on cached buffers is what the tester predicts: an exporter
  // that cannot carry it out there, or maps write-combined, is a usage error.
  std::string refusal = o.mixed_exporters ? "" : exporter_refusal_here(o.exporter, *platform);
  // Its predictions take a device's reads and writes to snoop alike.
  for (const auto& [name, d] : platform->devices)
    if (d->snoops_reads() != d->coherent()) refusal = "device " + name + " is io-reads; the tester predicts none, io and full ports only";
  if (!refusal.empty()) {
    std::cerr << "cohsim_random_coherence: " << o.preset << ": " << refusal << "\n";
    return 2;
  }
  Tester tester("tester", *platform, o);
  const auto start = std::chrono::steady_clock::now();
  sc_core::sc_start();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << tester.coverage_report();
  if (!tester.passed()) {
    std::cout << "FAILED (reproduce with --preset " << o.preset << (o.invalidate_discards ? " --invalidate-discards" : "")
              << (o.speculative_fills ? " --speculative-fills" : "") << (o.no_prefetch ? " --no-prefetch" : "") << " --exporter "
              << config::enum_name(o.exporter) << " --seed " << o.seed << " --operations " << o.operations << "):\n"
              << tester.failure();
    return 1;
  }
  const std::vector<std::string> gaps = tester.coverage_gaps();
  if (!gaps.empty()) {
    std::cout << "FAILED: the run did not exercise everything it should:\n";
    for (const std::string& g : gaps) std::cout << "  " << g << "\n";
    return 1;
  }
  std::printf("passed: %llu operations in %.1f s of wall time\n", static_cast<unsigned long long>(tester.operations_done()), seconds);
  return 0;
}
