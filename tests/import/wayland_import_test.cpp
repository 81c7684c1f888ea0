// `cohsim import wayland` on logs that real Wayland clients wrote (weston's
// headless backend, tests/import/fixtures/README.md), on weston's own proto
// debug stream of several clients, on a constructed dma-buf log and on a
// damaged one. The test reads each log itself to know what the trace must
// hold, and replays the traces on the presets.
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "sim/import/wayland_importer.h"
#include "sim/util/input_error.h"
#include "support/test_support.h"

namespace cohsim::test {
namespace {

std::string fixture(const std::string& name) { return source_dir() + "/tests/import/fixtures/" + name; }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

std::size_t count_matching(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  std::size_t n = 0;
  for (const auto& l : lines_of(text))
    if (std::regex_search(l, re)) ++n;
  return n;
}

std::string import(const std::string& log, const ScratchDir& dir, const std::string& name = "t.trace") {
  const CliResult r = run_cli("import wayland '" + log + "' -o '" + dir.path() + "/" + name + "'");
  EXPECT_EQ(r.status, 0) << r.err;
  return read_text_file(dir.path() + "/" + name);
}

// simple-shm: one commit per frame of a 250x250 XRGB8888 wl_shm buffer whose
// damage is (20, 20, 210, 210) in surface pixels at scale 1.
TEST(WaylandImport, ShmClientLogBecomesCpuWritesTheCompositorReads) {
  ScratchDir dir;
  const std::string log = read_text_file(fixture("simple-shm.client.log"));
  const std::string trace = import(fixture("simple-shm.client.log"), dir);
  const std::size_t commits = count_matching(log, R"(-> wl_surface@\d+\.commit\(\))");
  ASSERT_GT(commits, 20u);
  EXPECT_EQ(count_matching(trace, "^frame"), commits);
  EXPECT_EQ(count_matching(trace, R"(^buffer wl_buffer_\d+ 250x250 XRGB8888 stride=1000$)"), 2u);
  // Every commit with a buffer writes and reads its damage, in buffer pixels
  // (the first one also the whole-surface damage given before any buffer).
  const std::size_t damaged = count_matching(trace, R"(^cpu w wl_buffer_\d+ (0,0,250,250 )?20,20,230,230$)");
  EXPECT_EQ(damaged, count_matching(log, R"(-> wl_surface@\d+\.damage\(20, 20, 210, 210\))"));
  EXPECT_EQ(count_matching(trace, R"(^cpu w wl_buffer_\d+ 0,0,250,250 20,20,230,230$)"), 1u);
  EXPECT_EQ(count_matching(trace, R"(^dma gpu r wl_buffer_\d+ (0,0,250,250 )?20,20,230,230$)"), damaged);
  // Frame times: the log's time of each frame callback's done, from the first commit.
  std::uint64_t first_commit = 0;
  std::vector<std::uint64_t> done;
  const std::regex stamp(R"(^\[ *(\d+)\.(\d{3})\])");
  std::set<std::string> frame_callbacks;
  for (const auto& l : lines_of(log)) {
    std::smatch m;
    if (!std::regex_search(l, m, stamp)) continue;
    const std::uint64_t us = std::stoull(m[1]) * 1000 + std::stoull(m[2]);
    std::smatch cb;
    if (std::regex_search(l, cb, std::regex(R"(wl_surface@\d+\.frame\(new id wl_callback@(\d+)\))"))) frame_callbacks.insert(cb[1]);
    if (first_commit == 0 && l.find(".commit()") != std::string::npos) first_commit = us;
    if (std::regex_search(l, cb, std::regex(R"(^\[[ 0-9.]+\] wl_callback@(\d+)\.done)")) && frame_callbacks.count(cb[1])) {
      done.push_back(us);
      frame_callbacks.erase(cb[1]);
    }
  }
  std::vector<std::uint64_t> at;
  for (const auto& l : lines_of(trace))
    if (l.rfind("frame at=", 0) == 0) at.push_back(std::stoull(l.substr(9)));
  ASSERT_EQ(at.size(), done.size());
  for (std::size_t i = 0; i < at.size(); ++i) EXPECT_EQ(at[i], (done[i] - first_commit) * 1000) << i;
  // A buffer is written again only after the compositor's read of it (its release).
  EXPECT_GT(count_matching(trace, R"(^fence wait cpu \d+$)"), 20u);
}

TEST(WaylandImport, DamageBufferIsInBufferPixelsAndSurfaceDamageIsScaled) {
  ScratchDir dir;
  // damage_buffer(256, 247, 41, 41) with buffer scale 2: taken as it is.
  const std::string scaled = import(fixture("simple-damage-buffer-scale2.client.log"), dir);
  EXPECT_GT(count_matching(scaled, R"(^cpu w wl_buffer_\d+ .*256,247,297,288)"), 0u);
  EXPECT_EQ(count_matching(scaled, R"(^buffer wl_buffer_\d+ 600x400 ARGB8888 stride=2400$)"), 2u);
  // The constructed dma-buf log: damage(10, 10, 5, 5) at scale 2 is 20,20,30,30.
  const std::string dmabuf = import(fixture("dmabuf-constructed.client.log"), dir, "d.trace");
  EXPECT_EQ(count_matching(dmabuf, R"(^dma gpu w wl_buffer_4278190080 20,20,30,30$)"), 1u);
  EXPECT_EQ(count_matching(dmabuf, R"(^dma gpu w wl_buffer_7 0,0,16,8$)"), 1u);  // the scale stays
  // A dma-buf buffer: its modifier (0x0100000000000002: Y tiling), drawn by the GPU, no CPU access.
  EXPECT_EQ(count_matching(dmabuf, R"(^buffer wl_buffer_7 256x128 XRGB8888 stride=1024 modifier=I915_FORMAT_MOD_Y_TILED$)"), 1u);
  EXPECT_EQ(count_matching(dmabuf, R"(^buffer wl_buffer_4278190080 256x128 XRGB8888 stride=1024$)"), 1u);  // create + created
  EXPECT_EQ(count_matching(dmabuf, "^(cpu|sync|mmap) "), 0u);
  EXPECT_EQ(count_matching(dmabuf, "^frame at="), 3u);
}

TEST(WaylandImport, DamagedLogsAreSkippedAndCountedNeverFatal) {
  ScratchDir dir;
  const CliResult r = run_cli("import wayland '" + fixture("damaged.client.log") + "' -o '" + dir.path() + "/t.trace'");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("2 x not a protocol line"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("2 x malformed or truncated protocol line"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 x malformed arguments of wl_surface.damage"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("acme_frobnicator_v2"), std::string::npos) << r.out;
  const std::string trace = read_text_file(dir.path() + "/t.trace");
  EXPECT_EQ(count_matching(trace, "^cpu w wl_buffer_7 10,20,40,60$"), 1u);
  // Compositor logs with helper clients and logs mixed with other output import too.
  for (const char* log :
       {"simple-shm.server.log", "weston-startup.debug1.mixed.log", "simple-damage-verbose.mixed.log", "three-clients.weston-log-scopes.log"}) {
    const CliResult mixed = run_cli("import wayland '" + fixture(log) + "' -o '" + dir.path() + "/m.trace'");
    EXPECT_EQ(mixed.status, 0) << log << mixed.err;
    EXPECT_NE(mixed.out.find("not a protocol line"), std::string::npos) << log << mixed.out;
  }
  EXPECT_EQ(run_cli("import wayland '" + dir.path() + "/missing.log' -o '" + dir.path() + "/x.trace'").status, 2);
}

// A line of weston's proto stream: its client, its time of day in
// microseconds (the fixtures do not cross midnight) and the message.
struct WestonLine {
  std::string client;
  std::uint64_t us = 0;
  std::string message;
};
std::optional<WestonLine> weston_line(const std::string& l) {
  static const std::regex re(R"(^\[\d{4}-\d\d-\d\d (\d\d):(\d\d):(\d\d)\.(\d{3})\]\[proto\] client (0x[0-9a-f]+) (?:rq|ev) (.*)$)");
  std::smatch m;
  if (!std::regex_match(l, m, re)) return std::nullopt;
  const std::uint64_t ms = ((std::stoull(m[1]) * 60 + std::stoull(m[2])) * 60 + std::stoull(m[3])) * 1000 + std::stoull(m[4]);
  return WestonLine{m[5], ms * 1000, m[6]};
}

// The trace lines that match `pattern`, each as its first group.
std::vector<std::string> captured(const std::string& text, const std::string& pattern) {
  const std::regex re(pattern);
  std::vector<std::string> out;
  for (const auto& l : lines_of(text)) {
    std::smatch m;
    if (std::regex_match(l, m, re)) out.push_back(m[1]);
  }
  return out;
}

// weston-debug's proto stream of three clients at once (simple-damage,
// simple-damage --use-damage-buffer --scale=2, simple-shm) and weston-debug
// itself. Each client's surface is wl_surface@3 and both simple-damage
// clients have a wl_buffer@11 and @13, of 300x200 and of 600x400: each
// client's buffers must be its own, written and read on its own damage, each
// frame timed by its own client's callback.
TEST(WaylandImport, WestonProtoStreamOfThreeClientsGivesEachClientItsOwnBuffers) {
  ScratchDir dir;
  const std::string name = "three-clients.weston-debug-proto.log";
  const std::string log = read_text_file(fixture(name));
  const CliResult r = run_cli("import wayland '" + fixture(name) + "' -o '" + dir.path() + "/t.trace'");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string trace = read_text_file(dir.path() + "/t.trace");

  // What the trace must hold, read from the log client by client: the
  // damage of each commit in buffer pixels, clipped to the buffer.
  struct Client {
    std::string label;
    std::uint64_t commits = 0;
    std::map<std::string, std::pair<std::int64_t, std::int64_t>> sizes;
    std::string attached, pending_attach;
    std::int64_t scale = 1, pending_scale = 0;
    std::vector<std::array<std::int64_t, 4>> surface_damage, buffer_damage;
    std::string pending_callback;
    std::map<std::string, std::size_t> commit_of_callback;
    std::vector<std::string> writes;
  };
  std::map<std::string, Client> clients;
  std::vector<std::optional<std::uint64_t>> done_us;  // per commit, in commit order
  std::optional<std::uint64_t> first_commit_us;
  const std::regex create_buffer(R"(^wl_shm_pool@\d+\.create_buffer\(new id wl_buffer@(\d+), \d+, (\d+), (\d+), \d+, \d+\)$)");
  const std::regex attach(R"(^wl_surface@3\.attach\(wl_buffer@(\d+), 0, 0\)$)");
  const std::regex damage(R"(^wl_surface@3\.(damage|damage_buffer)\((\d+), (\d+), (\d+), (\d+)\)$)");
  const std::regex scale(R"(^wl_surface@3\.set_buffer_scale\((\d+)\)$)");
  const std::regex frame(R"(^wl_surface@3\.frame\(new id wl_callback@(\d+)\)$)");
  const std::regex done(R"(^wl_callback@(\d+)\.done\(\d+\)$)");
  for (const auto& l : lines_of(log)) {
    const auto w = weston_line(l);
    ASSERT_TRUE(w) << l;  // a stream of protocol lines only
    Client& c = clients[w->client];
    if (c.label.empty()) c.label = "client" + std::to_string(clients.size());
    std::smatch m;
    if (std::regex_match(w->message, m, create_buffer)) {
      c.sizes[m[1]] = {std::stoll(m[2]), std::stoll(m[3])};
    } else if (std::regex_match(w->message, m, attach)) {
      c.pending_attach = m[1];
    } else if (std::regex_match(w->message, m, damage)) {
      const std::int64_t x = std::stoll(m[2]), y = std::stoll(m[3]);
      (m[1] == "damage" ? c.surface_damage : c.buffer_damage).push_back({x, y, x + std::stoll(m[4]), y + std::stoll(m[5])});
    } else if (std::regex_match(w->message, m, scale)) {
      c.pending_scale = std::stoll(m[1]);
    } else if (std::regex_match(w->message, m, frame)) {
      c.pending_callback = m[1];
    } else if (w->message == "wl_surface@3.commit()") {
      ++c.commits;
      if (!first_commit_us) first_commit_us = w->us;
      if (!c.pending_attach.empty()) c.attached = std::exchange(c.pending_attach, "");
      if (c.pending_scale != 0) c.scale = std::exchange(c.pending_scale, 0);
      if (!c.pending_callback.empty()) c.commit_of_callback[std::exchange(c.pending_callback, "")] = done_us.size();
      done_us.emplace_back();
      if (!c.attached.empty()) {
        // Copies, not a structured binding: lambdas capture bindings only from C++20 on in clang 16.
        const std::int64_t width = c.sizes.at(c.attached).first, height = c.sizes.at(c.attached).second;
        std::string rects;
        auto add = [&](const std::array<std::int64_t, 4>& d, std::int64_t k) {
          const std::int64_t x2 = std::min(d[2] * k, width), y2 = std::min(d[3] * k, height);
          rects += (rects.empty() ? "" : " ") + std::to_string(d[0] * k) + "," + std::to_string(d[1] * k) + "," + std::to_string(x2) + "," + std::to_string(y2);
        };
        for (const auto& d : c.surface_damage) add(d, c.scale);
        for (const auto& d : c.buffer_damage) add(d, 1);
        if (!rects.empty()) c.writes.push_back(c.label + "_wl_buffer_" + c.attached + " " + rects);
      }
      c.surface_damage.clear();
      c.buffer_damage.clear();
    } else if (std::regex_match(w->message, m, done) && c.commit_of_callback.count(m[1])) {
      done_us[c.commit_of_callback[m[1]]] = w->us;
      c.commit_of_callback.erase(m[1]);
    }
  }
  ASSERT_EQ(clients.size(), 4u);  // weston-debug itself is one, with no surface
  std::size_t all_commits = 0;
  for (const auto& [address, c] : clients) {
    SCOPED_TRACE(c.label + " " + address);
    all_commits += c.commits;
    EXPECT_EQ(count_matching(trace, "^# commit \\d+: " + c.label + " wl_surface@3$"), c.commits);
    EXPECT_EQ(captured(trace, "^cpu w (" + c.label + "_.*)$"), c.writes);
    EXPECT_EQ(captured(trace, "^dma gpu r (" + c.label + "_.*)$"), c.writes);
    EXPECT_NE(r.out.find(c.label + " = client " + address + ": " + std::to_string(c.commits) + " commit"), std::string::npos) << r.out;
    if (c.commits > 0) {
      EXPECT_GE(c.writes.size(), 8u);  // 8 frames of each client were kept
    }
  }
  // The clients' buffers, each under its own client's name: client2 is
  // simple-damage, client3 simple-shm, client4 simple-damage at scale 2.
  EXPECT_EQ(count_matching(trace, "^buffer "), 6u);
  for (const char* buffer : {"client2_wl_buffer_11 300x200 ARGB8888 stride=1200", "client2_wl_buffer_13 300x200 ARGB8888 stride=1200",
                             "client3_wl_buffer_10 250x250 XRGB8888 stride=1000", "client3_wl_buffer_12 250x250 XRGB8888 stride=1000",
                             "client4_wl_buffer_11 600x400 ARGB8888 stride=2400", "client4_wl_buffer_13 600x400 ARGB8888 stride=2400"})
    EXPECT_EQ(count_matching(trace, std::string("^buffer ") + buffer + "$"), 1u) << buffer;
  // One frame per commit, of every client, in commit order; each timed by
  // the done of its own client's callback (both simple-damage clients call theirs wl_callback@12).
  std::vector<std::string> expected_frames;
  expected_frames.reserve(done_us.size());
  for (const auto& d : done_us) expected_frames.push_back(d ? "frame at=" + std::to_string((*d - *first_commit_us) * 1000) : "frame");
  EXPECT_EQ(all_commits, done_us.size());
  std::vector<std::string> frames;
  for (const auto& l : lines_of(trace))
    if (l.rfind("frame", 0) == 0) frames.push_back(l);
  EXPECT_EQ(frames, expected_frames);
}

// Two clients of one compositor, constructed in weston's proto format (a
// real stream has no such tight interleaving to show it): the same surface,
// buffer and callback ids, pending state given in turns. Each commit takes
// only its own client's attach, damage and scale, and each frame its own
// client's done. Then the real start-up of weston's helper clients, where
// id 15 is weston-keyboard's wl_region and input panel surface and
// weston-desktop-shell's panel wl_surface at the same time.
TEST(WaylandImport, RepeatedObjectIdsOfDifferentClientsStayApart) {
  ScratchDir dir;
  const std::string a = "[2026-11-25 09:53:28.500][proto] client 0x556b3615f4e0 rq ";
  const std::string b = "[2026-11-25 09:53:28.500][proto] client 0x556b36160aa0 rq ";
  const std::string log =
      a + "wl_compositor@4.create_surface(new id wl_surface@3)\n" + b + "wl_compositor@4.create_surface(new id wl_surface@3)\n" + a +
      "wl_shm@5.create_pool(new id wl_shm_pool@9, fd 20, 40000)\n" + a + "wl_shm_pool@9.create_buffer(new id wl_buffer@10, 0, 100, 100, 400, 1)\n" + b +
      "wl_shm@5.create_pool(new id wl_shm_pool@9, fd 21, 80000)\n" + b + "wl_shm_pool@9.create_buffer(new id wl_buffer@10, 0, 200, 100, 800, 0)\n" + a +
      "wl_surface@3.attach(wl_buffer@10, 0, 0)\n" + a + "wl_surface@3.damage(0, 0, 10, 10)\n" + b + "wl_surface@3.attach(wl_buffer@10, 0, 0)\n" + b +
      "wl_surface@3.damage(50, 5, 100, 1)\n" + a + "wl_surface@3.frame(new id wl_callback@12)\n" + b + "wl_surface@3.frame(new id wl_callback@12)\n" + a +
      "wl_surface@3.commit()\n" + b + "wl_surface@3.set_buffer_scale(2)\n" + b + "wl_surface@3.commit()\n" +
      "[2026-11-25 09:53:28.516][proto] client 0x556b36160aa0 ev wl_callback@12.done(100)\n"
      "[2026-11-25 09:53:28.533][proto] client 0x556b3615f4e0 ev wl_callback@12.done(101)\n";
  const std::string trace = import(dir.write("two.log", log), dir);
  EXPECT_EQ(count_matching(trace, "^buffer client1_wl_buffer_10 100x100 XRGB8888 stride=400$"), 1u) << trace;
  EXPECT_EQ(count_matching(trace, "^buffer client2_wl_buffer_10 200x100 ARGB8888 stride=800$"), 1u) << trace;
  EXPECT_EQ(captured(trace, "^cpu w (.*)$"), (std::vector<std::string>{"client1_wl_buffer_10 0,0,10,10", "client2_wl_buffer_10 100,10,200,12"}));
  // Commit 0 is client1's, done 33 ms after it; commit 1 client2's, done after 16 ms.
  EXPECT_EQ(captured(trace, "^(frame.*)$"), (std::vector<std::string>{"frame at=33000000", "frame at=16000000"}));
  EXPECT_EQ(captured(trace, "^# commit (.*)$"), (std::vector<std::string>{"0: client1 wl_surface@3", "1: client2 wl_surface@3"}));

  // weston's log with the proto scope (--logger-scopes=log,proto): the
  // helper clients from start-up, then three clients at once.
  const std::string scoped = import(fixture("three-clients.weston-log-scopes.log"), dir, "s.trace");
  EXPECT_EQ(count_matching(scoped, "^buffer client1_wl_buffer_17 720x200 ARGB8888 stride=2880$"), 1u);  // weston-keyboard
  EXPECT_EQ(count_matching(scoped, "^buffer client2_wl_buffer_20 640x32 ARGB8888 stride=2560$"), 1u);   // the panel
  EXPECT_EQ(count_matching(scoped, "^buffer client2_wl_buffer_24 640x480 ARGB8888 stride=2560$"), 1u);  // the background
  EXPECT_EQ(count_matching(scoped, "^# commit \\d+: client2 wl_surface@15$"), 1u);
  EXPECT_EQ(count_matching(scoped, "^cpu w client2_wl_buffer_20 0,0,640,32$"), 1u);
  EXPECT_EQ(count_matching(scoped, "^buffer "), 3u + 3 * 2u);  // the helpers', then two of each client
  const CliResult r = run_cli("import wayland '" + fixture("three-clients.weston-log-scopes.log") + "' -o '" + dir.path() + "/s.trace'");
  EXPECT_NE(r.out.find("x not a protocol line"), std::string::npos) << r.out;  // weston's own log lines
  EXPECT_NE(r.out.find("clients in weston's proto stream, each with its own object ids: 5"), std::string::npos) << r.out;
}

// weston with WAYLAND_DEBUG=server and the proto scope on one stderr prints
// each message twice; libwayland's copy names no client, so only weston's is read.
TEST(WaylandImport, LibwaylandLinesBesideWestonsStreamAreNotReadTwice) {
  ScratchDir dir;
  const std::string name = "helper-clients.both-formats.log";
  const CliResult r = run_cli("import wayland '" + fixture(name) + "' -o '" + dir.path() + "/t.trace'");
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string trace = read_text_file(dir.path() + "/t.trace");
  EXPECT_EQ(count_matching(trace, "^buffer client[12]_wl_buffer_"), 3u) << trace;
  EXPECT_EQ(count_matching(trace, "^buffer "), 3u);
  const std::size_t libwayland_lines = count_matching(read_text_file(fixture(name)), R"(^\[ *\d+\.\d{3}\] )");
  ASSERT_GT(libwayland_lines, 100u);
  EXPECT_NE(r.out.find(std::to_string(libwayland_lines) + " x libwayland line beside weston's proto stream"), std::string::npos) << r.out;
}

// A log with no protocol message at all (here weston's own stderr, not its
// proto stream) would import as an empty trace: it is bad input instead.
TEST(WaylandImport, LogWithoutProtocolMessagesIsAnError) {
  ScratchDir dir;
  const std::string startup = fixture("weston-startup.no-protocol.log");
  const std::string empty = dir.write("empty.log", "");
  for (const std::string& log : {startup, empty}) {
    SCOPED_TRACE(log);
    const CliResult r = run_cli("import wayland '" + log + "' -o '" + dir.path() + "/t.trace'");
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find(log + ": no Wayland protocol message in the log"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(dir.path() + "/t.trace"));
  }
  const CliResult r = run_cli("import wayland '" + startup + "' -o '" + dir.path() + "/t.trace'");
  EXPECT_NE(r.err.find("(33 lines: 33 x not a protocol line)"), std::string::npos) << r.err;
  EXPECT_NE(run_cli("import wayland '" + empty + "' -o -").err.find("(it is empty)"), std::string::npos);
}

// A number too large for its field is bad input at its line and column
// (fuzzing found a 33-digit timestamp that ended in "internal error: stoull").
TEST(WaylandImport, NumberTooLargeIsAnInputErrorAtItsLineAndColumn) {
  ScratchDir dir;
  const std::string first = "[1000000.000]  -> wl_display@1.get_registry(new id wl_registry@2)\n";
  struct Case {
    std::string line, number, message;
  };
  const Case cases[] = {
      {R"([177777777777777777777777777234345.859] wl_registry@2.global(16, "weston_desktop_shell", 1))", "177777777777777777777777777234345",
       "the timestamp's milliseconds \"177777777777777777777777777234345\" is out of range (at most 4294967295)"},
      {"[1000000.010] wl_surface@99999999999.commit()", "99999999999", "an object id \"99999999999\" is out of range"},
      {"[1000000.020]  -> wl_surface@3.damage(0, 0, 4294967296, 5)", "4294967296", "a damage width \"4294967296\" is out of range (at most 2147483647)"},
      {"[1000000.030]  -> wl_shm_pool@9.create_buffer(new id wl_buffer@4294967296, 0, 1, 1, 4, 1)", "4294967296", "an object id \"4294967296\""},
      {"[2026-13-25 09:53:28.507][proto] client 0x556b3615f4e0 rq wl_surface@3.commit()", "2026-13-25", "is not a date and time (after 1970) of weston's log"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.line);
    const std::string place = "2:" + std::to_string(c.line.find(c.number) + 1);
    std::istringstream in(first + c.line + "\n");
    std::ostringstream out;
    try {
      import_wayland_log(in, out, WaylandImportParams{"x.log"});
      ADD_FAILURE() << "no InputError";
    } catch (const InputError& e) {
      EXPECT_EQ(e.file(), "x.log");
      EXPECT_EQ(e.place(), place);
      EXPECT_NE(e.message().find(c.message), std::string::npos) << e.message();
    }
    const std::string log = dir.write("big.log", first + c.line + "\n");
    const CliResult r = run_cli("import wayland '" + log + "' -o '" + dir.path() + "/t.trace'");
    EXPECT_EQ(r.status, 2) << r.err;
    EXPECT_NE(r.err.find(log + ":" + place + ": "), std::string::npos) << r.err;
  }
}

// Every imported trace replays on every preset, each commit a frame.
TEST(WaylandImport, ImportedTracesReplayOnEveryPreset) {
  ScratchDir dir;
  for (const char* log : {"simple-damage.client.log", "simple-shm.server.log", "three-clients.weston-debug-proto.log"}) {
    SCOPED_TRACE(log);
    const std::string trace = import(fixture(log), dir);
    const json scenario = {{"name", "wayland"},
                           {"platforms", {"x86-llc", "arm-soc", "virt-vmwgfx", "virt-virtio-gpu"}},
                           {"policies", {"sync-full", "none"}},
                           {"workload", {{"trace", dir.path() + "/t.trace"}}}};
    const json results = run_scenario_json(scenario);
    const std::size_t frames = count_matching(trace, "^frame");
    for (const json& run : results.at("runs")) {
      EXPECT_EQ(run.at("sharing").at("frames").at("value").get<std::size_t>(), frames) << run.at("label");
      // With the sync, nothing stale; the ideal run neither.
      if (run.at("policy") != "none") {
        EXPECT_EQ(run.at("coherency").at("stale_reads").at("value"), 0) << run.at("label");
      }
    }
  }
  // The dma-buf log (a Y-tiled buffer) on the native presets.
  import(fixture("dmabuf-constructed.client.log"), dir);
  const json results = run_scenario_json(
      {{"name", "wayland-dmabuf"}, {"platforms", {"x86-llc", "arm-soc"}}, {"policies", {"sync-full"}}, {"workload", {{"trace", dir.path() + "/t.trace"}}}});
  for (const json& run : results.at("runs")) EXPECT_EQ(run.at("sharing").at("frames").at("value"), 3) << run.at("label");
}

}  // namespace
}  // namespace cohsim::test
