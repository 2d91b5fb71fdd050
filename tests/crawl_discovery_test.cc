// Feed autodiscovery: <link rel=alternate> first, then well-known paths; candidates verified.
#include <gtest/gtest.h>

#include "crawler/discovery.h"
#include "http_test_server.h"
#include "test_support.h"

namespace byline::crawler {
namespace {

using byline::testing::HttpRequest;
using byline::testing::HttpResponse;
using byline::testing::HttpTestServer;

const char* kAtom =
    "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Site Atom</title>"
    "<id>urn:x</id><updated>2024-01-01T00:00:00Z</updated><entry><title>E</title><id>urn:e</id>"
    "<link href=\"/e\"/><updated>2024-01-01T00:00:00Z</updated></entry></feed>";
const char* kRss =
    "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Site RSS</title><link>/</link>"
    "<item><title>I</title><link>/i</link></item></channel></rss>";

FetchOptions loopback() {
  FetchOptions o;
  o.allow_private_networks = true;
  o.host_delay_seconds = 0;
  o.total_timeout_ms = 3000;
  return o;
}

TEST(DiscoveryTest, FindsAlternateLinksInDocumentOrder) {
  const std::string html =
      "<html><head><base href=\"https://example.com/blog/\">"
      "<link rel=\"stylesheet\" href=\"/s.css\">"
      "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Atom\" href=\"atom.xml\">"
      "<LINK REL=\"Alternate Home\" TYPE=\"application/rss+xml\" HREF=\"/rss.xml\">"
      "<link rel=\"alternate\" type=\"application/feed+json\" href=\"feed.json\">"
      "<link rel=\"alternate\" type=\"text/html\" hreflang=\"fr\" href=\"/fr/\">"
      "<link rel=\"alternate\" type=\"application/rss+xml\" href=\"file:///etc/passwd\">"
      "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"atom.xml\">"
      "</head><body><a type=\"application/rss+xml\" href=\"/comments.rss\">comments</a>"
      "<a href=\"/not-a-feed\">x</a></body></html>";
  auto links = feed_links_in_html(html, "https://example.com/blog/post");
  ASSERT_EQ(links.size(), 4u);
  EXPECT_EQ(links[0].url, "https://example.com/blog/atom.xml");
  EXPECT_EQ(links[0].title, "Atom");
  EXPECT_EQ(links[0].type, "atom");
  EXPECT_EQ(links[1].url, "https://example.com/rss.xml");
  EXPECT_EQ(links[1].type, "rss");
  EXPECT_EQ(links[2].url, "https://example.com/blog/feed.json");
  EXPECT_EQ(links[2].type, "json");
  EXPECT_EQ(links[3].url, "https://example.com/comments.rss");
  EXPECT_TRUE(feed_links_in_html("", "https://example.com/").empty());
  EXPECT_TRUE(feed_links_in_html("<<<not html at all", "https://example.com/").empty());
}

TEST(DiscoveryTest, PageLinksAreVerifiedAndWellKnownPathsAreTheFallback) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.path == "/with-links")
      return HttpResponse::text(200,
                                "<!doctype html><html><head>"
                                "<link rel=alternate type=application/rss+xml href=/broken.xml>"
                                "<link rel=alternate type=application/atom+xml "
                                "href=/atom.xml></head><body>hi</body></html>",
                                "text/html");
    if (req.path == "/atom.xml") return HttpResponse::text(200, kAtom, "application/atom+xml");
    if (req.path == "/plain")
      return HttpResponse::text(200, "<html><body>no links</body></html>", "text/html");
    if (req.path == "/rss.xml") return HttpResponse::text(200, kRss, "text/xml");
    if (req.path == "/feed" || req.path == "/feed.xml")  // one feed under several paths
      return HttpResponse::text(200, kRss, "application/rss+xml");
    if (req.path == "/direct.xml")
      return HttpResponse::text(200, kRss, "text/html");  // mislabelled
    return HttpResponse::text(404, "<html><body>not found</body></html>", "text/html");
  });
  auto linked = discover_feeds(server.url("/with-links"), loopback());
  ASSERT_TRUE(linked.ok()) << linked.status().message();
  ASSERT_EQ(linked->size(), 1u);  // /broken.xml is a 404, not offered
  EXPECT_EQ((*linked)[0].url, server.url("/atom.xml"));
  EXPECT_EQ((*linked)[0].title, "Site Atom");

  auto guessed = discover_feeds(server.url("/plain"), loopback());
  ASSERT_TRUE(guessed.ok()) << guessed.status().message();
  // /feed, /rss.xml and /feed.xml serve one feed: offered once, under the first path tried.
  ASSERT_EQ(guessed->size(), 2u);
  EXPECT_EQ((*guessed)[0].url, server.url("/feed"));
  EXPECT_EQ((*guessed)[1].url, server.url("/atom.xml"));

  auto direct = discover_feeds(server.url("/direct.xml"), loopback());
  ASSERT_TRUE(direct.ok());
  EXPECT_EQ((*direct)[0].url, server.url("/direct.xml"));
}

// Regression (audit F9): every feed-typed link on a page was fetched to verify it: a page of
// 3000 such links made `feeds add` send 3000 requests (50 minutes at the site's pace).
TEST(DiscoveryTest, OnlyTheFirstCandidatesAreTriedLinkElementsFirst) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.path == "/many") {
      std::string html = "<!doctype html><html><head><title>x</title></head><body>";
      for (int i = 0; i < 3000; ++i)
        html += "<a type=application/rss+xml href=/f" + std::to_string(i) + ".xml>f</a>";
      // The page's own declaration comes last in the document but is tried first.
      html += "<link rel=alternate type=application/atom+xml href=/atom.xml></body></html>";
      return HttpResponse::text(200, html, "text/html");
    }
    if (req.path == "/atom.xml") return HttpResponse::text(200, kAtom, "application/atom+xml");
    return HttpResponse::text(404, "<html><body>not found</body></html>", "text/html");
  });
  std::string note;
  auto found = discover_feeds(server.url("/many"), loopback(), &note);
  ASSERT_TRUE(found.ok()) << found.status().message();
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].url, server.url("/atom.xml"));
  EXPECT_LE(server.total_requests(), 1 + static_cast<int>(kMaxFeedCandidates));
  EXPECT_EQ(server.request_count("/f9.xml"), 0);  // the tenth candidate is the ninth <a>
  EXPECT_EQ(server.request_count("/f8.xml"), 1);
  EXPECT_EQ(note, "the page links to 3001 feeds; only the first 10 were tried");

  note.clear();
  auto links = feed_links_in_html(
      "<html><body><a type=application/rss+xml href=/a.xml>a</a></body></html>"
      "<link rel=alternate type=application/rss+xml href=/l.xml>",
      "https://example.com/");
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].url, "https://example.com/l.xml");
}

TEST(DiscoveryTest, NoFeedIsNotFound) {
  HttpTestServer server([](const HttpRequest&) {
    return HttpResponse::text(404, "<html><body>nothing</body></html>", "text/html");
  });
  auto none = discover_feeds(server.url("/"), loopback());
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), ErrorCode::kNotFound);  // the page itself is a 404
  HttpTestServer page_only([](const HttpRequest& req) {
    if (req.path == "/")
      return HttpResponse::text(200, "<html><body>home</body></html>", "text/html");
    return HttpResponse::text(404, "", "text/html");
  });
  auto still_none = discover_feeds(page_only.url("/"), loopback());
  ASSERT_FALSE(still_none.ok());
  EXPECT_EQ(still_none.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(still_none.status().message().find("no feed found"), std::string::npos);
}

// Regression (crawler audit, session 30): a page whose feed links all answered 5xx was "no
// feed found" (exit 3, not found); it is a failure that may pass (exit 5, network).
TEST(DiscoveryTest, FeedLinksThatAllFailForNowAreANetworkFailure) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.path == "/")
      return HttpResponse::text(
          200,
          "<html><head><link rel=\"alternate\" type=\"application/rss+xml\" href=\"/a.xml\">"
          "<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/b.xml\"></head>"
          "<body>home</body></html>",
          "text/html");
    if (req.path == "/a.xml" || req.path == "/b.xml") return HttpResponse::text(503, "busy");
    return HttpResponse::text(404, "", "text/html");
  });
  auto busy = discover_feeds(server.url("/"), loopback());
  ASSERT_FALSE(busy.ok());
  EXPECT_EQ(busy.status().code(), ErrorCode::kNetwork) << busy.status().message();
  EXPECT_NE(busy.status().message().find("could not be fetched: HTTP 503 fetching"),
            std::string::npos)
      << busy.status().message();
}

}  // namespace
}  // namespace byline::crawler
