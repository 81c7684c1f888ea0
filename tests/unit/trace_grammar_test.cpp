// The trace grammar table (sim/trace/trace_grammar.h) against what uses it:
// the reader takes every verb, the writer writes every verb back in a form
// the reader reads to the same operations, and docs/trace-format.md has a
// row for every verb.
#include "sim/trace/trace_grammar.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "sim/trace/text_trace_reader.h"
#include "sim/trace/text_trace_writer.h"
#include "sim/util/input_error.h"
#include "support/test_support.h"

namespace cohsim {
namespace {

// One line of every verb, each with its optional parts.
constexpr const char* kEveryVerb =
    "r 0x1000 64 load=streaming width=32\n"
    "w 0x1000 16\n"
    "clean 0x2000 4096\n"
    "inval 0x2000 4096\n"
    "flush 0x2000 4096\n"
    "barrier\n"
    "map 0x10000 8192 wc\n"
    "dev gpu w 0x10000 8192\n"
    "compute 100\n"
    "buffer fb 64x32 XRGB8888 stride=512\n"
    "buffer tiled 256x64 ARGB8888 modifier=I915_FORMAT_MOD_Y_TILED\n"
    "import fb display\n"
    "mmap fb\n"
    "sync fb start rw 0,0,8,8 8,8,16,16\n"
    "cpu w fb 0,0,8,8\n"
    "cpu r fb @64+128 load=streaming\n"
    "sync fb end write\n"
    "dma gpu r fb 0,0,64,32\n"
    "fence signal gpu 7\n"
    "fence wait cpu 7\n"
    "present display fb\n"
    "damage fb 1,2,3,4\n"
    "frame at=16666666.5\n"
    "frame\n"
    "close fb\n";

// Reads `text` and writes it back through TextTraceWriter.
std::string rewrite(test::ScratchDir& dir, const std::string& name, const std::string& text) {
  TextTraceReader reader(dir.write(name, text));
  std::ostringstream out;
  TextTraceWriter writer(out);
  TraceOp op;
  while (reader.next(op)) writer.write(op, reader);
  return out.str();
}

TEST(TraceGrammar, TheWriterWritesEveryVerbAsTheReaderReadsIt) {
  test::ScratchDir dir;
  const std::string once = rewrite(dir, "a.trace", kEveryVerb);
  EXPECT_EQ(rewrite(dir, "b.trace", once), once);  // a fixed point: nothing lost or changed
  std::set<std::string> written;
  std::istringstream lines(once);
  for (std::string line; std::getline(lines, line);) written.insert(line.substr(0, line.find(' ')));
  for (const TraceVerbForm& v : trace_verbs()) EXPECT_TRUE(written.count(std::string(v.word))) << v.word << " is not written back:\n" << once;
  // The optional parts survive too.
  for (const char* part : {"load=streaming", "width=32", "stride=512", "modifier=I915_FORMAT_MOD_Y_TILED", "@64+128", "at=16666666.5", "8,8,16,16"}) {
    EXPECT_NE(once.find(part), std::string::npos) << part << " is lost:\n" << once;
  }
}

TEST(TraceGrammar, EveryVerbHasARowInTheFormatDoc) {
  std::ifstream doc(test::source_dir() + "/docs/trace-format.md");
  ASSERT_TRUE(doc) << "docs/trace-format.md";
  std::set<std::string> rows;
  for (std::string line; std::getline(doc, line);) {
    if (line.starts_with("| `")) rows.insert(line.substr(3, line.find_first_of(" `", 3) - 3));
  }
  for (const TraceVerbForm& v : trace_verbs()) EXPECT_TRUE(rows.count(std::string(v.word))) << "docs/trace-format.md has no row for `" << v.word << "`";
}

TEST(TraceGrammar, TheUnknownVerbMessageListsTheTable) {
  test::ScratchDir dir;
  TextTraceReader reader(dir.write("t.trace", "frobnicate 1\n"));
  TraceOp op;
  try {
    reader.next(op);
    FAIL() << "an unknown verb was read";
  } catch (const InputError& e) {
    for (const TraceVerbForm& v : trace_verbs()) EXPECT_NE(e.message().find(std::string(v.word)), std::string::npos) << v.word;
  }
}

TEST(TraceGrammar, EachFormStartsWithItsVerbAndAllowsItsOwnMinimum) {
  for (const TraceVerbForm& v : trace_verbs()) {
    EXPECT_TRUE(v.usage.starts_with(v.word)) << v.usage;
    EXPECT_LE(v.min_tokens, v.max_tokens) << v.word;
    EXPECT_FALSE(v.meaning.empty()) << v.word;
    EXPECT_EQ(find_trace_verb(v.word), &v);
  }
  EXPECT_EQ(find_trace_verb("frobnicate"), nullptr);
}

}  // namespace
}  // namespace cohsim
