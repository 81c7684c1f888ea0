// The results description (sim/results/results_reference.cpp) against what
// is committed and against itself. That every results file cohsim writes
// fits the schema is tests/cli/results_schema_test.sh.
#include "sim/results/results_reference.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "sim/config/json_source.h"
#include "support/test_support.h"

namespace cohsim {
namespace {

TEST(ResultsReference, CommittedSchemaAndReferenceMatchTheCode) {
  // Regenerate with `cohsim schema results > scenarios/schema/results.schema.json`
  // and `cohsim schema results-reference > docs/results-reference.md`.
  EXPECT_EQ(config::load_json_file(test::source_dir() + "/scenarios/schema/results.schema.json"), results_schema());
  std::ifstream in(test::source_dir() + "/docs/results-reference.md");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), results_reference_markdown());
}

TEST(ResultsReference, EveryStatisticHasOneNameAUnitAndAMeaning) {
  const auto docs = model_statistics();
  ASSERT_EQ(docs.size(), 9u);
  for (const auto& g : docs) {
    std::set<std::string> names;
    auto check = [&](const StatisticDoc& s) {
      EXPECT_TRUE(names.insert(s.name).second) << g.section << "/" << g.model << " names " << s.name << " twice";
      EXPECT_FALSE(s.unit.empty()) << s.name;
      EXPECT_FALSE(s.meaning.empty()) << s.name;
      EXPECT_EQ(s.is_time, s.unit == "cycles") << s.name;
    };
    for (const auto& s : g.always) check(s);
    for (const auto& part : g.optional)
      for (const auto& s : part.stats) check(s);
  }
}

TEST(ResultsReference, TheSchemaRequiresEveryStatisticAModelAlwaysWrites) {
  const nlohmann::json run = results_schema().at("properties").at("runs").at("items");
  const nlohmann::json memory = run.at("properties").at("memories").at("additionalProperties");
  EXPECT_EQ(memory.at("required"), nlohmann::json({"reads", "writes", "bytes_read", "bytes_written"}));
  EXPECT_FALSE(memory.at("additionalProperties").get<bool>());
  // A cache's prefetch statistics are allowed, not required.
  const nlohmann::json cache = run.at("properties").at("caches").at("additionalProperties");
  EXPECT_TRUE(cache.at("properties").contains("prefetch_useful"));
  for (const auto& name : cache.at("required")) EXPECT_NE(name, "prefetch_useful");
}

}  // namespace
}  // namespace cohsim
