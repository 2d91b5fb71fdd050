// schemas/index.md and indexer/schema.h describe one table: keep them in step.
#include <gtest/gtest.h>

#include <cctype>
#include <nlohmann/json.hpp>
#include <sstream>

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

// Regression (audit, session 49): the crontab line named ~/.local/share/byline/index while
// "subscribe once" wrote the default index, $XDG_DATA_HOME's when set, so every scheduled run
// found no feeds; the systemd units could write only ~/.local/share/byline. Each deployment
// recipe names the one index it may write, and the subscribe step names it too.
TEST(DeploymentDocTest, EveryRecipeNamesTheIndexItWrites) {
  const std::string cron = testing::read_file(testing::source_dir() / "docs/cron.md");
  ASSERT_FALSE(cron.empty());
  EXPECT_NE(cron.find("export BYLINE_DB=~/.local/share/byline/index"), std::string::npos);
  std::istringstream lines(cron);
  int cron_lines = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty() || !(std::isdigit(static_cast<unsigned char>(line[0])) || line[0] == '*'))
      continue;
    if (line.find("/usr/local/bin/byline") == std::string::npos) continue;
    ++cron_lines;
    EXPECT_NE(line.find("$HOME/.local/share/byline/index"), std::string::npos) << line;
  }
  EXPECT_GE(cron_lines, 3);
  for (const char* unit :
       {"byline-crawl.service", "byline-watch.service", "byline-serve.service"}) {
    const std::string text = testing::read_file(testing::source_dir() / "docs/systemd" / unit);
    ASSERT_FALSE(text.empty()) << unit;
    EXPECT_NE(text.find("\nEnvironment=BYLINE_DB=%h/.local/share/byline/index\n"),
              std::string::npos)
        << unit;
    // Each unit runs one command: the re-audit found the serve unit's Environment= line put
    // inside its commented-out example, whose backslash then joined both ExecStart= lines.
    std::istringstream unit_lines(text);
    int exec_starts = 0;
    for (std::string line; std::getline(unit_lines, line);) {
      if (line.empty() || line[0] == '#' || line[0] == ';') continue;
      EXPECT_NE(line.back(), '\\') << unit << ": a live line continued: " << line;
      if (line.starts_with("ExecStart=")) ++exec_starts;
      EXPECT_TRUE(line[0] == '[' || line.find('=') != std::string::npos) << unit << ": " << line;
    }
    EXPECT_EQ(exec_starts, 1) << unit;
    const size_t rw = text.find("\nReadWritePaths=");
    const std::string writes = "\nReadWritePaths=-%h/.local/share/byline\n";
    if (rw != std::string::npos) {
      EXPECT_EQ(text.compare(rw, writes.size(), writes), 0) << unit;
    }
  }
}

}  // namespace
}  // namespace byline
