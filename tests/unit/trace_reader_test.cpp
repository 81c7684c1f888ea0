// Trace readers: every operation of the documented formats, and malformed
// lines reported as FILE:LINE:COLUMN.
#include <gtest/gtest.h>

#include <sstream>

#include "sim/trace/din_trace_reader.h"
#include "sim/trace/open_trace.h"
#include "sim/trace/text_trace_reader.h"
#include "sim/trace/text_trace_writer.h"
#include "support/test_support.h"

namespace cohsim {
namespace {

std::vector<TraceOp> read_all(TraceSource& s) {
  std::vector<TraceOp> ops;
  TraceOp op;
  while (s.next(op)) ops.push_back(op);
  return ops;
}

// The operation's payload; a test fails (bad_variant_access) on another kind.
template <typename Kind>
const Kind& as(const TraceOp& op) {
  return std::get<Kind>(op.what);
}

// The load shape of a load or a CPU access (the plain shape for others).
LoadShape load_shape(const TraceOp& op) {
  if (const auto* l = std::get_if<trace::Load>(&op.what)) return l->shape;
  if (const auto* a = std::get_if<trace::CpuAccess>(&op.what)) return a->shape;
  return {};
}

std::string error_of(const std::string& text, config::TraceFormat format = config::TraceFormat::cohsim) {
  test::ScratchDir dir;
  const std::string path = dir.write("t.trace", text);
  try {
    auto source = open_trace(path, format);
    read_all(*source);
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), path);
    return e.place() + ": " + e.message();
  }
  return "";
}

TEST(TextTrace, ParsesEveryOperation) {
  test::ScratchDir dir;
  const std::string path = dir.write("t.trace",
                                     "# comment\n"
                                     "r 0x1000\n"
                                     "w 4096 64   # trailing comment\n"
                                     "\n"
                                     "clean 0x2000 4KiB\n"
                                     "inval 0x2000 4096\n"
                                     "flush 0x2000 1MiB\n"
                                     "barrier\n"
                                     "map 0x10000 8192 wc\n"
                                     "dev gpu w 0x10000 8192\n"
                                     "dev display r 0x10000 8192\n"
                                     "dev gpu r 0 64\n"
                                     "compute 500\n");
  TextTraceReader reader(path);
  const auto ops = read_all(reader);
  ASSERT_EQ(ops.size(), 11u);
  EXPECT_EQ(as<trace::Load>(ops[0]).address, 0x1000u);
  EXPECT_EQ(as<trace::Load>(ops[0]).bytes, 8u);
  EXPECT_EQ(as<trace::Store>(ops[1]).bytes, 64u);
  EXPECT_EQ(as<trace::Maintain>(ops[2]).kind, MemOpKind::clean);
  EXPECT_EQ(as<trace::Maintain>(ops[2]).bytes, 4096u);
  EXPECT_EQ(as<trace::Maintain>(ops[3]).kind, MemOpKind::invalidate);
  EXPECT_EQ(as<trace::Maintain>(ops[4]).kind, MemOpKind::clean_invalidate);
  EXPECT_EQ(as<trace::Maintain>(ops[4]).bytes, 1u << 20);
  EXPECT_TRUE(is<trace::Barrier>(ops[5]));
  EXPECT_EQ(as<trace::Map>(ops[6]).mapping, Mapping::wc);
  EXPECT_TRUE(as<trace::DeviceJob>(ops[7]).write);
  EXPECT_FALSE(as<trace::DeviceJob>(ops[8]).write);
  EXPECT_EQ(reader.device_names()[as<trace::DeviceJob>(ops[7]).device], "gpu");
  EXPECT_EQ(reader.device_names()[as<trace::DeviceJob>(ops[8]).device], "display");
  EXPECT_EQ(as<trace::DeviceJob>(ops[9]).device, as<trace::DeviceJob>(ops[7]).device);
  EXPECT_EQ(as<trace::Compute>(ops[10]).cycles, 500u);
  EXPECT_EQ(reader.location(), path + ":13");
}

TEST(TextTrace, MalformedLinesNameLineAndColumn) {
  EXPECT_EQ(error_of("r 0\nload 0x10\n"),
            "2:1: unknown operation \"load\"; expected r, w, clean, inval, flush, barrier, map, dev, compute, buffer, import, mmap, close, sync, cpu, dma, "
            "present, damage, fence or frame");
  EXPECT_EQ(error_of("w 0xZZ 8\n"), "1:3: expected an address (decimal or 0x hex), got \"0xZZ\"");
  EXPECT_EQ(error_of("clean 0x100\n"), "1:1: too few fields; expected: clean ADDRESS SIZE");
  EXPECT_EQ(error_of("barrier now\n"), "1:9: unexpected field \"now\"; expected: barrier");
  EXPECT_EQ(error_of("  w 0 0\n"), "1:7: the size must be at least 1 byte");
  EXPECT_EQ(error_of("map 0 4096 wt\n"), "1:12: expected a mapping type wb, wc or uc, got \"wt\"");
  EXPECT_EQ(error_of("dev gpu x 0 64\n"), "1:9: expected r or w, got \"x\"");
  EXPECT_EQ(error_of("r 0xffffffffffffffff 2\n"), "1:22: the range runs past the end of the 64-bit address space");
  EXPECT_EQ(error_of("r 0 2TiB\n"), "1:5: the size exceeds the 1 TiB limit of one operation");
  EXPECT_EQ(error_of("r 99999999999999999999\n"), "1:3: an address \"99999999999999999999\" does not fit in 64 bits");
}

TEST(TextTrace, LoadsCarryTheirKindAndWidth) {
  test::ScratchDir dir;
  const std::string path = dir.write("t.trace",
                                     "r 0x1000 4096\n"
                                     "r 0x1000 4096 load=streaming\n"
                                     "r 0x1000 4096 width=32 load=plain\n"
                                     "r 0x1000 load=streaming width=64\n"
                                     "buffer fb 64x32 XRGB8888\n"
                                     "cpu r fb 0,0,8,8 load=streaming width=16\n"
                                     "cpu r fb @0+64 width=4\n");
  TextTraceReader reader(path);
  const auto ops = read_all(reader);
  ASSERT_EQ(ops.size(), 7u);
  EXPECT_EQ(as<trace::Load>(ops[0]).shape, (LoadShape{LoadKind::plain, 16}));
  EXPECT_EQ(as<trace::Load>(ops[1]).shape, (LoadShape{LoadKind::streaming, 16}));
  EXPECT_EQ(as<trace::Load>(ops[2]).shape, (LoadShape{LoadKind::plain, 32}));
  EXPECT_EQ(as<trace::Load>(ops[3]).shape, (LoadShape{LoadKind::streaming, 64}));
  EXPECT_EQ(as<trace::Load>(ops[3]).bytes, 8u);
  EXPECT_EQ(as<trace::CpuAccess>(ops[5]).shape, (LoadShape{LoadKind::streaming, 16}));
  ASSERT_EQ(ops[5].rects.size(), 1u);
  EXPECT_TRUE(as<trace::CpuAccess>(ops[6]).byte_range.has_value());
  EXPECT_EQ(as<trace::CpuAccess>(ops[6]).shape.width, 4u);

  // A round trip through the writer gives the same operations.
  std::ostringstream out;
  TextTraceWriter writer(out);
  for (const TraceOp& op : ops) writer.write(op, reader);
  TextTraceReader again(dir.write("again.trace", out.str()));
  const auto ops_again = read_all(again);
  ASSERT_EQ(ops_again.size(), ops.size());
  for (std::size_t i = 0; i < ops.size(); ++i) EXPECT_EQ(load_shape(ops_again[i]), load_shape(ops[i])) << out.str();
}

TEST(TextTrace, BadLoadOptionsNameTheirPlace) {
  EXPECT_EQ(error_of("r 0 64 load=nt\n"), "1:8: expected load=plain or load=streaming, got \"load=nt\"");
  EXPECT_EQ(error_of("r 0 64 width=12\n"), "1:8: a load width is a power of two from 1 to 64 bytes, got 12");
  EXPECT_EQ(error_of("r 0 64 width=128\n"), "1:8: a load width is a power of two from 1 to 64 bytes, got 128");
  EXPECT_EQ(error_of("r 0 64 width=0x\n"), "1:14: expected a load width in bytes (decimal or 0x hex), got \"0x\"");
  EXPECT_EQ(error_of("r 0 64 width=8 width=8\n"), "1:16: width= is given twice");
  EXPECT_EQ(error_of("r 0 64 8\n"), "1:8: expected load=plain|streaming or width=BYTES, got \"8\"");
  EXPECT_EQ(error_of("buffer fb 64x32 XRGB8888\ncpu w fb load=streaming\n"), "2:10: load options describe a read (cpu r)");
}

TEST(TextTrace, MissingFileIsNamed) {
  try {
    TextTraceReader reader("/nonexistent/trace");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.file(), "/nonexistent/trace");
  }
}

TEST(DinTrace, ReadsLabelsLikeDineroIV) {
  test::ScratchDir dir;
  const std::string path = dir.write("t.din", "0 1000\n1 0x2003\n2 4000\n3 13\n4 2000\n5 2000\n");
  DinTraceReader reader(path, DinTraceReader::Variant::din);
  const auto ops = read_all(reader);
  ASSERT_EQ(ops.size(), 5u);  // the instruction fetch is skipped
  EXPECT_EQ(as<trace::Load>(ops[0]).address, 0x1000u);
  EXPECT_EQ(as<trace::Load>(ops[0]).bytes, 4u);
  EXPECT_EQ(as<trace::Store>(ops[1]).address, 0x2000u);  // rounded down to 4 bytes, as dineroIV does
  EXPECT_EQ(as<trace::Load>(ops[2]).address, 0x10u);     // misc counts as a read
  EXPECT_EQ(as<trace::Maintain>(ops[3]).kind, MemOpKind::clean);
  EXPECT_EQ(as<trace::Maintain>(ops[4]).kind, MemOpKind::invalidate);
  ASSERT_EQ(reader.skipped().size(), 1u);
  EXPECT_EQ(reader.skipped()[0].second, 1u);
}

TEST(DinTrace, ExtendedDinHasSizes) {
  test::ScratchDir dir;
  const std::string path = dir.write("t.xdin", "r 1000 40\nw 2000 8\ni 0 4\n");
  auto source = open_trace(path, config::TraceFormat::automatic);
  const auto ops = read_all(*source);
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(as<trace::Load>(ops[0]).bytes, 0x40u);
  EXPECT_TRUE(is<trace::Store>(ops[1]));
}

// DineroIV's c and v act on the one block holding the address, whatever the
// size, and its sizes are 16 bits: cohsim reads xdin the same way.
TEST(DinTrace, ExtendedDinMaintenanceActsOnOneBlockLikeDineroIV) {
  test::ScratchDir dir;
  const std::string path = dir.write("t.xdin", "c 1010 c0\nv 3f 2\nc 0 ffff\n");
  auto source = open_trace(path, config::TraceFormat::automatic);
  const auto ops = read_all(*source);
  ASSERT_EQ(ops.size(), 3u);
  EXPECT_EQ(as<trace::Maintain>(ops[0]).kind, MemOpKind::clean);
  EXPECT_EQ(as<trace::Maintain>(ops[0]).address, 0x1010u);
  EXPECT_EQ(as<trace::Maintain>(ops[0]).bytes, 1u);  // the block 0x1000-0x103f only, not 0x1010-0x10cf
  EXPECT_EQ(as<trace::Maintain>(ops[1]).kind, MemOpKind::invalidate);
  EXPECT_EQ(as<trace::Maintain>(ops[1]).bytes, 1u);  // block 0x0, not 0x0 and 0x40
  EXPECT_EQ(as<trace::Maintain>(ops[2]).bytes, 1u);
  EXPECT_EQ(error_of("r 0 10000\n", config::TraceFormat::xdin),
            "1:5: the size exceeds 0xffff, the largest DineroIV reads (its sizes are 16 bits); split the access");
}

TEST(DinTrace, MalformedLinesNameLineAndColumn) {
  EXPECT_EQ(error_of("0 10\n7 20\n", config::TraceFormat::din),
            "2:1: expected a din label 0 (read), 1 (write), 2 (instruction fetch), 3 (misc), 4 (copy-back) or 5 (invalidate), got \"7\"");
  EXPECT_EQ(error_of("0 1g\n", config::TraceFormat::din), "1:3: expected an address in hexadecimal, got \"1g\"");
  EXPECT_EQ(error_of("0\n", config::TraceFormat::din), "1:1: too few fields; expected: LABEL ADDRESS (label 0-5, address in hex)");
  EXPECT_EQ(error_of("0 10000000000000000\n", config::TraceFormat::din), "1:3: an address \"10000000000000000\" does not fit in 64 bits");
  EXPECT_EQ(error_of("c 0 0\n", config::TraceFormat::xdin), "1:5: a size of 0 (the whole cache) is not supported: cohsim maintains caches by address range");
}

}  // namespace
}  // namespace cohsim

namespace cohsim {
namespace {

TEST(SharingTrace, ParsesEveryBufferOperation) {
  test::ScratchDir dir;
  const std::string path = dir.write("s.trace",
                                     "buffer fb 64x32 XRGB8888 stride=512\n"
                                     "import fb display\n"
                                     "mmap fb\n"
                                     "sync fb start write 0,0,8,8 8,8,16,16\n"
                                     "cpu w fb 0,0,8,8\n"
                                     "cpu r fb @128+256\n"
                                     "sync fb end rw\n"
                                     "damage fb\n"
                                     "dma display r fb\n"
                                     "fence signal display 7\n"
                                     "fence wait cpu 7\n"
                                     "frame at=16666666.5\n");
  TextTraceReader reader(path);
  const auto ops = read_all(reader);
  ASSERT_EQ(ops.size(), 12u);
  EXPECT_EQ(as<trace::BufferAlloc>(ops[0]).desc.width, 64u);
  EXPECT_EQ(as<trace::BufferAlloc>(ops[0]).desc.stride, 512u);
  EXPECT_EQ(reader.buffer_names()[as<trace::BufferAlloc>(ops[0]).buffer], "fb");
  EXPECT_EQ(reader.device_names()[as<trace::Import>(ops[1]).device], "display");
  EXPECT_TRUE(is<trace::Mmap>(ops[2]));
  EXPECT_TRUE(as<trace::Sync>(ops[3]).start);
  EXPECT_EQ(as<trace::Sync>(ops[3]).access, Access::write);
  ASSERT_EQ(ops[3].rects.size(), 2u);
  EXPECT_EQ(ops[3].rects[1], (Rect{8, 8, 16, 16}));
  EXPECT_EQ(as<trace::CpuAccess>(ops[4]).access, Access::write);
  ASSERT_TRUE(as<trace::CpuAccess>(ops[5]).byte_range.has_value());
  EXPECT_EQ(as<trace::CpuAccess>(ops[5]).byte_range->offset, 128u);
  EXPECT_EQ(as<trace::CpuAccess>(ops[5]).byte_range->length, 256u);
  EXPECT_TRUE(ops[5].rects.empty());
  EXPECT_EQ(as<trace::Sync>(ops[6]).access, Access::rw);
  EXPECT_TRUE(is<trace::Damage>(ops[7]));
  EXPECT_TRUE(ops[7].rects.empty());
  EXPECT_EQ(as<trace::DmaAccess>(ops[8]).access, Access::read);
  EXPECT_TRUE(as<trace::Fence>(ops[9]).signal);
  EXPECT_FALSE(as<trace::Fence>(ops[10]).signal);
  EXPECT_EQ(as<trace::Fence>(ops[10]).agent, kCpuAgent);
  EXPECT_EQ(as<trace::Fence>(ops[10]).id, 7u);
  EXPECT_DOUBLE_EQ(as<trace::Frame>(ops[11]).at_ns, 16666666.5);
}

// A buffer line may name its exporter; without one the scenario's applies.
TEST(SharingTrace, ABufferNamesItsExporterAndTheWriterKeepsIt) {
  test::ScratchDir dir;
  const std::string text = "buffer cam 64x32 YUYV exporter=cma-heap\nbuffer fb 64x32 XRGB8888\n";
  TextTraceReader reader(dir.write("s.trace", text));
  const auto ops = read_all(reader);
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(as<trace::BufferAlloc>(ops[0]).desc.exporter, ExporterKind::cma_heap);
  EXPECT_FALSE(as<trace::BufferAlloc>(ops[1]).desc.exporter.has_value());
  std::ostringstream out;
  TextTraceWriter writer(out);
  for (const TraceOp& op : ops) writer.write(op, reader);
  EXPECT_EQ(out.str(), text);
}

TEST(SharingTrace, MalformedLinesNameLineAndColumn) {
  const std::string head = "buffer fb 64x32 XRGB8888\n";
  EXPECT_EQ(error_of("buffer fb 64 XRGB8888\n"), "1:11: expected WIDTHxHEIGHT in pixels, each 1 to 65536, got \"64\"");
  EXPECT_EQ(error_of("buffer fb 64x32 RGB888\n"), "1:17: unknown pixel format \"RGB888\"; known: XRGB8888, ARGB8888, XBGR8888, ABGR8888, RGB565, YUYV, R8");
  EXPECT_EQ(error_of("buffer fb 64x32 XRGB8888 stride=100\n"), "1:26: the stride must hold a row (at least 256 bytes) and be at most 1 GiB");
  EXPECT_EQ(error_of("buffer fb 64x32 XRGB8888 modifier=x_tiled\n"),
            "1:26: unknown layout modifier \"x_tiled\"; known: linear, I915_FORMAT_MOD_X_TILED, I915_FORMAT_MOD_Y_TILED, I915_FORMAT_MOD_4_TILED, "
            "DRM_FORMAT_MOD_ARM_AFBC_16x16");
  EXPECT_EQ(error_of("buffer fb 64x32 XRGB8888 exporter=ion\n"),
            "1:26: unknown exporter \"ion\"; known: vgem, udmabuf, system-heap, cma-heap, system-uncached-heap, android-partial, panfrost, "
            "panfrost-import, i915, amdgpu-vram");
  EXPECT_EQ(error_of("buffer fb 64x32 XRGB8888 heap=cma\n"), "1:26: expected stride=BYTES, modifier=NAME or exporter=KIND, got \"heap=cma\"");
  // AFBC pads to whole superblocks, as allocators do: not an error.
  EXPECT_EQ(error_of("buffer fb 60x30 XRGB8888 modifier=DRM_FORMAT_MOD_ARM_AFBC_16x16\n"), "");
  // Numbers too large for their field are bad input at their place, never an internal error.
  EXPECT_EQ(error_of("buffer fb 99999999999999999999x2 R8\n"), "1:11: expected WIDTHxHEIGHT in pixels, each 1 to 65536, got \"99999999999999999999x2\"");
  EXPECT_EQ(error_of(head + "cpu w fb 0,0,4294967296,8\n"), "2:10: expected a rectangle x1,y1,x2,y2 (pixels, x2 and y2 exclusive), got \"0,0,4294967296,8\"");
  EXPECT_EQ(error_of("frame at=1e999\n"), "1:7: expected a time in ns between 0 and 5 hours, got \"1e999\"");
  EXPECT_EQ(error_of(head + "buffer fb 8x8 R8\n"), "2:8: a buffer named \"fb\" already exists");
  EXPECT_EQ(error_of(head + "cpu w fb2\n"), "2:7: no buffer named \"fb2\" has been allocated (a `buffer` line comes first)");
  EXPECT_EQ(error_of(head + "cpu w fb 0,0,65,8\n"), "2:10: the rectangle 0,0,65,8 reaches outside the 64x32 buffer");
  EXPECT_EQ(error_of(head + "cpu w fb 4,4,4,8\n"), "2:10: the rectangle 4,4,4,8 is empty (need x1 < x2 and y1 < y2)");
  EXPECT_EQ(error_of(head + "cpu w fb 1,2,3\n"), "2:10: expected a rectangle x1,y1,x2,y2 (pixels, x2 and y2 exclusive), got \"1,2,3\"");
  EXPECT_EQ(error_of(head + "sync fb begin write\n"), "2:9: expected start or end, got \"begin\"");
  EXPECT_EQ(error_of(head + "sync fb start wrote\n"), "2:15: expected read, write or rw, got \"wrote\"");
  EXPECT_EQ(error_of(head + "cpu r fb @8192+8\n"), "2:10: the byte range must be non-empty and inside the buffer's 8192 bytes");
  EXPECT_EQ(error_of("fence wait cpu 3\n"), "1:16: the cpu waits for fence 3 before any line signals it (it would wait forever)");
  EXPECT_EQ(error_of("fence signal gpu 3\nfence signal gpu 3\n"), "2:18: fence 3 is signalled twice");
  EXPECT_EQ(error_of("frame at=-5\n"), "1:7: expected a time in ns between 0 and 5 hours, got \"-5\"");
}

}  // namespace
}  // namespace cohsim
