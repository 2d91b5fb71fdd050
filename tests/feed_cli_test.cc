// `byline feed FILE|URL --format json|text`: the subcommand end to end on the bundled samples;
// `byline feeds` (the subscription list) on what the audit found.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "byline/index.h"
#include "common/text.h"
#include "crawler/feed_state.h"
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

// Regression (audit): `feed --format json` printed a feed's language as written ("{{lang}}",
// "de_DE"), where every other output prints a BCP 47 tag.
TEST(FeedCli, LanguagesAreTags) {
  testing::TempDir tmp;
  const auto path = tmp.path() / "feed.xml";
  std::ofstream(path) << "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title>"
                         "<language>de_DE</language><item xml:lang=\"{{lang}}\"><title>A</title>"
                         "<guid>a</guid></item><item xml:lang=\"EN-us\"><title>B</title>"
                         "<guid>b</guid></item></channel></rss>";
  auto r = run_byline("feed " + quoted(path) + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["feed"]["language"], "de-DE");
  ASSERT_EQ(j["entries"].size(), 2u);
  EXPECT_EQ(j["entries"][0].value("language", "(none)"), "(none)") << r.out;
  EXPECT_EQ(j["entries"][1]["language"], "en-US");
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

// Regression: a site's page given for its feed said only "root element <html>"; it names the
// feed the page links to, as `feeds add` would find it, and says when it links to none.
TEST(FeedCli, AnHtmlPageNamesTheFeedItLinksTo) {
  testing::TempDir tmp;
  const auto page = tmp.path() / "home.html";
  std::ofstream(page) << "<!DOCTYPE html>\n<html><head><title>Blog</title>"
                         "<link rel=alternate type=application/atom+xml href='feeds/all.xml'>"
                         "</head><body><p>a<br>b &nbsp; <img src=x></body></html>";
  auto r = run_byline("feed " + quoted(page));
  EXPECT_EQ(r.exit_code, 4) << r.err;
  const std::string feed = "file://" + (tmp.path() / "feeds/all.xml").string();
  EXPECT_NE(r.err.find("not a feed: an HTML page that links to the feed " + feed + "\n"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("hint: `byline feed " + feed + "` reads that feed"), std::string::npos)
      << r.err;
  auto crawl = run_byline("--db " + quoted(tmp.path() / "idx") + " crawl " + quoted(page));
  EXPECT_EQ(crawl.exit_code, 4) << crawl.err;
  EXPECT_NE(crawl.err.find("links to the feed " + feed), std::string::npos) << crawl.err;

  // From standard input there is no address to subscribe by: the hint names none (re-audit).
  const auto abs = tmp.path() / "abs.html";
  std::ofstream(abs) << "<html><head><link rel=alternate type=application/rss+xml "
                        "href='https://e.example/feed.xml'></head></html>";
  auto piped = testing::run_command("(" + testing::byline_binary().string() + " feed - < " +
                                    quoted(abs) + ")");
  EXPECT_EQ(piped.exit_code, 4) << piped.err;
  EXPECT_NE(piped.err.find("hint: `byline feed https://e.example/feed.xml` reads that feed\n"),
            std::string::npos)
      << piped.err;

  // Not XML at all, even recovered: still said to be a page.
  const auto broken = tmp.path() / "broken.html";
  std::ofstream(broken) << "<html>\x01<<<<";
  auto b = run_byline("feed " + quoted(broken));
  EXPECT_EQ(b.exit_code, 4) << b.err;
  EXPECT_NE(b.err.find("not a feed: an HTML page that links to no feed\n"), std::string::npos)
      << b.err;
}

// Regression (feeds audit, session 49's left item): a title of 100,000 characters was printed
// whole on the terminal; text output cuts titles and links at 500 bytes, JSON keeps them.
TEST(FeedCli, TextOutputCutsHugeTitlesAndLinks) {
  testing::TempDir tmp;
  const auto feed = tmp.path() / "huge.xml";
  const std::string title(100'000, 'T');
  std::ofstream(feed) << "<rss version=\"2.0\"><channel><title>" << title << "</title><item><title>"
                      << title << "</title><link>https://e.example/" << std::string(5'000, 'p')
                      << "</link></item></channel></rss>";
  auto r = run_byline("feed " + quoted(feed));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  size_t longest = 0, cut = 0;
  for (size_t at = 0; at < r.out.size();) {
    const size_t end = r.out.find('\n', at);
    const std::string line = r.out.substr(at, end - at);
    longest = std::max(longest, line.size());
    if (line.ends_with("\u2026")) ++cut;
    at = end == std::string::npos ? r.out.size() : end + 1;
  }
  EXPECT_LE(longest, 510u);
  EXPECT_EQ(cut, 3u) << r.out.substr(0, 2000);  // the feed's title, the entry's title and link
  auto j = run_byline("feed " + quoted(feed) + " --format json");
  ASSERT_EQ(j.exit_code, 0) << j.err;
  EXPECT_GT(j.out.size(), 100'000u);
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
  // Never fetched: no time yet, and due at the next crawl (the text's "next: now").
  EXPECT_TRUE(ls[0]["next_due"].is_null());
  EXPECT_EQ(ls[0]["due"], true);

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

/// Marks a subscribed feed as a crawl does when it answers 410 Gone.
void disable_as_gone(const std::filesystem::path& db, const std::string& url) {
  auto w = IndexWriter::open(db.string());
  ASSERT_TRUE(w.ok()) << w.status().message();
  crawler::FeedState st;
  st.url = url;
  st.disabled = true;
  st.error_count = 1;
  st.last_status = 410;
  st.last_error = "HTTP 410 (gone: feed disabled)";
  ASSERT_TRUE((*w)->set_metadata("byline.feed:" + url, st.to_json()).ok());
  ASSERT_TRUE((*w)->commit().ok());
}

// Regression (audit #9): `feeds add` and `feeds import` of a feed still subscribed but disabled
// by a 410 left it disabled, though docs/cron.md says subscribing anew fetches it again.
TEST(FeedsCli, AddAndImportEnableAGoneFeedAgain) {
  testing::TempDir tmp;
  const auto db = tmp.path() / "idx";
  const std::string gone = "https://gone.example/feed.xml", other = "https://ok.example/f";
  ASSERT_EQ(run_byline(db_arg(db) + "feeds add --no-discover " + gone + " " + other).exit_code, 0);
  disable_as_gone(db, gone);
  ASSERT_EQ(feeds_ls(db)[0]["disabled"], true);

  auto add = run_byline(db_arg(db) + "feeds add --no-discover " + gone + " " + other);
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_NE(add.out.find("enabled again: " + gone), std::string::npos) << add.out;
  EXPECT_NE(add.out.find("subscribed to 0 new feed(s); 2 in all; 1 enabled again\n"),
            std::string::npos)
      << add.out;
  json ls = feeds_ls(db);
  EXPECT_EQ(ls[0]["disabled"], false);
  EXPECT_EQ(ls[0]["error_count"], 0);
  EXPECT_EQ(ls[0]["next_due"], nullptr);  // due now

  disable_as_gone(db, gone);
  write(tmp.path() / "l.opml", "<opml><body><outline xmlUrl=\"" + gone + "\"/><outline xmlUrl=\"" +
                                   other + "\"/></body></opml>");
  auto imp = run_byline(db_arg(db) + "feeds import " + quoted(tmp.path() / "l.opml"));
  ASSERT_EQ(imp.exit_code, 0) << imp.err;
  EXPECT_NE(imp.out.find("imported 0 new feed(s); 2 in all; 1 enabled again\n"), std::string::npos)
      << imp.out;
  EXPECT_EQ(feeds_ls(db)[0]["disabled"], false);
  // Nothing disabled: nothing said.
  auto again = run_byline(db_arg(db) + "feeds add --no-discover " + gone);
  EXPECT_NE(again.out.find("subscribed to 0 new feed(s); 2 in all\n"), std::string::npos)
      << again.out;
}

// Regression (audit #5): `feeds add --tag` stored tags as given, and `feeds export` then
// `feeds import` changed them ("/lead" -> "lead", "x  y" -> "x y") or split them ("a,b").
// They are now stored as import reads them back, and a comma is refused.
TEST(FeedsCli, TagsRoundTripThroughExportAndImport) {
  testing::TempDir tmp;
  const auto db = tmp.path() / "idx", db2 = tmp.path() / "idx2";
  auto comma = run_byline(db_arg(db) + "feeds add --no-discover https://a.example/f --tag 'a,b'");
  EXPECT_EQ(comma.exit_code, 2) << comma.err;
  EXPECT_NE(comma.err.find("byline: a tag cannot hold a comma: \"a,b\"\nhint: OPML's category "
                           "lists tags separated by commas"),
            std::string::npos)
      << comma.err;
  EXPECT_FALSE(std::filesystem::exists(db));  // refused before the index is opened
  EXPECT_EQ(
      run_byline(db_arg(db) + "feeds add --no-discover https://a.example/f --tag ' / '").exit_code,
      2);

  auto add = run_byline(
      db_arg(db) +
      "feeds add --no-discover https://a.example/f --tag '/lead' "
      "--tag 'x  y' --tag \"$(printf 't\\tab')\" --tag 'Ünï' --tag ' /x y ' --full-text auto");
  ASSERT_EQ(add.exit_code, 0) << add.err;
  ASSERT_EQ(
      run_byline(db_arg(db) + "feeds add --no-discover https://b.example/f --tag solo").exit_code,
      0);
  write(tmp.path() / "extra.opml",
        "<opml><body><outline xmlUrl=\"https://c.example/f\"/></body></opml>");
  auto imp_comma =
      run_byline(db_arg(db) + "feeds import " + quoted(tmp.path() / "extra.opml") + " --tag 'p,q'");
  EXPECT_EQ(imp_comma.exit_code, 2) << imp_comma.err;
  ASSERT_EQ(run_byline(db_arg(db) + "feeds import " + quoted(tmp.path() / "extra.opml") +
                       " --tag '//imp  orted'")
                .exit_code,
            0);
  const json before = feeds_ls(db);
  ASSERT_EQ(before.size(), 3u);
  EXPECT_EQ(before[0]["tags"], json::array({"lead", "x y", "t ab", "Ünï"}));
  EXPECT_EQ(before[2]["tags"], json::array({"imp orted"}));

  auto exported = run_byline(db_arg(db) + "feeds export");
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  write(tmp.path() / "backup.opml", exported.out);
  ASSERT_EQ(
      run_byline(db_arg(db2) + "feeds import " + quoted(tmp.path() / "backup.opml")).exit_code, 0);
  const json after = feeds_ls(db2);
  ASSERT_EQ(after.size(), before.size());
  for (const json& b : before) {  // export groups feeds by folder: compare by URL
    const auto a = std::find_if(after.begin(), after.end(),
                                [&](const json& x) { return x["url"] == b["url"]; });
    ASSERT_NE(a, after.end()) << b["url"];
    EXPECT_EQ((*a)["tags"], b["tags"]) << b["url"];
    EXPECT_EQ((*a)["full_text"], b["full_text"]) << b["url"];
  }
}

// Regression (hostile-content audit, session 44): a title or tag holding U+FFFE or U+FFFF was
// kept, shown by `feeds ls`, and left out of the OPML export, which XML forbids them in: the
// export then read back as another list ("T1  ctl" with two spaces, a category ending in ",").
TEST(FeedsCli, NamesWithNoncharactersRoundTripThroughExportAndImport) {
  testing::TempDir tmp;
  const auto db = tmp.path() / "idx", db2 = tmp.path() / "idx2";
  write(tmp.path() / "in.opml",
        "<opml><body><outline xmlUrl=\"https://n.example/f\" text=\"T1 \xEF\xBF\xBE ctl "
        "\xEF\xBF\xBF nonchar\" category=\"a,\xEF\xBF\xBE,b\"/></body></opml>");
  ASSERT_EQ(run_byline(db_arg(db) + "feeds import " + quoted(tmp.path() / "in.opml")).exit_code, 0);
  const json first = feeds_ls(db);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0]["title"], "T1 ctl nonchar");
  EXPECT_EQ(first[0]["tags"], json::array({"a", "b"}));
  auto exported = run_byline(db_arg(db) + "feeds export");
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  write(tmp.path() / "backup.opml", exported.out);
  ASSERT_EQ(
      run_byline(db_arg(db2) + "feeds import " + quoted(tmp.path() / "backup.opml")).exit_code, 0);
  EXPECT_EQ(feeds_ls(db2), first);
  EXPECT_EQ(run_byline(db_arg(db2) + "feeds export").out, exported.out);
}

// Regression (audit #13): `feeds import` and `crawl` of an OPML whose outlines nest past 64
// levels said nothing of the ones left out (exit 0, "imported 0 new feed(s)").
TEST(FeedsCli, ImportAndCrawlSayWhatTheOpmlParserLeftOut) {
  testing::TempDir tmp;
  const std::string feed = (source_dir() / "samples/feeds/wirewire.rdf").string();
  std::string deep = "<opml><body><outline xmlUrl=\"https://top.example/f\"/>";
  for (int i = 0; i < 70; ++i) deep += "<outline text=\"f\">";
  deep +=
      "<outline xmlUrl=\"https://deep.example/1\"/><outline xmlUrl=\"https://deep.example/2\"/>";
  for (int i = 0; i < 70; ++i) deep += "</outline>";
  write(tmp.path() / "deep.opml", deep + "</body></opml>");
  const std::string warning =
      "deep.opml: left out 2 outline(s) nested more than 64 levels deep (the OPML nesting read)\n";
  auto imp =
      run_byline(db_arg(tmp.path() / "idx") + "feeds import " + quoted(tmp.path() / "deep.opml"));
  EXPECT_EQ(imp.exit_code, 0) << imp.err;  // an input used in part: a warning (README)
  EXPECT_NE(imp.err.find("byline: warning: "), std::string::npos) << imp.err;
  EXPECT_NE(imp.err.find(warning), std::string::npos) << imp.err;
  EXPECT_NE(imp.out.find("imported 1 new feed(s); 1 in all; 2 skipped\n"), std::string::npos)
      << imp.out;
  auto quiet = run_byline(db_arg(tmp.path() / "idx") + "--quiet feeds import " +
                          quoted(tmp.path() / "deep.opml"));
  EXPECT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.err, "");

  // The same parser reads an OPML named to `crawl`: it says the same.
  std::string local = "<opml><body><outline xmlUrl=\"" + feed + "\"/>";
  for (int i = 0; i < 70; ++i) local += "<outline text=\"f\">";
  local += "<outline xmlUrl=\"" + feed + "\"/><outline xmlUrl=\"" + feed + "\"/>";
  for (int i = 0; i < 70; ++i) local += "</outline>";
  write(tmp.path() / "deep.opml", local + "</body></opml>");
  auto crawl = run_byline(db_arg(tmp.path() / "idx2") + "crawl --no-articles " +
                          quoted(tmp.path() / "deep.opml"));
  EXPECT_EQ(crawl.exit_code, 0) << crawl.err;
  EXPECT_NE(crawl.err.find("byline: warning: " + (tmp.path() / "deep.opml").string() +
                           ": left out 2 "
                           "outline(s) nested more than 64 levels deep"),
            std::string::npos)
      << crawl.err;
}

// Regression (audit #14): `feeds rm` on a mistyped --db made an empty index there; `feeds ls`
// and `feeds export` of an index that is not there exited 0 with an empty list, so a backup
// script with a wrong --db saved an empty backup.
TEST(FeedsCli, AMissingIndexIsNotFoundAndNotCreated) {
  testing::TempDir tmp;
  const auto typo = tmp.path() / "typo.idx";
  const std::string expected = "byline: no index at " + typo.string() + "\n";
  auto search = run_byline(db_arg(typo) + "search chips");
  ASSERT_EQ(search.exit_code, 3);
  ASSERT_EQ(search.err.rfind(expected, 0), 0u) << search.err;
  for (const char* cmd : {"feeds rm https://nope.example/feed", "feeds ls",
                          "feeds ls --format json", "feeds export"}) {
    auto r = run_byline(db_arg(typo) + cmd);
    EXPECT_EQ(r.exit_code, 3) << cmd;
    EXPECT_EQ(r.out, "") << cmd;
    EXPECT_EQ(r.err, search.err) << cmd;  // one line and its hint, as `byline search` says it
    EXPECT_FALSE(std::filesystem::exists(typo)) << cmd;
  }
  // An index with no subscriptions is an empty list, as before.
  ASSERT_EQ(run_byline(db_arg(typo) + "feeds add --no-discover https://a.example/f").exit_code, 0);
  ASSERT_EQ(run_byline(db_arg(typo) + "feeds rm https://a.example/f").exit_code, 0);
  EXPECT_EQ(feeds_ls(typo).size(), 0u);
  auto exported = run_byline(db_arg(typo) + "feeds export");
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_EQ(exported.out.find("xmlUrl"), std::string::npos);
  // Regression (audit): a feed named twice (as written, then as stored) was "not subscribed"
  // the second time, exit 10.
  ASSERT_EQ(run_byline(db_arg(typo) + "feeds add --no-discover https://a.example/f").exit_code, 0);
  auto twice = run_byline(db_arg(typo) + "feeds rm HTTPS://A.example/f https://a.example/f");
  EXPECT_EQ(twice.exit_code, 0) << twice.err;
  EXPECT_NE(twice.out.find("removed 1 feed(s)"), std::string::npos) << twice.out;
  auto partly = run_byline(db_arg(typo) + "feeds rm https://a.example/f");
  EXPECT_EQ(partly.exit_code, 3) << partly.err;
}

// Regression (audit #16): an OPML from elsewhere subscribed to any local file (file:///etc/shadow,
// a relative path), which every scheduled crawl then read.
// Regression (audit): a subscription list the index could not read was read as none: on a
// damaged index `feeds rm` said "no such subscription" (exit 3), `crawl` "no feeds to crawl"
// (exit 2), and `feeds add` would have saved its one feed over the whole list.
TEST(FeedsCli, AnUnreadableSubscriptionListIsAnUnreadableIndex) {
  testing::TempDir tmp;
  std::string opml = "<opml><body>";
  for (int i = 0; i < 20000; ++i)
    opml += "<outline xmlUrl=\"https://h" + std::to_string(i) + ".example/feed" +
            std::to_string(i) + ".xml\"/>";
  write(tmp.path() / "subs.opml", opml + "</body></opml>");
  const auto db = tmp.path() / "idx";
  ASSERT_EQ(run_byline(db_arg(db) + "feeds import " + quoted(tmp.path() / "subs.opml")).exit_code,
            0);
  // Damage a block in the middle of the list's value (the index still opens).
  const auto table = db / "postlist.glass";
  std::string bytes = testing::read_file(table);
  const size_t at = bytes.find("feed10000.xml");
  ASSERT_NE(at, std::string::npos);
  std::fstream f(table, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(at / 8192 * 8192));
  f.write(std::string(12, '\xff').data(), 12);
  f.close();
  for (const std::string& cmd :
       {std::string("feeds rm https://h1.example/feed1.xml"), std::string("crawl"),
        std::string("feeds add --no-discover https://new.example/f")}) {
    auto r = run_byline(db_arg(db) + cmd);
    EXPECT_EQ(r.exit_code, 9) << cmd << ": " << r.err;
    EXPECT_NE(r.err.find("unreadable"), std::string::npos) << cmd << ": " << r.err;
  }
}

TEST(FeedsCli, ImportSkipsLocalFilesUnlessAllowed) {
  testing::TempDir tmp;
  const std::filesystem::path feed = tmp.path() / "feed.xml";
  std::filesystem::copy_file(source_dir() / "samples/feeds/wirewire.rdf", feed);
  write(tmp.path() / "list.opml",
        "<opml><body><outline text=\"rel\" xmlUrl=\"feed.xml\"/>"
        "<outline text=\"abs\" xmlUrl=\"" +
            feed.string() +
            "\"/>"
            "<outline text=\"missing\" xmlUrl=\"file:///no/such/feed.xml\"/>"
            "<outline text=\"web\" xmlUrl=\"https://ok.example/f\"/></body></opml>");
  const auto db = tmp.path() / "idx";
  auto r = run_byline(db_arg(db) + "feeds import " + quoted(tmp.path() / "list.opml"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("imported 1 new feed(s); 1 in all; 3 skipped\n"), std::string::npos)
      << r.out;
  for (const std::string& line :
       {"skipped the outline \"rel\": a local file (file://" + feed.string() + ")",
        "skipped the outline \"abs\": a local file (file://" + feed.string() + ")",
        std::string("skipped the outline \"missing\": a local file (file:///no/such/feed.xml); "
                    "--allow-local-files imports it\n")})
    EXPECT_NE(r.err.find(line), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find("no such file"), std::string::npos) << r.err;  // not looked for
  json ls = feeds_ls(db);
  ASSERT_EQ(ls.size(), 1u);
  EXPECT_EQ(ls[0]["url"], "https://ok.example/f");

  auto allowed = run_byline(db_arg(tmp.path() / "idx2") + "feeds import --allow-local-files " +
                            quoted(tmp.path() / "list.opml"));
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_NE(allowed.out.find("imported 2 new feed(s); 2 in all; 1 skipped\n"), std::string::npos)
      << allowed.out;
  EXPECT_NE(allowed.err.find("\"missing\": no such file"), std::string::npos) << allowed.err;
  EXPECT_EQ(feeds_ls(tmp.path() / "idx2")[0]["url"], "file://" + feed.string());
  // On the command line a path is the user's own choice.
  EXPECT_EQ(run_byline(db_arg(db) + "feeds add --no-discover " + quoted(feed)).exit_code, 0);
  EXPECT_EQ(feeds_ls(db).size(), 2u);
  auto help = run_byline("feeds import --help");
  EXPECT_NE(help.out.find("--allow-local-files"), std::string::npos) << help.out;

  // Skipped outlines are listed up to 100; the rest are one line.
  std::string many = "<opml><body>";
  for (int i = 0; i < 250; ++i) many += "<outline xmlUrl=\"f" + std::to_string(i) + ".xml\"/>";
  write(tmp.path() / "many.opml", many + "</body></opml>");
  r = run_byline(db_arg(db) + "feeds import " + quoted(tmp.path() / "many.opml"));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("; 250 skipped\n"), std::string::npos) << r.out;
  size_t lines = 0;
  for (size_t at = r.err.find("skipped the outline"); at != std::string::npos;
       at = r.err.find("skipped the outline", at + 1))
    ++lines;
  EXPECT_EQ(lines, 100u);
  EXPECT_NE(r.err.find("skipped 150 more outline(s), not listed"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace byline
