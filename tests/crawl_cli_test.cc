// `byline crawl` and `byline feeds` end to end: the built binary on samples/, over file:// and
// over a loopback HTTP server, into a fresh index.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "byline/index.h"
#include "common/datetime.h"
#include "http_test_server.h"
#include "test_support.h"

namespace byline {
namespace {

using testing::HttpRequest;
using testing::HttpResponse;
using testing::HttpTestServer;
using testing::run_byline;
using testing::source_dir;
using testing::TempDir;
namespace fs = std::filesystem;

std::string q(const fs::path& p) { return "'" + p.string() + "'"; }

/// Serves samples/ read-only, with the content types a web server would send.
HttpResponse serve_samples(const HttpRequest& req) {
  std::string path = req.path.substr(0, req.path.find('?'));
  if (path.find("..") != std::string::npos) return HttpResponse::text(400, "bad path");
  fs::path file = source_dir() / "samples" / path.substr(1);
  std::string body = testing::read_file(file);
  if (body.empty()) return HttpResponse::text(404, "not found");
  std::string ext = file.extension().string();
  std::string type = ext == ".html"   ? "text/html; charset=utf-8"
                     : ext == ".atom" ? "application/atom+xml"
                     : ext == ".rdf"  ? "application/rdf+xml"
                                      : "application/rss+xml";
  HttpResponse r = HttpResponse::text(200, body, type);
  r.headers.emplace_back("ETag", "\"" + std::to_string(std::hash<std::string>()(body)) + "\"");
  if (req.header("if-none-match") == r.headers.back().second) return HttpResponse::text(304, "");
  return r;
}

int json_int(const std::string& out, const char* key) {
  auto j = nlohmann::json::parse(out, nullptr, false);
  if (!j.is_object() || !j.contains("totals")) return -1;
  return j["totals"].value(key, -1);
}

TEST(CrawlCliTest, SampleOpmlTwiceAddsNothingTwice) {
  TempDir tmp;
  const std::string db = "--db " + q(tmp.path() / "idx");
  const std::string opml = q(source_dir() / "samples" / "feeds.opml");
  auto first = run_byline(db + " crawl " + opml + " --format json");
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  const int added = json_int(first.out, "articles_added");
  EXPECT_GE(added, 40);
  EXPECT_EQ(json_int(first.out, "failed"), 0);
  EXPECT_EQ(json_int(first.out, "feeds"), 5);
  auto second = run_byline(db + " crawl " + opml + " --format json");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(json_int(second.out, "articles_added"), 0);
  EXPECT_EQ(json_int(second.out, "pages_fetched"), 0);
  auto stats = run_byline(db + " stats --format json");
  auto j = nlohmann::json::parse(stats.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << stats.out << stats.err;
  EXPECT_EQ(j["articles"].get<int>(), added);
}

// Regression: a feed under two OPML folders was crawled with the first folder's tag only.
// Regression: a feed entry with no link was indexed under an id made from its text, so a
// corrected entry became a second story beside the first, and a correction that kept the
// entry's date was not even seen. The story is now named by its feed and its entry (GUID, or
// title and date), and its corrected text replaces the old one, crawled or indexed.
TEST(CrawlCliTest, ACorrectedEntryWithNoLinkReplacesItsStory) {
  TempDir tmp;
  const fs::path feed = tmp.path() / "notes.rss";
  auto write_feed = [&](const std::string& count) {
    std::ofstream(feed) << R"(<?xml version="1.0"?><rss version="2.0"><channel><title>Notes</title>
      <item><title>Quokka census</title><description>The island counted )"
                        << count << R"( quokkas.</description>
        <pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate></item>
      <item><guid isPermaLink="false">42</guid><title>Wombat census</title>
        <description>The island counted )"
                        << count << R"( wombats.</description></item>
    </channel></rss>)";
  };
  for (const std::string command : {"crawl", "index"}) {
    const std::string db = "--db " + q(tmp.path() / ("idx-" + command));
    write_feed("twelve");
    auto first = run_byline(db + " " + command + " " + q(feed));
    ASSERT_EQ(first.exit_code, 0) << command << ": " << first.err;
    write_feed("twenty-one");
    auto second = run_byline(db + " " + command + " " + q(feed) + " --format json");
    ASSERT_EQ(second.exit_code, 0) << command << ": " << second.err;
    const auto j = nlohmann::json::parse(second.out);
    EXPECT_EQ(command == "crawl" ? j["totals"]["articles_updated"] : j["updated"], 2)
        << command << ": " << second.out;
    auto stats = nlohmann::json::parse(run_byline(db + " stats --format json").out);
    EXPECT_EQ(stats["articles"], 2) << command;
    EXPECT_EQ(run_byline(db + " search twelve --format jsonl").out, "") << command;
    auto found = run_byline(db + " search twenty --format jsonl").out;
    EXPECT_EQ(std::count(found.begin(), found.end(), '\n'), 2) << command << ": " << found;
  }
}

TEST(CrawlCliTest, AFeedUnderTwoOpmlFoldersHasBothTags) {
  TempDir tmp;
  const std::string feed = (source_dir() / "samples" / "feeds" / "wirewire.rdf").string();
  const fs::path opml = tmp.path() / "dup.opml";
  std::ofstream(opml)
      << "<?xml version=\"1.0\"?><opml version=\"2.0\"><body>"
      << "<outline text=\"Tech\"><outline type=\"rss\" text=\"W\" xmlUrl=\"file://" << feed
      << "\"/></outline>"
      << "<outline text=\"Business\"><outline type=\"rss\" text=\"W\" xmlUrl=\"file://" << feed
      << "\"/></outline></body></opml>";
  const std::string db = "--db " + q(tmp.path() / "idx");
  // The feed lies outside the OPML's folder: read when allowed.
  auto crawl =
      run_byline(db + " crawl --no-articles --allow-local-files " + q(opml) + " --format json");
  ASSERT_EQ(crawl.exit_code, 0) << crawl.err;
  EXPECT_EQ(json_int(crawl.out, "feeds"), 1);
  const int added = json_int(crawl.out, "articles_added");
  ASSERT_GT(added, 0);
  for (const char* tag : {"tag:tech", "tag:business"}) {
    auto r = run_byline(db + " search " + tag + " --limit 100 --all-copies --format json");
    EXPECT_EQ(nlohmann::json::parse(r.out)["total_estimate"].get<int>(), added) << tag;
  }
}

// Regression: `crawl FILE.opml` read every local file its outlines named (file:///etc/...,
// ../../.ssh/...), where `feeds import` asks for --allow-local-files. Files in the OPML's own
// folder are read (a corpus that moves as a whole); others only with the flag.
TEST(CrawlCliTest, AnOpmlReadsLocalFilesOnlyInItsOwnFolder) {
  TempDir tmp;
  const fs::path corpus = tmp.path() / "corpus";
  fs::create_directories(corpus / "feeds");
  fs::create_directories(tmp.path() / "elsewhere");
  const fs::path samples = source_dir() / "samples" / "feeds";
  fs::copy_file(samples / "briefstack.atom", corpus / "feeds" / "inside.atom");
  fs::copy_file(samples / "wirewire.rdf", tmp.path() / "elsewhere" / "up.rdf");
  fs::copy_file(samples / "thumbscroll.xml", tmp.path() / "elsewhere" / "abs.xml");
  fs::copy_file(samples / "fairhaven.atom", tmp.path() / "elsewhere" / "linked.atom");
  fs::create_symlink(tmp.path() / "elsewhere" / "linked.atom", corpus / "feeds" / "link.atom");
  std::ofstream(corpus / "list.opml")
      << "<opml version=\"2.0\"><body>"
      << "<outline text=\"inside\" xmlUrl=\"feeds/inside.atom\"/>"
      << "<outline text=\"up\" xmlUrl=\"../elsewhere/up.rdf\"/>"
      << "<outline text=\"abs\" xmlUrl=\"file://" << (tmp.path() / "elsewhere" / "abs.xml").string()
      << "\"/><outline text=\"link\" xmlUrl=\"feeds/link.atom\"/>"
      << "<outline text=\"web\" xmlUrl=\"http://10.0.0.1/feed\"/></body></opml>";
  const std::string db = "--db " + q(tmp.path() / "idx");
  auto crawl =
      run_byline(db + " crawl --no-articles " + q(corpus / "list.opml") + " --format json");
  // The web feed is tried (and refused for its private address); the three local files outside
  // the folder are skipped, each said, the run is not failed by them.
  EXPECT_EQ(crawl.exit_code, 10) << crawl.err;
  auto j = nlohmann::json::parse(crawl.out);
  std::set<std::string> crawled;
  for (const auto& f : j["feeds"]) crawled.insert(f["url"].get<std::string>());
  EXPECT_EQ(crawled, (std::set<std::string>{"file://" + (corpus / "feeds/inside.atom").string(),
                                            "http://10.0.0.1/feed"}))
      << crawl.out;
  EXPECT_EQ(j["totals"]["outlines_skipped"], 3);
  for (const char* name : {"\"up\"", "\"abs\"", "\"link\""})
    EXPECT_NE(crawl.err.find(std::string("skipped the outline ") + name +
                             ": a local file outside the OPML's folder"),
              std::string::npos)
        << name << ": " << crawl.err;
  EXPECT_NE(crawl.err.find("--allow-local-files reads it"), std::string::npos) << crawl.err;
  EXPECT_EQ(crawl.err.find("skipped the outline \"inside\""), std::string::npos) << crawl.err;

  // With the flag every local outline is read.
  auto allowed = run_byline(db + " crawl --no-articles --allow-local-files " +
                            q(corpus / "list.opml") + " --format json");
  auto all = nlohmann::json::parse(allowed.out);
  EXPECT_EQ(all["totals"]["feeds"], 5) << allowed.out;
  EXPECT_EQ(all["totals"]["outlines_skipped"], 0);
  EXPECT_EQ(allowed.err.find("skipped the outline"), std::string::npos) << allowed.err;

  // The text summary counts them too.
  auto text = run_byline("--db " + q(tmp.path() / "idx2") + " crawl --no-articles " +
                         q(corpus / "list.opml"));
  EXPECT_NE(text.out.find(", 3 OPML outlines skipped"), std::string::npos) << text.out;
}

// Regression: a feed's file:// link to a FIFO hung the crawl (and its index lock) past every
// timeout: libcurl reads files with blocking calls.
TEST(CrawlCliTest, AFileLinkToAFifoFailsAtOnce) {
  TempDir tmp;
  const fs::path fifo = tmp.path() / "pipe";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const fs::path feed = tmp.path() / "f.xml";
  std::ofstream(feed) << "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title>"
                      << "<item><title>Fifo story</title><link>file://" << fifo.string()
                      << "</link><description>The fifo story, told in the feed.</description>"
                      << "</item></channel></rss>";
  const auto start = std::chrono::steady_clock::now();
  auto r = run_byline("--db " + q(tmp.path() / "idx") + " crawl " + q(feed) + " --timeout 5");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
  EXPECT_EQ(r.exit_code, 10) << r.err;
  EXPECT_NE(r.err.find("is not a regular file (a FIFO"), std::string::npos) << r.err;
  auto shown = run_byline("--db " + q(tmp.path() / "idx") + " search fifo --format json");
  EXPECT_EQ(nlohmann::json::parse(shown.out)["results"].size(), 1u);  // from the feed's text
}

TEST(CrawlCliTest, HttpFeedsWithConditionalGetAndPartialFailure) {
  HttpTestServer server(serve_samples);
  TempDir tmp;
  const std::string db = "--db " + q(tmp.path() / "idx");
  const std::string feeds = "'" + server.url("/feeds/circuitledger.xml") + "' '" +
                            server.url("/feeds/briefstack.atom") + "' '" +
                            server.url("/feeds/missing.xml") + "'";
  const std::string flags = " --allow-private-networks --host-delay 0 --format json";
  auto first = run_byline(db + " crawl " + feeds + flags);
  EXPECT_EQ(first.exit_code, 10) << first.err << first.out;  // one feed failed, others fine
  EXPECT_EQ(json_int(first.out, "updated"), 2);
  EXPECT_EQ(json_int(first.out, "failed"), 1);
  const int added = json_int(first.out, "articles_added");
  EXPECT_GE(added, 10);
  EXPECT_EQ(json_int(first.out, "pages_fetched"), added);
  auto j = nlohmann::json::parse(first.out);
  EXPECT_NE(j["feeds"][2]["error"].get<std::string>().find("HTTP 404"), std::string::npos);
  const int requests = server.total_requests();
  auto second = run_byline(db + " crawl " + feeds + flags);
  EXPECT_EQ(json_int(second.out, "not_modified"), 2) << second.out;
  EXPECT_EQ(json_int(second.out, "articles_added"), 0);
  EXPECT_EQ(server.total_requests(), requests + 3);  // three feeds, no pages
}

// Regression (crawler audit, session 38): a page linked from N feeds was fetched N times in one
// crawl. It is fetched once now; the other feeds' entries are stored from their text, and the
// index keeps one story, the page's, under every feed.
TEST(CrawlCliTest, APageLinkedFromSeveralFeedsIsFetchedOnce) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.path.rfind("/f", 0) == 0) {
      const std::string f = req.path.substr(2, 1);
      std::string x = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Feed " + f +
                      "</title><link>http://example.com/</link>";
      for (const char* i : {"1", "2"})
        // Feed 3 links the pages at a fragment: the same pages (session 39's audit).
        x += std::string("<item><title>Story ") + i + " in feed " + f + "</title><link>/a/" + i +
             (f == "3" ? ".html#top" : ".html") + "</link><guid isPermaLink=\"false\">f" + f + "-" +
             i + "</guid><description>Summary " + i + " from feed " + f + ".</description></item>";
      return HttpResponse::text(200, x + "</channel></rss>", "application/rss+xml");
    }
    if (req.path.rfind("/a/", 0) == 0)
      return HttpResponse::text(
          200,
          "<html><head><title>Page</title></head><body><article><h1>Page</h1><p>The full "
          "text of " +
              req.path +
              ", which the feeds only summarise in a line.</p></article>"
              "</body></html>",
          "text/html");
    return HttpResponse::text(404, "no");
  });
  TempDir tmp;
  const std::string db = "--db " + q(tmp.path() / "idx");
  std::string feeds;
  for (const char* f : {"1", "2", "3"})
    feeds += " '" + server.url(std::string("/f") + f + ".xml") + "'";
  auto r =
      run_byline(db + " crawl" + feeds + " --allow-private-networks --host-delay 0 --format json");
  EXPECT_EQ(r.exit_code, 0) << r.err << r.out;
  EXPECT_EQ(server.request_count("/a/1.html"), 1);
  EXPECT_EQ(server.request_count("/a/2.html"), 1);
  EXPECT_EQ(json_int(r.out, "pages_fetched"), 2);
  EXPECT_EQ(json_int(r.out, "articles_added"), 2);
  auto out = run_byline(db + " export");
  ASSERT_EQ(out.exit_code, 0) << out.err;
  std::istringstream lines(out.out);
  std::string line;
  int stories = 0;
  while (std::getline(lines, line)) {
    auto j = nlohmann::json::parse(line);
    ++stories;
    const std::string url = j.value("url", "");
    EXPECT_NE(j.value("body", "").find("The full text of " + url.substr(url.find("/a/"))),
              std::string::npos)
        << line;
    std::set<std::string> feed_urls{j.value("feed_url", "")};
    for (const auto& f : j.value("other_feed_urls", std::vector<std::string>{}))
      feed_urls.insert(f);
    EXPECT_EQ(feed_urls.size(), 3u) << line;
  }
  EXPECT_EQ(stories, 2);
}

// Regression (audit, session 49): a page two feeds link, one with a utm_source, was stored
// under the URL of whichever feed came last (and fetched once per form); one feed's tracking
// link was the stored URL. The stored URL is the page's own, without the tracking parameters,
// whatever the order; the tracking link still finds it.
TEST(CrawlCliTest, AStorysUrlIsItsOwnWithoutTrackingParametersWhateverTheOrder) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.path == "/clean.xml" || req.path == "/tracked.xml") {
      std::string items =
          "<item><title>Quokka story</title><link>/a/3.html?" +
          std::string(req.path == "/clean.xml" ? "p=1"
                                               : "utm_source=two&amp;utm_medium=feed&amp;p=1") +
          "</link><description>Quokka summary.</description></item>";
      if (req.path == "/tracked.xml")
        items +=
            "<item><title>Wombat story</title><link>/a/4.html?fbclid=x</link>"
            "<description>Wombat summary.</description></item>";
      return HttpResponse::text(200,
                                "<rss version=\"2.0\"><channel><title>F</title><link>"
                                "http://example.com/</link>" +
                                    items + "</channel></rss>",
                                "application/rss+xml");
    }
    if (req.path.rfind("/a/", 0) == 0)
      return HttpResponse::text(200,
                                "<html><head><title>Page</title></head><body><article><h1>Page"
                                "</h1><p>The full text of the page, which the feeds only "
                                "summarise in a line.</p></article></body></html>",
                                "text/html");
    return HttpResponse::text(404, "no");
  });
  const std::string clean = server.url("/clean.xml"), tracked = server.url("/tracked.xml");
  for (const auto& order : {std::vector{clean, tracked}, std::vector{tracked, clean}}) {
    TempDir tmp;
    const std::string db = "--db " + q(tmp.path() / "idx");
    for (const std::string& feed : order) {
      auto r = run_byline(db + " crawl '" + feed + "' --allow-private-networks --host-delay 0");
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    auto show =
        run_byline(db + " show '" + server.url("/a/3.html?utm_source=two&p=1") + "' --format json");
    ASSERT_EQ(show.exit_code, 0) << show.err;
    const auto j = nlohmann::json::parse(show.out);
    EXPECT_EQ(j.value("url", ""), server.url("/a/3.html?p=1")) << order[0];
    auto wombat = run_byline(db + " show '" + server.url("/a/4.html") + "' --format json");
    ASSERT_EQ(wombat.exit_code, 0) << wombat.err;
    EXPECT_EQ(nlohmann::json::parse(wombat.out).value("url", ""), server.url("/a/4.html"));
  }
  {
    // Both in one run: the page is fetched once, under the first form met.
    TempDir tmp;
    auto r = run_byline("--db " + q(tmp.path() / "idx") + " crawl '" + clean + "' '" + tracked +
                        "' --allow-private-networks --host-delay 0 --format json");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(json_int(r.out, "pages_fetched"), 2);  // the quokka's page and the wombat's
  }
  // Feed entries stored without their pages (--no-articles) keep no tracking either.
  TempDir tmp;
  const std::string db = "--db " + q(tmp.path() / "idx");
  auto r = run_byline(db + " crawl '" + tracked +
                      "' --no-articles --allow-private-networks --host-delay 0");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto show = run_byline(db + " show '" + server.url("/a/3.html?p=1") + "' --format json");
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_EQ(nlohmann::json::parse(show.out).value("url", ""), server.url("/a/3.html?p=1"));
}

// Regression (audit, session 43): a web feed's entry with no GUID that linked a local file
// took that file's indexed article (its id was the link): it gained the feed's date and feed,
// so a search of the feed found the file and `prune` would have removed it. Links to ftp:,
// dict: and URLs that do not parse were stored as the entries' URLs.
TEST(CrawlCliTest, AWebFeedsLinkToALocalFileNamesNoArticle) {
  TempDir tmp;
  const auto memo = tmp.path() / "memo.html";
  std::ofstream(memo) << "<html><head><title>Private memo</title></head><body><article><h1>"
                         "Private memo</h1><p>The board meets on the quarterly figures, which "
                         "stay private until the results are out.</p></article></body></html>";
  const std::string file_url = "file://" + memo.string();
  HttpTestServer server([&](const HttpRequest& req) {
    std::string x = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Web</title>";
    int i = 0;
    for (const std::string& link :
         {file_url, std::string("ftp://example.com/x"),
          std::string("dict://example.com:11211/stat"), std::string("http://a b/c")})
      x += "<item><title>Entry " + std::to_string(++i) + "</title><link>" + link +
           "</link><pubDate>Mon, 01 Jan 2024 00:00:00 GMT</pubDate><description>An entry's "
           "own summary text.</description></item>";
    return req.path == "/feed.xml"
               ? HttpResponse::text(200, x + "</channel></rss>", "application/rss+xml")
               : HttpResponse::text(404, "no");
  });
  const std::string db = "--db " + q(tmp.path() / "idx");
  ASSERT_EQ(run_byline(db + " index -q " + q(memo.string())).exit_code, 0);
  const std::string before = run_byline(db + " show " + q(file_url) + " --format json").out;
  ASSERT_NE(before.find("Private memo"), std::string::npos) << before;
  auto r = run_byline(db + " crawl '" + server.url("/feed.xml") +
                      "' --allow-private-networks --host-delay 0 --format json");
  EXPECT_EQ(json_int(r.out, "articles_added"), 4) << r.out << r.err;
  EXPECT_EQ(json_int(r.out, "articles_updated"), 0) << r.out;
  EXPECT_EQ(run_byline(db + " show " + q(file_url) + " --format json").out, before);
  auto out = run_byline(db + " export");
  std::istringstream lines(out.out);
  std::string line;
  int entries = 0;
  while (std::getline(lines, line)) {
    const auto j = nlohmann::json::parse(line);
    if (j.value("title", "").starts_with("Entry ")) {
      ++entries;
      EXPECT_EQ(j.value("url", ""), "") << line;
    } else {
      EXPECT_EQ(j.value("url", ""), file_url) << line;
      EXPECT_FALSE(j.contains("feed_url")) << line;
    }
  }
  EXPECT_EQ(entries, 4);
  // A local feed the user names keeps its links as written: indexed again, the same entries
  // (second audit: an upgrade made second copies of them).
  const auto local = tmp.path() / "local.xml";
  std::ofstream(local) << "<rss version=\"2.0\"><channel><title>L</title><item><title>Local "
                          "entry</title><link>ftp://example.com/x</link><description>A local "
                          "entry's text.</description></item></channel></rss>";
  const std::string ldb = "--db " + q(tmp.path() / "local-idx");
  ASSERT_EQ(run_byline(ldb + " index -q " + q(local.string())).exit_code, 0);
  const auto j = nlohmann::json::parse(run_byline(ldb + " export").out);
  EXPECT_EQ(j.value("url", ""), "ftp://example.com/x");
}

// Regression (audit, session 30): a page's canonical link (or og:url, or JSON-LD url) on
// another site was taken as its URL, so any page could claim another site's story and replace
// its text in the index. A page fetched from the web names a URL of its own site only.
TEST(CrawlCliTest, APageCannotClaimAnotherSitesStory) {
  const std::string victim_text =
      "The council approved the new bridge on Tuesday after a long debate, and work is to start "
      "in the spring, the mayor said in a statement to reporters at the town hall.";
  auto page = [](const std::string& canonical, const std::string& title, const std::string& text) {
    return "<html><head><title>" + title + "</title><link rel=\"canonical\" href=\"" + canonical +
           "\"><meta property=\"og:url\" content=\"" + canonical + "\"></head><body><article><h1>" +
           title + "</h1><p>" + text + "</p><p>" + text + "</p></article></body></html>";
  };
  auto feed = [](const std::string& link) {
    return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title><link>" + link +
           "</link><item><title>Story</title><link>" + link + "</link><guid>" + link +
           "</guid></item></channel></rss>";
  };
  HttpTestServer server([&](const HttpRequest& req) {
    const std::string victim =
        "http://127.0.0.1:" + req.header("host").substr(req.header("host").find(':') + 1) +
        "/story";
    const std::string fake =
        "http://localhost:" + req.header("host").substr(req.header("host").find(':') + 1) + "/fake";
    if (req.path == "/victim.xml")
      return HttpResponse::text(200, feed(victim), "application/rss+xml");
    if (req.path == "/attack.xml")
      return HttpResponse::text(200, feed(fake), "application/rss+xml");
    if (req.path == "/story")
      return HttpResponse::text(200, page(victim, "Bridge approved", victim_text),
                                "text/html; charset=utf-8");
    if (req.path == "/fake")
      return HttpResponse::text(200,
                                page(victim, "Zzover spoof",
                                     "Zzover text the attacker wrote, "
                                     "long enough to be a paragraph of an article here."),
                                "text/html; charset=utf-8");
    return HttpResponse::text(404, "not found");
  });
  TempDir tmp;
  const std::string db = "--db " + q(tmp.path() / "idx");
  const std::string port = std::to_string(server.port());
  const std::string flags = " --allow-private-networks --host-delay 0 --format json";
  auto first = run_byline(db + " crawl http://127.0.0.1:" + port + "/victim.xml" + flags);
  ASSERT_EQ(first.exit_code, 0) << first.err << first.out;
  auto second = run_byline(db + " crawl http://localhost:" + port + "/attack.xml" + flags);
  ASSERT_EQ(second.exit_code, 0) << second.err << second.out;
  EXPECT_EQ(json_int(second.out, "articles_added"), 1) << second.out;
  auto shown = run_byline(db + " show http://127.0.0.1:" + port + "/story --format json");
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const auto story = nlohmann::json::parse(shown.out);
  EXPECT_EQ(story["title"], "Bridge approved");
  EXPECT_NE(story["body"].get<std::string>().find("The council approved"), std::string::npos);
  auto spoof = run_byline(db + " search zzover --format json");
  const auto hits = nlohmann::json::parse(spoof.out)["results"];
  ASSERT_EQ(hits.size(), 1u) << spoof.out;
  EXPECT_EQ(hits[0]["url"], "http://localhost:" + port + "/fake");
}

// Regression (audit, session 30): `crawl` read a local feed file through the download cap
// (16 MiB) and called one past it a network failure (exit 5), while `byline feed` read it:
// a local feed is read up to the feed parser's 32 MiB, and one past that is bad input.
TEST(CrawlCliTest, ALocalFeedIsReadUpToTheFeedCap) {
  TempDir tmp;
  auto feed_of = [&](const std::string& name, size_t padding) {
    const fs::path path = tmp.path() / name;
    std::ofstream out(path);
    out << "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Big</title><!-- "
        << std::string(padding, 'x') << " --><item><title>A quokka census</title>"
        << "<link>https://big.example/1</link><description>Quokkas were counted on the island "
           "this week.</description></item></channel></rss>\n";
    return path;
  };
  const std::string db = "--db " + q(tmp.path() / "idx");
  auto big = run_byline(db + " crawl " + q(feed_of("big.xml", 17u << 20)) +
                        " --no-articles --format json");
  EXPECT_EQ(big.exit_code, 0) << big.err;
  EXPECT_EQ(json_int(big.out, "articles_added"), 1) << big.out;
  auto huge = run_byline(db + " crawl " + q(feed_of("huge.xml", 33u << 20)) + " --no-articles");
  EXPECT_EQ(huge.exit_code, 4) << huge.err;
  EXPECT_NE(huge.err.find("is larger than 33554432 bytes"), std::string::npos) << huge.err;
  EXPECT_EQ(huge.err.find("--max-bytes"), std::string::npos) << huge.err;
}

TEST(CrawlCliTest, LoopbackRefusedWithoutTheFlag) {
  HttpTestServer server(serve_samples);
  TempDir tmp;
  auto r = run_byline("--db " + q(tmp.path() / "idx") + " crawl '" +
                      server.url("/feeds/circuitledger.xml") + "'");
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  EXPECT_NE(r.err.find("refused to connect to private address 127.0.0.1"), std::string::npos)
      << r.err;
  // Regression: the way out was said by `related`, not by `crawl`.
  EXPECT_NE(r.err.find("\nhint: pass --allow-private-networks"), std::string::npos) << r.err;
  EXPECT_EQ(server.total_requests(), 0);
}

TEST(CrawlCliTest, LockedIndexFailsClearly) {
  TempDir tmp;
  auto writer = IndexWriter::open((tmp.path() / "idx").string());
  ASSERT_TRUE(writer.ok()) << writer.status().message();
  auto r = run_byline("--db " + q(tmp.path() / "idx") + " crawl " +
                      q(source_dir() / "samples" / "feeds" / "wirewire.rdf"));
  EXPECT_EQ(r.exit_code, 7) << r.err;
  EXPECT_NE(r.err.find("lock"), std::string::npos) << r.err;
}

TEST(CrawlCliTest, MissingInputsAreReportedAndOthersStillCrawled) {
  TempDir tmp;
  auto r = run_byline("--db " + q(tmp.path() / "idx") + " crawl /nonexistent/feed.xml " +
                      q(source_dir() / "samples" / "feeds" / "wirewire.rdf"));
  EXPECT_EQ(r.exit_code, 10) << r.err << r.out;
  EXPECT_NE(r.out.find("1 updated"), std::string::npos) << r.out;
  // Failures go to stderr, one `byline:` line each (README: exit code 10), the feed named by
  // its file:// URL as a feed that was read is (regression: the argument as typed).
  EXPECT_NE(r.err.find("byline: feed file:///nonexistent/feed.xml: no such file"),
            std::string::npos)
      << r.err;
}

// Regression (crawler audit, session 30): `crawl http://` printed a crawl summary of one
// failed feed, then exited 2. A named URL that cannot be one is refused before anything runs.
TEST(CrawlCliTest, ANamedUrlThatCannotBeOneIsAUsageErrorBeforeTheCrawl) {
  TempDir tmp;
  const std::string feed = q(source_dir() / "samples" / "feeds" / "wirewire.rdf");
  struct Case {
    std::string args;
    std::string message;
  };
  for (const Case& c : std::vector<Case>{
           {"http://", "byline: invalid URL 'http://': No host part in the URL\n"},
           {feed + " 'https://exa mple.com/feed'",
            "byline: invalid URL 'https://exa mple.com/feed'"},
           {"ftp://example.com/feed.xml " + feed, "byline: unsupported URL scheme: ftp://"},
           // Regression (session 31's audit): these were "no such file" (exit 3) after the
           // index was made.
           {feed + " 'javascript:alert(1)'", "byline: unsupported URL scheme: javascript:"},
           {"'data:text/xml,<rss/>'", "byline: unsupported URL scheme: data:"},
           {"mailto:feeds@example.com", "byline: unsupported URL scheme: mailto:"},
           // Session 49's left item: standard input was read, then "cannot read file:///…/-".
           {feed + " -",
            "byline: crawl reads feeds at their address, not from standard input\n"
            "hint: `byline index -` indexes"},
       }) {
    for (const char* format : {"text", "json"}) {
      auto r =
          run_byline("--db " + q(tmp.path() / "idx") + " crawl --format " + format + " " + c.args);
      EXPECT_EQ(r.exit_code, 2) << c.args << ": " << r.err;
      EXPECT_EQ(r.err.rfind(c.message, 0), 0u) << c.args << ": " << r.err;
      EXPECT_EQ(r.out, "") << c.args;
    }
  }
  EXPECT_FALSE(fs::exists(tmp.path() / "idx"));  // nothing was opened, so nothing crawled
}

// Regression (crawler audit, session 30): JSON output kept a hostile feed's DEL and CSI (U+009B)
// in its title and its categories; text output stripped them. Names keep no controls.
TEST(FeedsCliTest, AFeedsTitleAndTagsKeepNoControlCharacters) {
  TempDir tmp;
  const std::string db = "--db " + q(tmp.path() / "idx");
  const fs::path feed = tmp.path() / "evil.xml";
  std::ofstream(feed) << "<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel>"
                         "<title>Evil\xC2\x9B"
                         "31m Feed\x7F</title><link>https://evil.example/</link>"
                         "<item><title>Quokkas</title><link>https://evil.example/q</link>"
                         "<category>bad\xC2\x9Btag</category><category>\xC2\x9B</category>"
                         "<description>The quokkas of the island were counted again.</description>"
                         "</item></channel></rss>";
  ASSERT_EQ(run_byline(db + " feeds add " + q(feed) + " --tag 'x\x7Fy'").exit_code, 0);
  auto r = run_byline(db + " crawl --no-articles");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto ls = nlohmann::json::parse(run_byline(db + " feeds ls --format json").out);
  ASSERT_EQ(ls["feeds"].size(), 1u) << ls;
  EXPECT_EQ(ls["feeds"][0]["title"], "Evil31m Feed") << ls;
  EXPECT_EQ(ls["feeds"][0]["tags"], nlohmann::json::array({"xy"})) << ls;
  auto hits = nlohmann::json::parse(run_byline(db + " search quokkas --format json").out);
  ASSERT_EQ(hits["results"].size(), 1u) << hits;
  const std::string id = hits["results"][0]["id"];
  auto shown = nlohmann::json::parse(run_byline(db + " show " + id + " --format json").out);
  EXPECT_EQ(shown["tags"], nlohmann::json::array({"badtag", "xy"})) << shown;
}

TEST(FeedsCliTest, SubscribeListExportAndScheduledCrawl) {
  TempDir tmp;
  const std::string db = "--db " + q(tmp.path() / "idx");
  // The samples' OPML names local files, which an import takes only when allowed.
  auto imported = run_byline(db + " feeds import --allow-local-files " +
                             q(source_dir() / "samples" / "feeds.opml"));
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  auto added = run_byline(db + " feeds add https://example.com/feed.xml --tag tech --tag 'AI'");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  auto ls = run_byline(db + " feeds ls --format json");
  auto j = nlohmann::json::parse(ls.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << ls.out << ls.err;
  ASSERT_EQ(j["feeds"].size(), 6u);
  EXPECT_EQ(j["feeds"][5]["url"], "https://example.com/feed.xml");
  EXPECT_EQ(j["feeds"][5]["tags"], nlohmann::json::array({"tech", "AI"}));
  EXPECT_EQ(j["feeds"][0]["tags"], nlohmann::json::array({"Tech"}));  // from the OPML folder
  // Regression: the text list gave no next due time (docs/cron.md says it does).
  const std::string text = run_byline(db + " feeds ls").out;
  EXPECT_NE(text.find("https://example.com/feed.xml  [tech, AI]  next: now\n"), std::string::npos)
      << text;

  // OPML round trip keeps every URL and tag.
  auto exported = run_byline(db + " feeds export");
  ASSERT_EQ(exported.exit_code, 0);
  const fs::path opml = tmp.path() / "export.opml";
  FILE* f = fopen(opml.c_str(), "w");
  fputs(exported.out.c_str(), f);
  fclose(f);
  const std::string db2 = "--db " + q(tmp.path() / "idx2");
  ASSERT_EQ(run_byline(db2 + " feeds import --allow-local-files " + q(opml)).exit_code, 0);
  auto ls2 = run_byline(db2 + " feeds ls --format json");
  auto j2 = nlohmann::json::parse(ls2.out, nullptr, false);
  ASSERT_TRUE(j2.is_object());
  ASSERT_EQ(j2["feeds"].size(), 6u);
  for (size_t i = 0; i < 6; ++i) {
    EXPECT_EQ(j2["feeds"][i]["url"], j["feeds"][i]["url"]);
    EXPECT_EQ(j2["feeds"][i]["tags"], j["feeds"][i]["tags"]);
  }
  // Regression: import took what `feeds add` refuses (a scheme byline does not fetch, a local
  // file that is not there), and dropped an unusable outline without a word.
  const fs::path odd = tmp.path() / "odd.opml";
  std::ofstream(odd) << "<opml version=\"2.0\"><body>"
                        "<outline text=\"js\" xmlUrl=\"javascript:alert(1)\"/>"
                        "<outline text=\"ftp\" xmlUrl=\"ftp://x.example/f\"/>"
                        "<outline text=\"gone\" xmlUrl=\"file:///no/such/feed.xml\"/>"
                        "<outline text=\"ok\" xmlUrl=\"https://ok.example/feed.xml\"/>"
                        "</body></opml>";
  const std::string db3 = "--db " + q(tmp.path() / "idx3");
  auto imported_odd = run_byline(db3 + " feeds import --allow-local-files " + q(odd));
  EXPECT_EQ(imported_odd.exit_code, 0);
  EXPECT_NE(imported_odd.out.find("imported 1 new feed(s); 1 in all; 3 skipped"), std::string::npos)
      << imported_odd.out;
  // Regression (crawler audit, session 30): javascript: was "cannot resolve URL: Unsupported
  // number of slashes following scheme".
  for (const char* name : {"\"js\": unsupported URL scheme: javascript:alert(1)",
                           "\"ftp\": unsupported URL scheme", "\"gone\": no such file"})
    EXPECT_NE(imported_odd.err.find(std::string("skipped the outline ") + name), std::string::npos)
        << imported_odd.err;

  // Regression: a mistyped URL among others was skipped without a word, exit 0.
  auto rm = run_byline(db + " feeds rm https://example.com/feed.xml https://typo.example/x");
  EXPECT_EQ(rm.exit_code, 10) << rm.err;
  EXPECT_NE(rm.out.find("removed 1 feed(s)"), std::string::npos) << rm.out;
  EXPECT_NE(rm.err.find("not subscribed: https://typo.example/x"), std::string::npos) << rm.err;
  auto none = run_byline(db + " feeds rm https://typo.example/x");
  EXPECT_EQ(none.exit_code, 3) << none.err;
  EXPECT_NE(none.err.find("not subscribed: https://typo.example/x"), std::string::npos) << none.err;
  // A scheduled run crawls the due feeds; right after, none is due.
  auto crawl = run_byline(db + " crawl --format json");
  EXPECT_EQ(crawl.exit_code, 0) << crawl.err << crawl.out;
  EXPECT_EQ(json_int(crawl.out, "feeds"), 5);
  EXPECT_GE(json_int(crawl.out, "articles_added"), 40);
  auto again = run_byline(db + " crawl --format json");
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(json_int(again.out, "feeds"), 0);
  auto all = run_byline(db + " crawl --all --format json");
  EXPECT_EQ(json_int(all.out, "feeds"), 5);
  EXPECT_EQ(json_int(all.out, "articles_added"), 0);
}

}  // namespace
}  // namespace byline

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

namespace byline {
namespace {

TEST(CrawlCliTest, WaitQueuesBehindAnotherWriter) {
  testing::TempDir tmp;
  const std::string db = (tmp.path() / "idx").string();
  auto writer = IndexWriter::open(db);
  ASSERT_TRUE(writer.ok());
  std::thread release([&writer] {
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    writer.value().reset();  // the other writer leaves
  });
  auto t0 = std::chrono::steady_clock::now();
  auto r =
      testing::run_byline("--db '" + db + "' crawl --wait '" +
                          (testing::source_dir() / "samples/feeds/wirewire.rdf").string() + "'");
  const double waited =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  release.join();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GE(waited, 0.7);
  EXPECT_NE(r.out.find("1 updated"), std::string::npos) << r.out;
}

TEST(CrawlCliTest, WatchCrawlsDueFeedsAndStopsOnSigterm) {
  for (const bool quiet : {false, true}) {
    SCOPED_TRACE(quiet ? "--quiet" : "not quiet");
    testing::TempDir tmp;
    const std::string db = (tmp.path() / "idx").string();
    ASSERT_EQ(testing::run_byline("--db '" + db + "' feeds import --allow-local-files '" +
                                  (testing::source_dir() / "samples/feeds.opml").string() + "'")
                  .exit_code,
              0);
    const std::string bin = testing::byline_binary().string();
    const std::string err = (tmp.path() / "err.txt").string();
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      freopen("/dev/null", "w", stdout);
      freopen(err.c_str(), "w", stderr);
      std::vector<const char*> argv = {bin.c_str(), "--db", db.c_str(), "crawl", "--watch"};
      if (quiet) argv.push_back("--quiet");
      argv.push_back(nullptr);
      execv(bin.c_str(), const_cast<char* const*>(argv.data()));
      _exit(127);
    }
    // The daemon crawls what is due at once: wait for the articles to appear.
    int articles = 0;
    for (int i = 0; i < 100 && articles < 40; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      auto stats = testing::run_byline("--db '" + db + "' stats --format json");
      auto j = nlohmann::json::parse(stats.out, nullptr, false);
      if (j.is_object()) articles = j["articles"].get<int>();
    }
    EXPECT_GE(articles, 40);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the run's end: asleep
    kill(pid, SIGTERM);
    int status = 0;
    bool reaped = false;
    auto t0 = std::chrono::steady_clock::now();
    while (!(reaped = waitpid(pid, &status, WNOHANG) == pid) &&
           std::chrono::steady_clock::now() - t0 < std::chrono::seconds(5))
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (!reaped) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      FAIL() << "--watch did not stop on SIGTERM";
    }
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    const std::string said = testing::read_file(err);
    if (quiet) {
      // Regression (audit, session 45): --quiet promised no progress, and the journal of the
      // quiet unit (docs/systemd) got the stop's notice; the exit status says it all.
      EXPECT_EQ(said, "");
      continue;
    }
    // Regression (ops audit): asleep between runs, it said it was "storing what was fetched".
    EXPECT_NE(said.find("byline: stopping (between runs: nothing under way)"), std::string::npos)
        << said;
    EXPECT_EQ(said.find("storing what was fetched"), std::string::npos) << said;
  }
}

// Regression: a crawl dropped the feed's <language>: German entries were stored as "en", so
// lang:de found nothing, while `byline index` of the same feed gave "de".
TEST(CrawlCliTest, EntriesAndPagesTakeTheFeedsLanguageUnlessTheyNameTheirOwn) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.path == "/feed.xml")
      return HttpResponse::text(
          200,
          "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>G</title>"
          "<language>de</language>"
          "<item><title>Neue Chips</title><link>/plain.html</link><guid>g1</guid>"
          "<description>Der Hersteller stellt neue Chips vor.</description></item>"
          "<item><title>Puces</title><link>/fr.html</link><guid>g2</guid>"
          "<description>Le fabricant presente des puces.</description></item>"
          "<item xml:lang=\"fr\"><title>Puces</title><link>/fr2.html</link><guid>g4</guid>"
          "<description>Le fabricant presente des puces.</description></item>"
          "<item><title>Nur im Feed</title><guid>g3</guid><description>Die Meldung steht nur "
          "im Feed und verlinkt keine Seite.</description></item></channel></rss>",
          "application/rss+xml");
    const bool fr = req.path == "/fr.html" || req.path == "/fr2.html";
    return HttpResponse::text(
        200,
        std::string("<html") + (req.path == "/fr.html" ? " lang=\"fr\"" : "") + "><head><title>" +
            (fr ? "Puces" : "Neue Chips") + "</title></head><body><article><p>" +
            (fr ? "Le fabricant a presente ses nouvelles puces lundi, a dit la societe."
                : "Der Hersteller hat am Montag neue Chips vorgestellt, sagte das Unternehmen.") +
            "</p></article></body></html>",
        "text/html");
  });
  testing::TempDir tmp;
  const std::string db = "--db '" + (tmp.path() / "idx").string() + "' ";
  auto crawl = testing::run_byline(db + "crawl --allow-private-networks --host-delay 0 '" +
                                   server.url("/feed.xml") + "'");
  ASSERT_EQ(crawl.exit_code, 0) << crawl.err;
  auto language = [&](const std::string& url) {
    auto r = testing::run_byline(db + "show '" + url + "' --format json");
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    return j.is_object() && j.contains("language") ? j["language"].get<std::string>()
                                                   : "(" + r.err + ")";
  };
  EXPECT_EQ(language(server.url("/plain.html")), "de");
  EXPECT_EQ(language(server.url("/fr.html")), "fr");
  // Regression (audit): a page without a tag took the feed's language over its entry's own.
  EXPECT_EQ(language(server.url("/fr2.html")), "fr");
  auto german = testing::run_byline(db + "search 'lang:de' --format json");
  auto j = nlohmann::json::parse(german.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << german.out << german.err;
  EXPECT_EQ(j["results"].size(), 2u) << german.out;  // the linked page and the feed-only entry
}

// A crawled page keeps the date it states; a date it only suggests (its address's day, a
// dateline's words) gives way to its feed entry's exact time (session 35: the permalink and
// dateline readers came in; a page that had no date took the entry's before them).
TEST(CrawlCliTest, APagesStatedDateWinsItsGuessedDayGivesWayToTheEntrys) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.path == "/feed.xml")
      return HttpResponse::text(
          200,
          "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>G</title>"
          "<item><title>Chips</title><link>/2026/11/30/chips.html</link><guid>g1</guid>"
          "<pubDate>Mon, 30 Nov 2026 10:15:00 GMT</pubDate></item>"
          "<item><title>Lander</title><link>/2026/11/30/lander.html</link><guid>g2</guid>"
          "<pubDate>Mon, 30 Nov 2026 11:45:00 GMT</pubDate></item></channel></rss>",
          "application/rss+xml");
    const bool stated = req.path == "/2026/11/30/lander.html";
    return HttpResponse::text(
        200,
        std::string("<html><head><title>Story</title>") +
            (stated ? "<meta property=article:published_time content=2026-11-30T09:00:00Z>" : "") +
            "</head><body><article><p>Published Nov 30, 2026</p><p>The maker showed its new "
            "chips on Monday, the company said in a statement to reporters.</p></article>"
            "</body></html>",
        "text/html");
  });
  testing::TempDir tmp;
  const std::string db = "--db '" + (tmp.path() / "idx").string() + "' ";
  auto crawl = testing::run_byline(db + "crawl --allow-private-networks --host-delay 0 '" +
                                   server.url("/feed.xml") + "'");
  ASSERT_EQ(crawl.exit_code, 0) << crawl.err;
  auto date = [&](const std::string& url) {
    auto r = testing::run_byline(db + "show '" + url + "' --format json");
    auto j = nlohmann::json::parse(r.out, nullptr, false);
    return j.is_object() && j.contains("published")
               ? j["published"].get<std::string>() + " " + j.value("published_source", "")
               : "(" + r.err + ")";
  };
  EXPECT_EQ(date(server.url("/2026/11/30/chips.html")), "2026-11-30T10:15:00Z feed");
  EXPECT_EQ(date(server.url("/2026/11/30/lander.html")), "2026-11-30T09:00:00Z meta");
}

// A feed of six stories whose last three pages take 5 s while `slow` is set.
struct SlowSite {
  std::atomic<bool> slow{true};
  HttpTestServer server{[this](const HttpRequest& req) {
    if (req.path == "/robots.txt") return HttpResponse::text(404, "none");
    if (req.path == "/feed.xml") {
      std::string items;
      for (int i = 0; i < 6; ++i)
        items += "<item><title>Slow story " + std::to_string(i) + "</title><link>/p" +
                 std::to_string(i) +
                 ".html</link><description>Words of the story.</description>"
                 "</item>";
      return HttpResponse::text(
          200,
          "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>S</title>" + items +
              "</channel></rss>",
          "application/rss+xml");
    }
    HttpResponse page = HttpResponse::text(
        200, "<html><body><article><p>The page of " + req.path + ".</p></article></body></html>",
        "text/html");
    if (slow && req.path >= "/p3") page.delay_ms = 5000;
    return page;
  }};
};

int article_count(const std::string& db) {
  auto stats = testing::run_byline("--db '" + db + "' stats --format json");
  auto j = nlohmann::json::parse(stats.out, nullptr, false);
  return j.is_object() ? j["articles"].get<int>() : -1;
}

/// Waits up to `seconds` for `pid` to end; kills it (and fails) if it does not.
using testing::reap_within;

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Regression: under --watch a signal only ended the loop after the whole crawl under way (a
// service stop ran into SIGKILL), and nothing said so. Then a second signal quit at once and lost
// the pages already fetched for the feed under way.
TEST(CrawlCliTest, WatchStopsOnASignalAndStoresWhatCame) {
  SlowSite site;
  testing::TempDir tmp;
  const std::string db = (tmp.path() / "idx").string();
  ASSERT_EQ(testing::run_byline("--db '" + db + "' feeds add --no-discover " +
                                "--allow-private-networks '" + site.server.url("/feed.xml") + "'")
                .exit_code,
            0);
  const std::string bin = testing::byline_binary().string();
  const std::string err = (tmp.path() / "err.txt").string();
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    freopen("/dev/null", "w", stdout);
    freopen(err.c_str(), "w", stderr);
    execl(bin.c_str(), bin.c_str(), "--db", db.c_str(), "crawl", "--watch",
          "--allow-private-networks", "--host-delay", "0", static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // slow pages under way
  kill(pid, SIGTERM);
  int status = 0;
  ASSERT_TRUE(reap_within(pid, &status, 2.0)) << "SIGTERM did not stop the crawl under way";
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  const std::string said = slurp(err);
  EXPECT_NE(said.find("stopping: storing what was fetched"), std::string::npos) << said;
  EXPECT_NE(said.find("stopped by a signal: 0 feeds not crawled, 3 new articles left"),
            std::string::npos)
      << said;
  EXPECT_EQ(article_count(db), 3) << said;  // the three fast pages were kept
  // The feed is due at once, and its other stories come with the next scheduled run.
  site.slow = false;
  auto next = testing::run_byline("--db '" + db +
                                  "' crawl --allow-private-networks "
                                  "--host-delay 0");
  EXPECT_EQ(next.exit_code, 0) << next.err;
  EXPECT_NE(next.out.find("3 added"), std::string::npos) << next.out;
  EXPECT_EQ(article_count(db), 6);
}

TEST(CrawlCliTest, ASignalStopsAOneShotCrawlAndKeepsWhatWasFetched) {
  SlowSite site;
  testing::TempDir tmp;
  const std::string db = (tmp.path() / "idx").string();
  const std::string bin = testing::byline_binary().string();
  const std::string out = (tmp.path() / "out.json").string();
  const std::string err = (tmp.path() / "err.txt").string();
  const std::string feed = site.server.url("/feed.xml");
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    freopen(out.c_str(), "w", stdout);
    freopen(err.c_str(), "w", stderr);
    execl(bin.c_str(), bin.c_str(), "--db", db.c_str(), "crawl", "--format", "json",
          "--allow-private-networks", "--host-delay", "0", feed.c_str(),
          static_cast<char*>(nullptr));
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  kill(pid, SIGINT);
  int status = 0;
  ASSERT_TRUE(reap_within(pid, &status, 2.0)) << "SIGINT did not stop the crawl";
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 11) << status << slurp(err);
  auto j = nlohmann::json::parse(slurp(out), nullptr, false);
  ASSERT_TRUE(j.is_object()) << slurp(out);
  EXPECT_EQ(j["feeds"][0]["outcome"], "updated");
  EXPECT_EQ(j["feeds"][0]["added"], 3);
  EXPECT_EQ(j["feeds"][0]["interrupted"], 3);
  EXPECT_EQ(j["feeds"][0]["page_failures"], 0);
  EXPECT_EQ(j["totals"]["articles_interrupted"], 3);
  EXPECT_EQ(j["totals"]["failed"], 0);
  EXPECT_EQ(article_count(db), 3);
  site.slow = false;
  auto next = testing::run_byline("--db '" + db +
                                  "' crawl --allow-private-networks "
                                  "--host-delay 0 '" +
                                  feed + "'");
  EXPECT_EQ(next.exit_code, 0) << next.err;
  EXPECT_EQ(article_count(db), 6);
}

// A run had no time limit of its own. --time-limit ends it as a signal does: exit 11, what
// came stored, the rest due at once, and the summary says which of the two it was.
TEST(CrawlCliTest, TheTimeLimitStopsACrawlAndKeepsWhatWasFetched) {
  SlowSite site;
  testing::TempDir tmp;
  const std::string db = (tmp.path() / "idx").string();
  const std::string feed = site.server.url("/feed.xml");
  const std::string crawl =
      "--db '" + db + "' crawl --allow-private-networks --host-delay 0 --time-limit 1.5 ";
  const auto t0 = std::chrono::steady_clock::now();
  auto r = testing::run_byline(crawl + "--format json '" + feed + "'");
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(), 4.5);
  EXPECT_EQ(r.exit_code, 11) << r.err;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j["feeds"][0]["outcome"], "updated");
  EXPECT_EQ(j["feeds"][0]["added"], 3);
  EXPECT_EQ(j["feeds"][0]["interrupted"], 3);
  EXPECT_EQ(j["totals"]["time_limit_reached"], true);
  EXPECT_EQ(j["totals"]["failed"], 0);
  EXPECT_EQ(article_count(db), 3);
  // The text summary's line says it was the limit, not a signal.
  site.slow = true;
  auto text = testing::run_byline(crawl + "'" + feed + "'");
  EXPECT_EQ(text.exit_code, 11) << text.err;
  EXPECT_NE(text.err.find("stopped by its time limit (--time-limit): 0 feeds not crawled, 3 new "
                          "articles left"),
            std::string::npos)
      << text.err;
  site.slow = false;
  auto next = testing::run_byline(crawl + "--format json '" + feed + "'");
  EXPECT_EQ(next.exit_code, 0) << next.err;
  auto k = nlohmann::json::parse(next.out, nullptr, false);
  ASSERT_TRUE(k.is_object()) << next.out;
  EXPECT_EQ(k["totals"]["time_limit_reached"], false);
  EXPECT_EQ(article_count(db), 6);
}

}  // namespace
}  // namespace byline

namespace byline {
namespace {

// Regression (audit, session 46): a page that failed for now (a 503) waited for its feed's own
// interval, a day, and `feeds ls` said nothing of it. The feed is due in 5 minutes, and says so.
TEST(FeedsCliTest, AFeedWithPagesToRetryIsDueSoonAndSaysSo) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.path == "/feed.xml")
      return HttpResponse::text(
          200,
          "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>R</title>"
          "<item><title>Up</title><guid>g1</guid><link>/news/1</link>"
          "<description>Text one.</description></item>"
          "<item><title>Down</title><guid>g2</guid><link>/news/2</link>"
          "<description>Text two.</description></item></channel></rss>",
          "application/rss+xml");
    if (req.path == "/news/2") return HttpResponse::text(503, "later");
    if (req.path == "/robots.txt") return HttpResponse::text(404, "none");
    return HttpResponse::text(
        200,
        "<html><head><title>Up</title></head><body><article><p>The story that is up.</p>"
        "</article></body></html>",
        "text/html");
  });
  testing::TempDir tmp;
  const std::string db = "--db '" + (tmp.path() / "idx").string() + "'";
  ASSERT_EQ(run_byline(db + " feeds add --no-discover '" + server.url("/feed.xml") + "'").exit_code,
            0);
  const auto before = std::chrono::system_clock::now();
  auto r = run_byline(db + " crawl --allow-private-networks --host-delay 0");
  EXPECT_EQ(r.exit_code, 10) << r.out << r.err;
  auto ls = nlohmann::json::parse(run_byline(db + " feeds ls --format json").out);
  ASSERT_EQ(ls["feeds"].size(), 1u);
  EXPECT_EQ(ls["feeds"][0]["pages_to_retry"], 1);
  EXPECT_EQ(ls["feeds"][0]["error_count"], 0);
  // Due 5 minutes after the run, not a day.
  const auto due = parse_date(ls["feeds"][0]["next_due"].get<std::string>());
  ASSERT_TRUE(due);
  const int64_t start = std::chrono::system_clock::to_time_t(before);
  EXPECT_GE(*due, start + 299);
  EXPECT_LE(*due, start + 360);
  EXPECT_EQ(ls["feeds"][0]["due"], false);
  const std::string text = run_byline(db + " feeds ls").out;
  EXPECT_NE(text.find("  (1 page to ask for again)  next: "), std::string::npos) << text;
}

// Audit, session 48: a feed its server's pause held back counted as failed; it is deferred,
// and counts for neither side of the exit code: the one feed asked for failed, so 5.
TEST(CrawlCliTest, FeedsAPauseHoldsBackAreDeferred) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.path == "/busy.xml") {
      HttpResponse r = HttpResponse::text(429, "slow down");
      r.headers.emplace_back("Retry-After", "3600");
      return r;
    }
    return HttpResponse::text(200, "<rss version=\"2.0\"><channel><title>T</title></channel></rss>",
                              "application/rss+xml");
  });
  testing::TempDir tmp;
  const std::string db = "--db '" + (tmp.path() / "idx").string() + "'";
  auto r = run_byline(db + " crawl --allow-private-networks --host-delay 0 --host-concurrency 1 '" +
                      server.url("/busy.xml") + "' '" + server.url("/other.xml") + "'");
  EXPECT_EQ(r.exit_code, 5) << r.out << r.err;
  EXPECT_NE(r.out.find("1 failed, 1 deferred (their server asked for a pause)"), std::string::npos)
      << r.out;
  EXPECT_EQ(server.request_count("/other.xml"), 0);
}

TEST(FeedsCliTest, PermanentMoveSeenOnThreeRunsUpdatesTheSubscription) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.path == "/old.xml") return HttpResponse::redirect(301, "/new.xml");
    if (req.path == "/temp.xml") return HttpResponse::redirect(302, "/new2.xml");
    return HttpResponse::text(
        200,
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>M</title>"
        "<item><title>Moved story " +
            req.path + "</title><guid>g" + req.path +
            "</guid><description>Text of the moved story.</description></item>"
            "</channel></rss>",
        "application/rss+xml");
  });
  testing::TempDir tmp;
  const std::string db = "--db '" + (tmp.path() / "idx").string() + "'";
  ASSERT_EQ(run_byline(db + " feeds add --no-discover '" + server.url("/old.xml") + "' '" +
                       server.url("/temp.xml") + "'")
                .exit_code,
            0);
  for (int run = 1; run <= 3; ++run) {
    auto r = run_byline(db + " crawl --all --allow-private-networks --host-delay 0 --format json");
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(json_int(r.out, "articles_added"), run == 1 ? 2 : 0) << "run " << run;
  }
  auto ls = nlohmann::json::parse(run_byline(db + " feeds ls --format json").out);
  ASSERT_EQ(ls["feeds"].size(), 2u);
  EXPECT_EQ(ls["feeds"][0]["url"], server.url("/new.xml"));   // followed the 301s
  EXPECT_EQ(ls["feeds"][1]["url"], server.url("/temp.xml"));  // a 302 never moves a feed
  const int old_hits = server.request_count("/old.xml");
  auto after =
      run_byline(db + " crawl --all --allow-private-networks --host-delay 0 --format json");
  EXPECT_EQ(json_int(after.out, "articles_added"), 0);  // state moved along: nothing new
  EXPECT_EQ(server.request_count("/old.xml"), old_hits);
  // Regression: `feed:NEW` missed the stories crawled before the move; both addresses find them.
  for (const char* feed : {"/new.xml", "/old.xml"}) {
    auto found = nlohmann::json::parse(
        run_byline(db + " search 'feed:" + server.url(feed) + "' --format json").out);
    ASSERT_EQ(found["results"].size(), 1u) << feed << found.dump();
    EXPECT_EQ(found["results"][0]["title"], "Moved story /new.xml") << feed;
  }
}

// Regression: a move onto an address already subscribed dropped the old subscription's tags
// and full-text setting, and wrote the old state over the new address's.
// Regression (session 37's audit): a feed found from a page's link had no title in `feeds ls`
// until its first crawl, though `feeds add` had fetched it (and printed its title).
TEST(FeedsCliTest, AFeedFoundFromAPageIsListedWithItsOwnTitle) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.path == "/site")
      return HttpResponse::text(200,
                                "<!doctype html><html><head><link rel=alternate "
                                "type=application/rss+xml title=RSS href=/feed.xml></head>"
                                "<body>The site</body></html>",
                                "text/html");
    return HttpResponse::text(200,
                              "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>The "
                              "\x7F Circuit  Ledger</title><item><title>A</title><guid>a</guid>"
                              "</item></channel></rss>",
                              "application/rss+xml");
  });
  testing::TempDir tmp;
  const std::string db = "--db '" + (tmp.path() / "idx").string() + "'";
  auto added = run_byline(db + " feeds add --allow-private-networks '" + server.url("/site") + "'");
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_NE(added.out.find("found feed " + server.url("/feed.xml") + " (RSS)"), std::string::npos)
      << added.out;
  auto ls = nlohmann::json::parse(run_byline(db + " feeds ls --format json").out);
  ASSERT_EQ(ls["feeds"].size(), 1u);
  EXPECT_EQ(ls["feeds"][0]["url"], server.url("/feed.xml"));
  EXPECT_EQ(ls["feeds"][0]["title"], "The Circuit Ledger");  // the feed's, not the link's "RSS"
  EXPECT_NE(run_byline(db + " feeds export").out.find("text=\"The Circuit Ledger\""),
            std::string::npos);
}

TEST(FeedsCliTest, AMoveOntoASubscribedFeedMergesTheTwoSubscriptions) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.path == "/a.xml") return HttpResponse::redirect(301, "/c.xml");
    return HttpResponse::text(
        200,
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>C</title>"
        "<item><title>Merged story</title><guid>g1</guid>"
        "<description>Text of the story.</description></item>"
        "</channel></rss>",
        "application/rss+xml");
  });
  testing::TempDir tmp;
  const std::string db = "--db '" + (tmp.path() / "idx").string() + "'";
  ASSERT_EQ(run_byline(db + " feeds add --no-discover '" + server.url("/a.xml") +
                       "' --tag ta --full-text never")
                .exit_code,
            0);
  ASSERT_EQ(
      run_byline(db + " feeds add --no-discover '" + server.url("/c.xml") + "' --tag tc").exit_code,
      0);
  for (int run = 1; run <= 3; ++run)
    ASSERT_EQ(run_byline(db + " crawl --all --allow-private-networks --host-delay 0").exit_code, 0);
  auto ls = nlohmann::json::parse(run_byline(db + " feeds ls --format json").out);
  ASSERT_EQ(ls["feeds"].size(), 1u) << ls.dump();
  EXPECT_EQ(ls["feeds"][0]["url"], server.url("/c.xml"));
  EXPECT_EQ(ls["feeds"][0]["tags"], nlohmann::json::array({"tc", "ta"}));
  EXPECT_EQ(ls["feeds"][0]["full_text"], "never");
}

}  // namespace
}  // namespace byline

namespace byline {
namespace {

// Regression: the refusal's hint named --allow-private-networks, which extract and feed
// rejected as an unknown option (exit 2).
TEST(FetchingCommandsTest, ExtractAndFeedTakeAllowPrivateNetworks) {
  HttpTestServer server(serve_samples);
  const std::string page =
      "'" + server.url("/articles/circuitledger/halvorsen-corvid-x2-ai-accelerator.html") + "'";
  const std::string feed = "'" + server.url("/feeds/wirewire.rdf") + "'";
  for (const std::string& cmd : {"extract " + page, "feed " + feed}) {
    auto refused = run_byline(cmd);
    EXPECT_EQ(refused.exit_code, 5) << cmd << refused.err;
    EXPECT_NE(refused.err.find("hint: pass --allow-private-networks"), std::string::npos)
        << refused.err;
  }
  EXPECT_EQ(server.total_requests(), 0);
  auto f = run_byline("feed " + feed + " --allow-private-networks --format json");
  ASSERT_EQ(f.exit_code, 0) << f.err;
  EXPECT_EQ(nlohmann::json::parse(f.out)["entries"].size(), 8u);
  auto e = run_byline("extract " + page + " --allow-private-networks --format json");
  ASSERT_EQ(e.exit_code, 0) << e.err;
  EXPECT_NE(nlohmann::json::parse(e.out)["title"].get<std::string>().find("Corvid X2"),
            std::string::npos);
  EXPECT_EQ(server.total_requests(), 2);
}

// Regression: --max-bytes, --timeout and --connect-timeout, the caps of any transfer, were
// options of `crawl` only; the other commands that fetch refused them (exit 2).
TEST(FetchingCommandsTest, EveryFetchingCommandTakesTheTransferCaps) {
  HttpTestServer server(serve_samples);
  const std::string page =
      "'" + server.url("/articles/circuitledger/halvorsen-corvid-x2-ai-accelerator.html") + "'";
  const std::string feed = "'" + server.url("/feeds/wirewire.rdf") + "'";
  const std::string caps = " --allow-private-networks --timeout 30 --connect-timeout 5";
  for (const std::string& cmd :
       {"extract " + page, "feed " + feed, "related " + page, "feeds add " + feed}) {
    TempDir tmp;
    const std::string db = "--db '" + (tmp.path() / "idx").string() + "' ";
    if (cmd.starts_with("related")) {  // an index to relate the page to
      ASSERT_EQ(
          run_byline(db + "index '" + (source_dir() / "samples/articles").string() + "'").exit_code,
          0);
    }
    auto small = run_byline(db + cmd + caps + " --max-bytes 1000");
    // `feeds add` subscribes to what it could not check, and says why.
    EXPECT_EQ(small.exit_code, cmd.starts_with("feeds") ? 0 : 5) << cmd << ": " << small.err;
    EXPECT_NE(small.err.find("larger than 1000 bytes"), std::string::npos)
        << cmd << ": " << small.err;
    auto ok = run_byline(db + cmd + caps + " --max-bytes 1000000");
    EXPECT_EQ(ok.exit_code, 0) << cmd << ": " << ok.err;
    EXPECT_EQ(run_byline(db + cmd + caps + " --timeout 0").exit_code, 2) << cmd;
  }
}

// Regression: `extract URL` of a PDF printed half-replacement-character text, exit 0, where the
// same bytes as a local file are refused as binary.
TEST(FetchingCommandsTest, ExtractRefusesWhatIsNoText) {
  std::string pdf = "%PDF-1.4\n";
  for (int i = 0; i < 4000; ++i) pdf += static_cast<char>((i * 37) % 256);
  HttpTestServer server([&](const HttpRequest& req) {
    if (req.path == "/doc.pdf") return HttpResponse::text(200, pdf, "application/pdf");
    if (req.path == "/mislabelled") return HttpResponse::text(200, pdf, "text/html");
    if (req.path == "/logo.png") return HttpResponse::text(200, "\x89PNG text", "image/png");
    return HttpResponse::text(404, "not found");
  });
  for (const char* path : {"/doc.pdf", "/mislabelled", "/logo.png"}) {
    auto r =
        run_byline("extract '" + server.url(path) + "' --allow-private-networks --format json");
    EXPECT_EQ(r.exit_code, 4) << path << ": " << r.out.substr(0, 200);
    EXPECT_NE(r.err.find("is not text"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
  }
}

}  // namespace
}  // namespace byline

namespace byline {
namespace {

// Regression: out-of-range numbers were clamped in silence (--concurrency 0 ran with 1,
// --max-bytes 1000 with 1024) or passed on (--host-delay -5); --all with inputs ignored --all.
TEST(CrawlCliTest, OutOfRangeOptionsAreUsageErrors) {
  TempDir tmp;
  const std::string db = "--db " + q(tmp.path() / "idx");
  const std::string feed = q(source_dir() / "samples" / "feeds" / "wirewire.rdf");
  for (const char* bad :
       {"--concurrency 0", "--concurrency -3", "--concurrency 1001", "--host-concurrency 0",
        "--timeout -1", "--timeout 0", "--connect-timeout 0", "--host-delay -5", "--max-bytes 0",
        "--max-bytes -5", "--concurrency many", "--all", "--time-limit -1", "--time-limit soon"}) {
    auto r = run_byline(db + " crawl " + bad + " " + feed);
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.err << r.out;
    EXPECT_EQ(r.err.rfind("byline: ", 0), 0u) << r.err;
    EXPECT_EQ(r.out, "") << bad;
  }
  EXPECT_NE(run_byline(db + " crawl --concurrency 0 " + feed)
                .err.find("--concurrency: '0' is not a whole number from 1 to 1000"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(tmp.path() / "idx"));  // nothing ran

  // --max-bytes is the cap asked for, to the byte.
  std::string body =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Size</title><item>"
      "<title>A story</title><guid>s1</guid><description>Text.</description></item>";
  body += "<!--" + std::string(1010 - body.size() - 23, 'x') + "--></channel></rss>";
  ASSERT_EQ(body.size(), 1010u);
  HttpTestServer server(
      [&body](const HttpRequest&) { return HttpResponse::text(200, body, "application/rss+xml"); });
  const std::string small = "'" + server.url("/small.xml") + "' --allow-private-networks";
  auto cut = run_byline(db + " crawl --no-articles --max-bytes 1000 " + small);
  EXPECT_EQ(cut.exit_code, 5) << cut.err << cut.out;
  auto fits = run_byline(db + " crawl --no-articles --max-bytes 1010 --format json " + small);
  EXPECT_EQ(fits.exit_code, 0) << fits.err << fits.out;
  EXPECT_EQ(json_int(fits.out, "articles_added"), 1);
}

}  // namespace
}  // namespace byline

namespace byline {
namespace {

// Regression: `feeds ls` and `feeds export` took the write lock, so they failed (exit 7) while
// any crawl or index run was writing.
TEST(FeedsCliTest, ListAndExportReadWhileAnotherProcessWrites) {
  TempDir tmp;
  const std::string db = "--db " + q(tmp.path() / "idx");
  ASSERT_EQ(run_byline(db + " feeds import --allow-local-files " +
                       q(source_dir() / "samples" / "feeds.opml"))
                .exit_code,
            0);
  auto writer = IndexWriter::open((tmp.path() / "idx").string());
  ASSERT_TRUE(writer.ok()) << writer.status().message();
  auto ls = run_byline(db + " feeds ls --format json");
  ASSERT_EQ(ls.exit_code, 0) << ls.err;
  EXPECT_EQ(nlohmann::json::parse(ls.out)["feeds"].size(), 5u);
  auto text = run_byline(db + " feeds ls");
  EXPECT_EQ(text.exit_code, 0) << text.err;
  EXPECT_EQ(std::count(text.out.begin(), text.out.end(), '\n'), 5);
  auto exported = run_byline(db + " feeds export");
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  size_t outlines = 0;
  for (size_t at = 0; (at = exported.out.find("xmlUrl=", at)) != std::string::npos; ++at)
    ++outlines;
  EXPECT_EQ(outlines, 5u);
  // Changing the list still needs the lock.
  EXPECT_EQ(run_byline(db + " feeds add --no-discover https://example.com/f.xml").exit_code, 7);
  writer->reset();

  // No index: "no index at ..." (exit 3, as `byline search` says), and none is created.
  const fs::path none = tmp.path() / "none";
  auto empty = run_byline("--db " + q(none) + " feeds ls --format json");
  EXPECT_EQ(empty.exit_code, 3) << empty.err;
  EXPECT_NE(empty.err.find("byline: no index at "), std::string::npos) << empty.err;
  EXPECT_EQ(run_byline("--db " + q(none) + " feeds export").exit_code, 3);
  EXPECT_FALSE(fs::exists(none));
}

}  // namespace
}  // namespace byline

namespace byline {
namespace {

// Regression: `feeds add` subscribed to missing files, directories, other schemes and pages
// without a feed, with exit 0 and no word.
// Regression (crawler audit, session 38): an OPML file of links only imported 0 feeds silently.
TEST(FeedsCliTest, AnOpmlWithNoFeedIsSaidSo) {
  TempDir tmp;
  const fs::path opml = tmp.path() / "links.opml";
  std::ofstream(opml) << "<opml version=\"2.0\"><body><outline text=\"Blog\" type=\"link\" "
                         "url=\"https://b.example/\"/></body></opml>";
  const std::string db = "--db " + q(tmp.path() / "idx");
  for (const char* cmd : {" feeds import ", " crawl "}) {
    auto r = run_byline(db + std::string(cmd) + q(opml));
    EXPECT_EQ(r.exit_code, 0) << cmd << r.err;
    EXPECT_NE(r.err.find("links.opml: no feed in it: no outline has an xmlUrl"), std::string::npos)
        << cmd << r.err;
    EXPECT_NE(r.err.find("left out 1 outline(s) that link a web page"), std::string::npos)
        << cmd << r.err;
  }
}

// Regression (audit, session 41): a server's Content-Language did not reach the feed reader: a
// feed that names no language of its own read its "05/03/2026" in no order.
TEST(FeedsCliTest, AServersContentLanguageIsTheFeedsDefault) {
  HttpTestServer server([](const HttpRequest&) {
    HttpResponse r = HttpResponse::text(
        200,
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>T</title><item>"
        "<title>A</title><guid>a</guid><pubDate>05/03/2026 10:00:00</pubDate></item>"
        "</channel></rss>",
        "application/rss+xml");
    r.headers.emplace_back("Content-Language", "en-GB");
    return r;
  });
  auto r =
      run_byline("feed --allow-private-networks --format json '" + server.url("/feed.xml") + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["entries"].size(), 1u);
  EXPECT_EQ(j["entries"][0]["published"], "2026-03-05T10:00:00Z") << r.out;
  // Not the feed's language: a server's default would overrule the articles' text (audit).
  EXPECT_EQ(j["feed"]["language"], "") << r.out;
}

// Regression (session 40's leftover): an import's summary counted no web page's or other list's
// outline, though it warned of them. They are counted apart from "skipped": --replace takes a
// list that holds them (its feeds are the whole list), and refuses one it could not take whole.
TEST(FeedsCliTest, AnImportCountsTheOutlinesThatAreNoFeeds) {
  TempDir tmp;
  const fs::path opml = tmp.path() / "mixed.opml";
  std::ofstream(opml)
      << "<opml version=\"2.0\"><body>"
         "<outline text=\"Blog\" type=\"link\" url=\"https://b.example/\"/>"
         "<outline text=\"Home\" htmlUrl=\"https://c.example/\"/>"
         "<outline text=\"More\" type=\"include\" url=\"https://d.example/l.opml\"/>"
         "<outline text=\"ok\" xmlUrl=\"https://ok.example/feed.xml\"/>"
         "</body></opml>";
  const std::string db = "--db " + q(tmp.path() / "idx");
  auto r = run_byline(db + " feeds import " + q(opml));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("imported 1 new feed(s); 1 in all; 3 not feeds (web pages, other lists)\n"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("skipped"), std::string::npos) << r.out;
  // Regression (feeds audit, session 49's left item): --replace called every feed of the list
  // new, the one already subscribed too.
  auto replaced = run_byline(db + " feeds import --replace " + q(opml));
  EXPECT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_NE(replaced.out.find("imported 0 new feed(s); 1 in all; 3 not feeds"), std::string::npos)
      << replaced.out;
  const fs::path two = tmp.path() / "two.opml";
  std::ofstream(two) << "<opml version=\"2.0\"><body>"
                        "<outline text=\"ok\" xmlUrl=\"https://ok.example/feed.xml\"/>"
                        "<outline text=\"new\" xmlUrl=\"https://new.example/feed.xml\"/>"
                        "</body></opml>";
  auto grown = run_byline(db + " feeds import --replace " + q(two));
  EXPECT_EQ(grown.out, "imported 1 new feed(s); 2 in all\n") << grown.err;
  ASSERT_EQ(run_byline(db + " feeds import --replace " + q(opml)).exit_code, 0);
  std::ofstream(opml) << "<opml version=\"2.0\"><body>"
                         "<outline text=\"Blog\" type=\"link\" url=\"https://b.example/\"/>"
                         "<outline text=\"ok\" xmlUrl=\"https://ok.example/feed.xml\"/>"
                         "<outline text=\"js\" xmlUrl=\"javascript:alert(1)\"/>"
                         "</body></opml>";
  auto refused = run_byline(db + " feeds import --replace " + q(opml));
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("--replace: 1 outline(s) skipped would leave the list"),
            std::string::npos)
      << refused.err;
  auto pages = run_byline(db + " feeds import " + q(opml));
  EXPECT_NE(pages.out.find("; 1 skipped; 1 not feeds (web pages)\n"), std::string::npos)
      << pages.out;
}

TEST(FeedsCliTest, AddRefusesWhatCannotBeAFeed) {
  TempDir tmp;
  const std::string db = "--db " + q(tmp.path() / "idx");
  fs::create_directory(tmp.path() / "dir");
  std::ofstream(tmp.path() / "page.html")
      << "<html><head><title>No feed</title></head><body><p>Just a page.</p></body></html>";
  struct Case {
    std::string arg;
    int code;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"/nonexistent.xml", 3, "byline: no such file: /nonexistent.xml\n"},
      {"'not a url'", 3, "byline: no such file: not a url\n"},
      {"'file:///nonexistent.xml'", 3, "byline: no such file: file:///nonexistent.xml\n"},
      {"'javascript:alert(1)'", 2, "byline: unsupported URL scheme: javascript:alert(1)\n"},
      {"ftp://example.com/feed.xml", 2, "byline: unsupported URL scheme: ftp://"},
      {q(tmp.path() / "dir"), 4, "is a directory, not a feed\n"},
      {q(tmp.path() / "page.html"), 3, "page.html is not a feed and links to none\n"},
      {q(source_dir() / "samples" / "feeds.opml"), 3,
       "hint: it is an OPML list: `byline feeds import"},
  };
  for (const Case& c : cases) {
    auto r = run_byline(db + " feeds add " + c.arg);
    EXPECT_EQ(r.exit_code, c.code) << c.arg << ": " << r.err;
    EXPECT_NE(r.err.find(c.message), std::string::npos) << c.arg << ": " << r.err;
    EXPECT_EQ(r.out, "") << c.arg;
  }
  // A missing file is refused even as given; --no-discover still takes a page or a URL unread.
  EXPECT_EQ(run_byline(db + " feeds add --no-discover /nonexistent.xml").exit_code, 3);
  auto as_given = run_byline(db + " feeds add --no-discover " + q(tmp.path() / "page.html") +
                             " https://example.com/feed.xml");
  EXPECT_EQ(as_given.exit_code, 0) << as_given.err;
  // A feed file is subscribed with its title, as a file:// URL.
  auto ok = run_byline(db + " feeds add " + q(source_dir() / "samples" / "feeds" / "wirewire.rdf"));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  auto ls = nlohmann::json::parse(run_byline(db + " feeds ls --format json").out);
  ASSERT_EQ(ls["feeds"].size(), 3u);
  EXPECT_EQ(ls["feeds"][0]["url"], "file://" + (tmp.path() / "page.html").string());
  EXPECT_EQ(ls["feeds"][1]["url"], "https://example.com/feed.xml");
  EXPECT_EQ(ls["feeds"][2]["url"],
            "file://" + (source_dir() / "samples" / "feeds" / "wirewire.rdf").string());
  EXPECT_EQ(ls["feeds"][2]["title"], "Wirewire: Technology");

  // Regression: a feed found from a page was named after the page's link ("Main") for good;
  // it is named by its own title once crawled.
  const std::string db2 = "--db " + q(tmp.path() / "idx2");
  fs::copy_file(source_dir() / "samples" / "feeds" / "wirewire.rdf", tmp.path() / "ww.rdf");
  std::ofstream(tmp.path() / "home.html")
      << "<html><head><title>Home</title><link rel=alternate type=application/rss+xml "
         "title=Main href=ww.rdf></head><body><p>Hello.</p></body></html>";
  auto found = run_byline(db2 + " feeds add " + q(tmp.path() / "home.html"));
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_NE(found.out.find("(Main)"), std::string::npos) << found.out;
  ASSERT_EQ(run_byline(db2 + " crawl --no-articles").exit_code, 0);
  auto ls2 = nlohmann::json::parse(run_byline(db2 + " feeds ls --format json").out);
  ASSERT_EQ(ls2["feeds"].size(), 1u);
  EXPECT_EQ(ls2["feeds"][0]["title"], "Wirewire: Technology") << ls2.dump();

  // Regression (session 38's crawler audit): one name that was no feed failed the whole
  // command, and the good feeds named with it, said to be found, were never subscribed.
  const std::string db3 = "--db " + q(tmp.path() / "idx3");
  auto some =
      run_byline(db3 + " feeds add " + q(tmp.path() / "home.html") + " " +
                 q(tmp.path() / "page.html") + " /nonexistent.xml " + q(tmp.path() / "ww.rdf"));
  EXPECT_EQ(some.exit_code, 10) << some.err;
  EXPECT_NE(some.err.find("page.html is not a feed and links to none\n"), std::string::npos)
      << some.err;
  EXPECT_NE(some.err.find("byline: no such file: /nonexistent.xml\n"), std::string::npos)
      << some.err;
  EXPECT_NE(some.out.find("subscribed to 1 new feed(s); 1 in all"), std::string::npos) << some.out;
  auto ls3 = nlohmann::json::parse(run_byline(db3 + " feeds ls --format json").out);
  ASSERT_EQ(ls3["feeds"].size(), 1u);
  EXPECT_EQ(ls3["feeds"][0]["url"], "file://" + (tmp.path() / "ww.rdf").string());
  // When every one fails, the first failure's code, and nothing is written.
  auto none = run_byline(db3 + " feeds add /nonexistent.xml 'javascript:alert(1)'");
  EXPECT_EQ(none.exit_code, 3) << none.err;
  EXPECT_EQ(none.out, "");
}

}  // namespace
}  // namespace byline

namespace byline {
namespace {

// Regression: pages a feed links to that could not be fetched were only counted
// (`page_failures: 1`), never named; the run said "0 failed" and exited 0. A loopback page
// without --allow-private-networks was counted as blocked by robots.txt.
TEST(CrawlCliTest, FailedPagesAreListedAndMakeThePartialExitCode) {
  TempDir tmp;
  const std::string db = "--db " + q(tmp.path() / "idx");
  const std::string missing = "file://" + (tmp.path() / "missing.html").string();
  const fs::path feed = tmp.path() / "lf.xml";
  std::ofstream(feed)
      << "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>LF</title>"
         "<item><title>Missing page</title><guid>g1</guid><link>"
      << missing
      << "</link><description>Text of the first story.</description></item>"
         "<item><title>Loopback page</title><guid>g2</guid><link>http://127.0.0.1/x</link>"
         "<description>Text of the second story.</description></item></channel></rss>";
  auto text = run_byline(db + " crawl " + q(feed));
  EXPECT_EQ(text.exit_code, 10) << text.err << text.out;
  EXPECT_NE(text.out.find("articles: 2 added, 0 updated, 0 unchanged (0 pages fetched, 2 failed)"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.err.find("byline: page " + missing + ": "), std::string::npos) << text.err;
  // Regression (session 38's crawler audit): the page's refused address was said as its
  // robots.txt's ("cannot check robots.txt: ... for http://127.0.0.1/robots.txt"), and no
  // hint named the flag that allows it.
  EXPECT_NE(text.err.find("byline: page http://127.0.0.1/x: refused to connect to private "
                          "address 127.0.0.1 for http://127.0.0.1/x\n"),
            std::string::npos)
      << text.err;
  EXPECT_NE(text.err.find("\nhint: pass --allow-private-networks to allow loopback and private "
                          "networks\n"),
            std::string::npos)
      << text.err;
  EXPECT_EQ(std::count(text.err.begin(), text.err.end(), '\n'), 3) << text.err;

  // The same in the JSON summary (a fresh index: the feed's entries are new again).
  auto json = run_byline("--db " + q(tmp.path() / "idx2") + " crawl --format json " + q(feed));
  EXPECT_EQ(json.exit_code, 10) << json.err;
  EXPECT_EQ(json.err, "");
  auto j = nlohmann::json::parse(json.out);
  const auto& f = j["feeds"][0];
  EXPECT_EQ(f["outcome"], "updated");
  EXPECT_EQ(f["page_failures"], 2);
  EXPECT_EQ(f["robots_blocked"], 0);
  ASSERT_EQ(f["failed_pages"].size(), 2u);
  std::set<std::string> urls;
  for (const auto& p : f["failed_pages"]) {
    urls.insert(p["url"].get<std::string>());
    EXPECT_FALSE(p["error"].get<std::string>().empty());
  }
  EXPECT_EQ(urls, (std::set<std::string>{missing, "http://127.0.0.1/x"}));
  EXPECT_EQ(j["totals"]["pages_failed"], 2);
  EXPECT_EQ(j["totals"]["failed"], 0);  // feeds
  EXPECT_EQ(j["totals"]["articles_added"], 2);
}

}  // namespace
}  // namespace byline

namespace byline {
namespace {

// Regression: `byline -q crawl` printed its summary; --quiet promises errors only.
TEST(CrawlCliTest, QuietPrintsOnlyWhatFailed) {
  TempDir tmp;
  const std::string db = "--db " + q(tmp.path() / "idx");
  auto ok = run_byline(db + " -q crawl " + q(source_dir() / "samples" / "feeds" / "wirewire.rdf"));
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_EQ(ok.out, "");
  EXPECT_EQ(ok.err, "");
  // Failures still show, one line each, wherever -q is written.
  auto failed = run_byline(db + " crawl /nonexistent/feed.xml " +
                           q(source_dir() / "samples" / "feeds" / "briefstack.atom") + " -q");
  EXPECT_EQ(failed.exit_code, 10);
  EXPECT_EQ(failed.out, "");
  EXPECT_EQ(failed.err,
            "byline: feed file:///nonexistent/feed.xml: no such file: /nonexistent/feed.xml\n");
  // A JSON summary is what was asked for: still printed.
  auto json = run_byline(db + " -q crawl --format json " +
                         q(source_dir() / "samples" / "feeds" / "wirewire.rdf"));
  EXPECT_EQ(json.exit_code, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["totals"]["feeds"], 1);
}

}  // namespace
}  // namespace byline

namespace byline {
namespace {

// An entry that ends up with no text at all (no title, no summary, its page missing) is an
// article that failed: named on stderr and in the JSON summary, and the run is partial.
TEST(CrawlCliTest, ArticlesThatCannotBeIndexedAreListed) {
  TempDir tmp;
  const fs::path feed = tmp.path() / "empty.xml";
  std::ofstream(feed) << "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>E</title>"
                         "<item><guid isPermaLink=\"false\">bare</guid><link>file://"
                      << (tmp.path() / "gone.html").string()
                      << "</link></item>"
                         "<item><title>Fine</title><guid isPermaLink=\"false\">fine</guid>"
                         "<description>Text of a fine story.</description></item>"
                         "</channel></rss>";
  auto text = run_byline("--db " + q(tmp.path() / "idx") + " crawl " + q(feed));
  EXPECT_EQ(text.exit_code, 10) << text.err << text.out;
  EXPECT_NE(text.out.find("articles: 1 added, 0 updated, 0 unchanged, 1 failed"), std::string::npos)
      << text.out;
  EXPECT_NE(text.err.find(": article not indexed: entry bare has no text"), std::string::npos)
      << text.err;
  auto json = run_byline("--db " + q(tmp.path() / "idx2") + " crawl --format json " + q(feed));
  EXPECT_EQ(json.exit_code, 10);
  const auto f = nlohmann::json::parse(json.out)["feeds"][0];
  EXPECT_EQ(f["failed_articles"], 1);
  ASSERT_EQ(f["article_errors"].size(), 1u);
  EXPECT_EQ(f["article_errors"][0].get<std::string>().rfind("entry bare has no text", 0), 0u);
}

}  // namespace
}  // namespace byline

namespace byline {
namespace {

// Regression: a feed refused for its private address backed off like a failing feed, so the
// scheduled run the hint asked for (`crawl --allow-private-networks`) found nothing due.
TEST(CrawlCliTest, AFeedRefusedForItsAddressIsDueOnceTheFlagAllowsIt) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.path == "/feed.xml")
      return HttpResponse::text(
          200,
          "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>L"
          "</title><item><title>Local story</title><guid isPermaLink=\"false\">l1</guid>"
          "<description>A story on the intranet.</description></item>"
          "</channel></rss>",
          "application/rss+xml");
    return HttpResponse::text(404, "none");
  });
  testing::TempDir tmp;
  const std::string db = "--db '" + (tmp.path() / "idx").string() + "' ";
  ASSERT_EQ(testing::run_byline(db + "feeds add --no-discover '" + server.url("/feed.xml") + "'")
                .exit_code,
            0);
  auto refused = testing::run_byline(db + "crawl");
  EXPECT_EQ(refused.exit_code, 5) << refused.err;
  EXPECT_NE(refused.err.find("--allow-private-networks"), std::string::npos) << refused.err;
  EXPECT_EQ(server.total_requests(), 0);
  auto still_backing_off = testing::run_byline(db + "crawl");  // not due: it backs off
  EXPECT_NE(still_backing_off.out.find("crawled 0 feeds"), std::string::npos)
      << still_backing_off.out;
  auto allowed = testing::run_byline(db + "crawl --allow-private-networks --host-delay 0");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.err;
  EXPECT_NE(allowed.out.find("1 added"), std::string::npos) << allowed.out;
}

// Regression (audit): a --time-limit under a second was a second.
TEST(CrawlCliTest, ALimitUnderASecondIsKept) {
  SlowSite site;
  site.slow = false;
  testing::TempDir tmp;
  const std::string db = (tmp.path() / "idx").string();
  // robots.txt and the pages 0.3 s apart: the feed comes at once, no page before 0.4 s.
  auto r = testing::run_byline("--db '" + db +
                               "' crawl --allow-private-networks --host-delay 0.3 "
                               "--time-limit 0.4 --format json '" +
                               site.server.url("/feed.xml") + "'");
  EXPECT_EQ(r.exit_code, 11) << r.err;
  auto j = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.out;
  EXPECT_EQ(j["totals"]["time_limit_reached"], true);
  EXPECT_EQ(j["feeds"][0]["interrupted"], 6);
  EXPECT_EQ(article_count(db), 0);
}

}  // namespace
}  // namespace byline
