// `byline feed FILE|URL --format json|text`: the subcommand end to end on the bundled samples;
// `byline feeds` (the subscription list) on what the audit found.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

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

std::string db_arg(const std::filesystem::path& p) { return "--db " + quoted(p) + " "; }

json feeds_ls(const std::filesystem::path& db) {
  auto r = run_byline(db_arg(db) + "feeds ls --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return json::parse(r.out, nullptr, false)["feeds"];
}

void write(const std::filesystem::path& p, const std::string& text) { std::ofstream(p) << text; }

// Regression (audit #4): each outline was looked for in the whole list, so an import took time
// quadratic in its outlines (100,000: 20 s), all under the index's write lock.
TEST(FeedsCli, ImportIsLinearAndKeepsOrderAndMerges) {
  testing::TempDir tmp;
  write(tmp.path() / "dup.opml",
        "<opml version=\"2.0\"><body>"
        "<outline text=\"Tech\"><outline xmlUrl=\"https://a.example/f\" title=\"A\"/></outline>"
        "<outline xmlUrl=\"https://b.example/f\" title=\"B\" category=\"y\"/>"
        "<outline xmlUrl=\"https://A.example/f#x\" title=\"A2\" category=\"x,Tech\"/>"
        "<outline xmlUrl=\"https://c.example/f\"/>"
        "</body></opml>");
  const auto db = tmp.path() / "idx";
  auto r = run_byline(db_arg(db) + "feeds import " + quoted(tmp.path() / "dup.opml"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("imported 3 new feed(s); 3 in all"), std::string::npos) << r.out;
  json ls = feeds_ls(db);
  ASSERT_EQ(ls.size(), 3u);
  EXPECT_EQ(ls[0]["url"], "https://a.example/f");
  EXPECT_EQ(ls[0]["title"], "A");
  EXPECT_EQ(ls[0]["tags"], json::array({"Tech", "x"}));
  EXPECT_EQ(ls[1]["url"], "https://b.example/f");
  EXPECT_EQ(ls[2]["url"], "https://c.example/f");

  // Distinct URLs: eight times the outlines is about eight times the work, not 64.
  auto opml = [&](size_t n) {
    const auto path = tmp.path() / ("n" + std::to_string(n) + ".opml");
    std::string text = "<opml version=\"2.0\"><body>\n";
    for (size_t i = 0; i < n; ++i)
      text += "<outline xmlUrl=\"http://a/" + std::to_string(1000000 + i) + "\"/>\n";
    write(path, text + "</body></opml>\n");
    return path;
  };
  const std::vector<std::filesystem::path> files{opml(10000), opml(80000)};
  int run = 0;
  const double ratio = testing::growth_ratio(
      [&](size_t i) {
        const auto idx = tmp.path() / ("big" + std::to_string(run++));
        auto big = run_byline(db_arg(idx) + "--quiet feeds import " + quoted(files[i]));
        ASSERT_EQ(big.exit_code, 0) << big.err;
        std::filesystem::remove_all(idx);
      },
      0, 1);
  EXPECT_LT(ratio, 20.0) << "eight times the outlines, " << ratio << " times the time";
}

}  // namespace
}  // namespace byline
