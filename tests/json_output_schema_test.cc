// The executable's JSON output on samples/ against schemas/*.json, as an application reading it
// relies on: search, related, show, extract and feed (json and jsonl), and the summaries of the
// other commands (schemas/summaries.schema.json). A small validator of the schema keywords the
// files use (python's jsonschema is not a build dependency).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "schema_check.h"
#include "test_support.h"

namespace byline {
namespace {

using nlohmann::json;
using testing::check;
using testing::load_schema;
using testing::read_file;
using testing::run_byline;
using testing::source_dir;
using testing::TempDir;

std::string q(const std::string& s) { return "'" + s + "'"; }

// Each line of JSON Lines output against `schema`; there must be some.
std::string check_lines(const json& schema, const std::string& text, const std::string& what) {
  std::istringstream in(text);
  std::string line, out;
  int n = 0;
  while (std::getline(in, line)) out += check(schema, line, what + " line " + std::to_string(++n));
  if (n == 0) out += what + ": no lines\n";
  return out;
}

// The validator itself: a record missing a required key or of a wrong type is caught.
TEST(JsonSchemaValidator, CatchesViolations) {
  const json schema = load_schema("results.schema.json");
  EXPECT_EQ(check(schema, R"({"results":[]})", "ok"), "");
  EXPECT_NE(check(schema, R"({"hits":[]})", "no results"), "");
  EXPECT_NE(check(schema, R"({"results":[{"id":"b1","title":"t","url":"u","source":"s",
      "published":null,"score":"high"}]})",
                  "score a string"),
            "");
  EXPECT_NE(check(schema, R"({"results":[{"id":"b1","title":"t","url":"u","source":"s",
      "score":1}]})",
                  "no published"),
            "");
  EXPECT_EQ(check(schema, R"({"results":[],"facets":{"source":[{"value":"A","count":2}]}})", "f"),
            "");
  EXPECT_NE(
      check(schema, R"({"results":[],"facets":{"source":[{"value":"A","n":2}]}})", "no count"), "");
  EXPECT_NE(check(schema, R"({"results":[],"facets":{"source":[],"tag":[]}})", "an extra facet"),
            "");
  const json feed = load_schema("feed.schema.json");
  EXPECT_NE(check(feed, R"({"feed":{"updated":"yesterday"}})", "bad date"), "");
}

class JsonOutputSchema : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tmp_ = new TempDir();
    db_ = new std::string((tmp_->path() / "index").string());
    auto indexed =
        run_byline("--db " + q(*db_) + " index " + q((source_dir() / "samples/feeds").string()) +
                   " " + q((source_dir() / "samples/articles").string()));
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  }
  static void TearDownTestSuite() {
    delete db_;
    delete tmp_;
  }
  static testing::RunResult byline(const std::string& args) {
    auto r = run_byline("--db " + q(*db_) + " " + args);
    EXPECT_EQ(r.exit_code, 0) << args << ": " << r.err;
    return r;
  }
  // Ids of every indexed article.
  static std::vector<std::string> all_ids() {
    std::vector<std::string> ids;
    const json j =
        json::parse(byline("search 'lang:en' --limit 1000 --all-copies --format json").out);
    for (const auto& h : j["results"]) ids.push_back(h["id"]);
    return ids;
  }
  static TempDir* tmp_;
  static std::string* db_;
};
TempDir* JsonOutputSchema::tmp_ = nullptr;
std::string* JsonOutputSchema::db_ = nullptr;

TEST_F(JsonOutputSchema, SearchAndRelatedMatchResultsSchema) {
  const json schema = load_schema("results.schema.json");
  const json item = schema["properties"]["results"]["items"];
  const auto ids = all_ids();
  ASSERT_EQ(ids.size(), 40u);
  for (const std::string args :
       {"search chip", "search 'titel:chip'", "search chip --limit 0", "search chip --offset 500",
        "search 'source:\"Circuit Ledger\" date:2026-10'", "search chip --facets 3",
        "search chip --sort newest --all-copies --facets 100", "search 'batery recall'"}) {
    const auto r = byline(args + " --format json");
    EXPECT_EQ(check(schema, r.out, args), "");
    const json j = json::parse(r.out);
    EXPECT_TRUE(j.contains("total_estimate") && j.contains("offset") && j.contains("warnings"))
        << args;
  }
  EXPECT_EQ(json::parse(byline("search 'batery recall' --format json").out)["suggestion"],
            "battery recall");
  EXPECT_EQ(check_lines(item, byline("search chip --format jsonl").out, "search jsonl"), "");
  for (const auto& id : ids) {
    const auto r = byline("related " + id + " --format json");
    EXPECT_EQ(check(schema, r.out, "related " + id), "");
    EXPECT_FALSE(json::parse(r.out)["results"].empty()) << id;
  }
  EXPECT_EQ(check_lines(item, byline("related " + ids[0] + " --format jsonl").out, "related jsonl"),
            "");
  const std::string page = (source_dir() / "samples/articles/briefstack").string();
  for (const auto& entry : std::filesystem::directory_iterator(page)) {
    const auto r = byline("related " + q(entry.path().string()) + " --format json");
    EXPECT_EQ(check(schema, r.out, "related " + entry.path().string()), "");
  }
}

TEST_F(JsonOutputSchema, ShowAndExtractMatchArticleSchema) {
  const json schema = load_schema("article.schema.json");
  for (const auto& id : all_ids()) {
    EXPECT_EQ(check(schema, byline("show " + id + " --format json").out, "show " + id), "");
    EXPECT_EQ(check_lines(schema, byline("show " + id + " --format jsonl").out, "show " + id), "");
  }
  int pages = 0;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(source_dir() / "samples/articles")) {
    if (!entry.is_regular_file()) continue;
    ++pages;
    const std::string f = q(entry.path().string());
    EXPECT_EQ(check(schema, byline("extract " + f + " --format json").out, f), "");
    EXPECT_EQ(check_lines(schema, byline("extract " + f + " --format jsonl").out, f), "");
  }
  EXPECT_EQ(pages, 40);
}

// Regression: every object printed its keys in alphabetical order, so a hit read "id,
// published, score, snippet, source, title, url" and a search put its counts after the hits.
TEST_F(JsonOutputSchema, KeysComeInTheOrderAReaderWants) {
  auto keys = [](const std::string& text, const char* path) {
    const nlohmann::ordered_json j = nlohmann::ordered_json::parse(text);
    const nlohmann::ordered_json& at = std::string(path).empty() ? j : j[path][0];
    std::vector<std::string> out;
    for (const auto& [k, v] : at.items()) out.push_back(k);
    return out;
  };
  const auto search = byline("search chip --limit 1 --format json").out;
  EXPECT_EQ(keys(search, ""),
            (std::vector<std::string>{"total_estimate", "offset", "warnings", "results"}));
  EXPECT_EQ(keys(search, "results"),
            (std::vector<std::string>{"id", "title", "url", "source", "published", "score",
                                      "snippet", "highlights"}));
  const std::string id = all_ids().front();
  const auto shown = keys(byline("show " + id + " --format json").out, "");
  ASSERT_GE(shown.size(), 3u);
  EXPECT_EQ(std::vector<std::string>(shown.begin(), shown.begin() + 3),
            (std::vector<std::string>{"id", "url", "title"}));
}

// A hit's highlights count code points, as JSON's readers index a string: each range is a word
// of the query in the snippet however many bytes the characters before it take ("…", "’").
TEST_F(JsonOutputSchema, HighlightsAreCodePointRangesOfTheQuerysWords) {
  const auto j = nlohmann::json::parse(byline("search chips --limit 20 --format json").out);
  int ranges = 0, after_wide = 0;
  for (const auto& hit : j["results"]) {
    const std::string snippet = hit["snippet"];
    std::vector<size_t> starts;  // the byte where each code point starts, and the end
    for (size_t i = 0; i < snippet.size(); ++i)
      if ((static_cast<unsigned char>(snippet[i]) & 0xC0) != 0x80) starts.push_back(i);
    starts.push_back(snippet.size());
    size_t last = 0;
    for (const auto& range : hit["highlights"]) {
      const size_t b = range[0], e = range[1];
      ASSERT_LT(b, e);
      ASSERT_LT(e, starts.size());
      EXPECT_LE(last, b);
      last = e;
      std::string word = snippet.substr(starts[b], starts[e] - starts[b]);
      for (auto& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      EXPECT_EQ(word.rfind("chip", 0), 0u) << word << " in " << snippet;
      ++ranges;
      after_wide += starts[b] != b;
    }
  }
  EXPECT_GE(ranges, 5);
  EXPECT_GE(after_wide, 3);  // ranges after characters of more than one byte were checked
}

TEST_F(JsonOutputSchema, FeedMatchesFeedSchema) {
  const json schema = load_schema("feed.schema.json");
  int feeds = 0;
  for (const auto& entry : std::filesystem::directory_iterator(source_dir() / "samples/feeds")) {
    ++feeds;
    const std::string f = q(entry.path().string());
    EXPECT_EQ(check(schema, byline("feed " + f + " --format json").out, f), "");
    EXPECT_EQ(check_lines(schema, byline("feed " + f + " --format jsonl").out, f), "");
  }
  EXPECT_EQ(feeds, 5);
}

// Regression (audit): stats, the index and crawl summaries, feeds ls, remove, prune and compact
// printed JSON that no schema described.
TEST_F(JsonOutputSchema, SummariesMatchTheirSchemas) {
  const json schema = load_schema("summaries.schema.json");
  auto against = [&](const char* def, const std::string& text, const std::string& what) {
    json one = schema["$defs"][def];
    one["$defs"] = schema["$defs"];
    return check(one, text, what);
  };
  EXPECT_EQ(against("stats", byline("stats --format json").out, "stats"), "");
  // A writer's commands on an index of their own.
  TempDir tmp;
  const std::string db = "--db " + q((tmp.path() / "w").string()) + " ";
  auto indexed = run_byline(db + "index " + q((source_dir() / "samples/articles").string()) +
                            " --format json");
  EXPECT_EQ(against("index", indexed.out, "index"), "");
  ASSERT_EQ(
      run_byline(db + "feeds add " + q((source_dir() / "samples/feeds/wirewire.rdf").string()))
          .exit_code,
      0);
  EXPECT_EQ(against("feeds_ls", run_byline(db + "feeds ls --format json").out, "feeds ls"), "");
  auto crawled = run_byline(db + "crawl --all --format json");
  EXPECT_EQ(against("crawl", crawled.out, "crawl"), "");
  auto failed = run_byline(db + "crawl /nonexistent/feed.xml --format json");
  EXPECT_EQ(failed.exit_code, 3);  // not found, and nothing else crawled
  EXPECT_EQ(against("crawl", failed.out, "crawl of a missing file"), "");
  EXPECT_EQ(
      against("remove", run_byline(db + "remove nothing-by-this-id --format json").out, "remove"),
      "");
  EXPECT_EQ(
      against("prune", run_byline(db + "prune --before 2026-10-08 --format json").out, "prune"),
      "");
  EXPECT_EQ(against("compact", run_byline(db + "compact --format json").out, "compact"), "");
  // Regression (audit): rebuild's JSON had no schema.
  auto rebuilt = run_byline(db + "rebuild --format json");
  EXPECT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
  EXPECT_EQ(against("rebuild", rebuilt.out, "rebuild"), "");
  EXPECT_EQ(json::parse(rebuilt.out, nullptr, false).value("articles", -1),
            json::parse(run_byline(db + "stats --format json").out).value("articles", -2));
  // The validator sees what is wrong.
  EXPECT_NE(against("prune", R"({"removed":1,"matched":1,"before":"x","dry_run":0})", "bad"), "");
  EXPECT_NE(against("health", R"({"status":"down"})", "bad"), "");
}

// The keys of IndexStats, with the feeds split as the text output splits them.
TEST_F(JsonOutputSchema, StatsHasItsKeysAndTypes) {
  const json j = json::parse(byline("stats --format json").out);
  for (const char* k :
       {"articles", "sources", "feeds", "article_feeds", "subscribed_feeds", "size_bytes"})
    EXPECT_TRUE(j.contains(k) && j[k].is_number_unsigned()) << k << ": " << j.dump();
  for (const char* k : {"path", "schema_version", "oldest", "newest"})
    EXPECT_TRUE(j.contains(k) && j[k].is_string()) << k << ": " << j.dump();
  EXPECT_EQ(j["articles"], 40);
  EXPECT_EQ(j["sources"], 5);
  EXPECT_EQ(j["schema_version"], "1");
  EXPECT_EQ(j["path"], *db_);
  ASSERT_TRUE(j.contains("indexes") && j["indexes"].is_array()) << j.dump();
  ASSERT_EQ(j["indexes"].size(), 1u);
  EXPECT_EQ(j["indexes"][0]["path"], *db_);
  EXPECT_EQ(j["indexes"][0]["articles"], 40);
  EXPECT_EQ(j["indexes"][0]["size_bytes"], j["size_bytes"]);
  EXPECT_EQ(json::parse(byline("stats --format jsonl").out), j);
}

}  // namespace
}  // namespace byline
