// schemas/index.md and indexer/schema.h describe one table: keep them in step.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "indexer/schema.h"
#include "test_support.h"

namespace byline {
namespace {

TEST(SchemaDocTest, EveryTermFieldIsDocumentedWithItsPrefix) {
  const std::string doc = testing::read_file(testing::source_dir() / "schemas/index.md");
  ASSERT_FALSE(doc.empty());
  for (const auto& f : schema::kTermFields) {
    const std::string row = "| `" + std::string(f.name) + ":` | `" + std::string(f.prefix) +
                            "` | " + (f.boolean ? "boolean" : "free text") + " |";
    EXPECT_NE(doc.find(row), std::string::npos) << "missing row: " << row;
  }
  EXPECT_NE(doc.find("Schema version: **" + std::to_string(schema::kSchemaVersion) + "**"),
            std::string::npos);
  for (auto key : {schema::kMetaSchemaVersion, schema::kMetaStemmer, schema::kMetaFeatures,
                   schema::kMetaFeedPrefix})
    EXPECT_NE(doc.find("`" + std::string(key)), std::string::npos) << key;
}

TEST(SchemaDocTest, InternalPrefixesAreDocumented) {
  const std::string doc = testing::read_file(testing::source_dir() / "schemas/index.md");
  for (const auto& p : schema::kInternalPrefixes) {
    const std::string row = "| `" + std::string(p.prefix) + "` |";
    EXPECT_NE(doc.find(row), std::string::npos) << "missing row: " << row;
  }
}

TEST(SchemaDocTest, ValueSlotsAreDocumented) {
  const std::string doc = testing::read_file(testing::source_dir() / "schemas/index.md");
  for (int slot :
       {schema::kSlotPublished, schema::kSlotSimHash, schema::kSlotSource, schema::kSlotReadingTime,
        schema::kSlotCopyGroup, schema::kSlotRankTerms, schema::kSlotMinHash, schema::kSlotIndexed})
    EXPECT_NE(doc.find("| " + std::to_string(slot) + " |"), std::string::npos) << slot;
}

TEST(SchemaDocTest, JsonSchemasParseAndNameTheRequiredFields) {
  for (const char* name : {"article.schema.json", "results.schema.json"}) {
    const auto j = nlohmann::json::parse(
        testing::read_file(testing::source_dir() / "schemas" / name), nullptr, false);
    ASSERT_FALSE(j.is_discarded()) << name;
    EXPECT_TRUE(j.contains("properties")) << name;
  }
  const auto results = nlohmann::json::parse(
      testing::read_file(testing::source_dir() / "schemas/results.schema.json"));
  const auto req = results["properties"]["results"]["items"]["required"];
  for (const char* field : {"id", "title", "url", "source", "published", "score"})
    EXPECT_NE(std::find(req.begin(), req.end(), field), req.end()) << field;
}

}  // namespace
}  // namespace byline
