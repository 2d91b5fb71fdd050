// `byline feed FILE|URL --format json|text`: the subcommand end to end on the bundled samples.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/text.h"
#include "test_support.h"

namespace byline {
namespace {

using nlohmann::json;
using testing::run_byline;
using testing::source_dir;

std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

TEST(FeedCli, JsonFollowsTheSchemaShape) {
  const auto path = source_dir() / "samples/feeds/circuitledger.xml";
  auto r = run_byline("feed " + quoted(path) + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(is_valid_utf8(r.out));
  const json j = json::parse(r.out);
  for (const char* key : {"feed", "entries", "version", "encoding", "well_formed"})
    EXPECT_TRUE(j.contains(key)) << key;
  EXPECT_FALSE(j["feed"]["title"].get<std::string>().empty());
  ASSERT_GT(j["entries"].size(), 0u);
  for (const auto& e : j["entries"]) {
    for (const char* key :
         {"id", "title", "link", "authors", "tags", "summary", "content", "enclosures"})
      EXPECT_TRUE(e.contains(key)) << key;
    EXPECT_FALSE(e["id"].get<std::string>().empty());
    if (e.contains("published")) {
      const std::string p = e["published"];
      EXPECT_EQ(p.size(), 20u);
      EXPECT_EQ(p.back(), 'Z');
    }
  }
  EXPECT_EQ(j["well_formed"], true);
}

TEST(FeedCli, FileUrlAndTextFormat) {
  const auto path = source_dir() / "samples/feeds/wirewire.rdf";
  auto r = run_byline("feed 'file://" + path.string() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("format: rss10"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1. "), std::string::npos);
}

TEST(FeedCli, ErrorsHaveExitCodes) {
  testing::TempDir tmp;
  auto missing = run_byline("feed " + quoted(tmp.path() / "nope.xml"));
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("byline:"), std::string::npos);
  const auto bad = tmp.path() / "page.html";
  std::ofstream(bad) << "<html><body><p>not a feed</p></body></html>";
  auto r = run_byline("feed " + quoted(bad));
  EXPECT_EQ(r.exit_code, 4) << r.err;
  EXPECT_NE(r.err.find("not a feed"), std::string::npos) << r.err;
}

TEST(FeedCli, BrokenFeedIsRecoveredAndFlagged) {
  testing::TempDir tmp;
  const auto broken = tmp.path() / "broken.xml";
  std::ofstream(broken) << "<rss version=\"2.0\"><channel><title>T & Q</title><item><title>One"
                           "</title><link>http://x.example/1</link></item><item><title>Tw";
  auto r = run_byline("feed " + quoted(broken) + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["well_formed"], false);
  EXPECT_FALSE(j["error"].get<std::string>().empty());
  EXPECT_EQ(j["feed"]["title"], "T & Q");
  EXPECT_GE(j["entries"].size(), 1u);
}

}  // namespace
}  // namespace byline
