// Fetcher limits against a loopback server playing hostile: every transfer ends within its bound.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/domain.h"
#include "common/gzip.h"
#include "crawler/fetch.h"
#include "crawler/url.h"
#include "http_test_server.h"

namespace byline::crawler {
namespace {

using byline::testing::HttpRequest;
using byline::testing::HttpResponse;
using byline::testing::HttpTestServer;
using Clock = std::chrono::steady_clock;

/// Small limits so hostile cases end fast; loopback allowed (the server lives there).
FetchOptions test_options() {
  FetchOptions o;
  o.allow_private_networks = true;
  o.connect_timeout_ms = 2000;
  o.total_timeout_ms = 3000;
  o.low_speed_bytes = 100;
  o.low_speed_seconds = 1;
  o.max_body_bytes = 1u << 20;
  o.max_header_bytes = 16u << 10;
  o.host_delay_seconds = 0;
  return o;
}

FetchRequest get(const std::string& url, const std::string& etag = "") {
  FetchRequest r;
  r.url = url;
  r.etag = etag;
  return r;
}

double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

TEST(FetchTest, FetchesBodyAndValidators) {
  HttpTestServer server([](const HttpRequest& req) {
    HttpResponse r = HttpResponse::text(200, "hello " + req.header("user-agent"), "text/plain");
    r.headers.emplace_back("ETag", "\"v1\"");
    r.headers.emplace_back("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
    r.headers.emplace_back("Cache-Control", "public, max-age=600");
    return r;
  });
  auto doc = fetch_url(server.url("/a"), test_options());
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->http_status, 200);
  EXPECT_EQ(doc->body.rfind("hello byline/", 0), 0u) << doc->body;  // our user agent
  EXPECT_EQ(doc->etag, "\"v1\"");
  EXPECT_EQ(doc->last_modified, "Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_EQ(doc->content_type, "text/plain");
  EXPECT_EQ(doc->cache_control, "public, max-age=600");
  EXPECT_EQ(doc->redirects, 0);
}

TEST(FetchTest, ConditionalGetGets304) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.header("if-none-match") == "\"v1\"") return HttpResponse::text(304, "");
    HttpResponse r = HttpResponse::text(200, "body");
    r.headers.emplace_back("ETag", "\"v1\"");
    return r;
  });
  Fetcher fetcher(test_options());
  std::vector<long> statuses;
  FetchRequest first = get(server.url("/f"));
  FetchRequest second = get(server.url("/f"), "\"v1\"");
  for (const FetchRequest& r : {first, second}) {
    fetcher.submit(r, [&](const FetchRequest&, FetchResult res) {
      ASSERT_TRUE(res.ok()) << res.status().message();
      statuses.push_back(res->http_status);
    });
    fetcher.run();
  }
  EXPECT_EQ(statuses, (std::vector<long>{200, 304}));
}

// Regression (audit F14): ETag and Last-Modified were stored and sent back verbatim: a CR that
// splits the header, terminal escapes, a 60 KB ETag, and a Last-Modified that is no date.
TEST(FetchTest, HostileValidatorsAreNeitherKeptNorSent) {
  std::mutex mu;
  std::vector<std::pair<std::string, std::string>> seen;  // If-None-Match, If-Modified-Since
  HttpTestServer server([&](const HttpRequest& req) {
    {
      std::lock_guard<std::mutex> lock(mu);
      seen.emplace_back(req.header("if-none-match"), req.header("if-modified-since"));
    }
    HttpResponse r = HttpResponse::text(200, "body");
    if (req.path == "/bad") {
      r.headers.emplace_back("ETag", "\"abc\rX-Evil: 1\"");
      r.headers.emplace_back("Last-Modified", "\x1b[31mnot a date\x07");
    } else if (req.path == "/long") {
      r.headers.emplace_back(
          "ETag", "\"" + std::string(10'000, 'e') + "\"");  // under the test cap of 16 KiB
    }
    return r;
  });
  auto fetch = [&](const std::string& path, const std::string& etag, const std::string& lm) {
    Fetcher fetcher(test_options());
    FetchRequest req = get(server.url(path), etag);
    req.last_modified = lm;
    FetchedDocument doc;
    fetcher.submit(req, [&](const FetchRequest&, FetchResult r) {
      ASSERT_TRUE(r.ok()) << r.status().message();
      doc = std::move(*r);
    });
    fetcher.run();
    return doc;
  };
  FetchedDocument bad = fetch("/bad", "", "");
  EXPECT_EQ(bad.etag, "");
  EXPECT_EQ(bad.last_modified, "");
  EXPECT_EQ(fetch("/long", "", "").etag, "");
  // A state stored before the check (or by hand) is not sent either.
  fetch("/again", "\"abc\rX-Evil: 1\"", "\x1b[31mnot a date\x07");
  fetch("/again", "\"" + std::string(60'000, 'e') + "\"", "yesterday");
  FetchedDocument good = fetch("/again", "\"v1\"", "Wed, 21 Oct 2015 07:28:00 GMT");
  EXPECT_TRUE(good.conditional);
  std::lock_guard<std::mutex> lock(mu);
  ASSERT_EQ(seen.size(), 5u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(seen[i].first, "") << i;
    EXPECT_EQ(seen[i].second, "") << i;
  }
  EXPECT_EQ(seen[4].first, "\"v1\"");
  EXPECT_EQ(seen[4].second, "Wed, 21 Oct 2015 07:28:00 GMT");
}

TEST(FetchTest, PermanentRedirectIsReportedTemporaryIsNot) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.path == "/old") return HttpResponse::redirect(301, "/mid");
    if (req.path == "/mid") return HttpResponse::redirect(308, "/new");
    if (req.path == "/temp") return HttpResponse::redirect(302, "/new");
    return HttpResponse::text(200, "here");
  });
  auto moved = fetch_url(server.url("/old"), test_options());
  ASSERT_TRUE(moved.ok()) << moved.status().message();
  EXPECT_EQ(moved->redirects, 2);
  EXPECT_EQ(moved->final_url, server.url("/new"));
  EXPECT_EQ(moved->permanent_url, server.url("/new"));
  auto temp = fetch_url(server.url("/temp"), test_options());
  ASSERT_TRUE(temp.ok());
  EXPECT_EQ(temp->final_url, server.url("/new"));
  EXPECT_EQ(temp->permanent_url, "");
}

TEST(FetchTest, RedirectLoopStopsAfterFiveRedirects) {
  HttpTestServer server([](const HttpRequest&) { return HttpResponse::redirect(302, "/loop"); });
  auto doc = fetch_url(server.url("/loop"), test_options());
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("more than 5 redirects"), std::string::npos)
      << doc.status().message();
  EXPECT_EQ(server.total_requests(), 6);  // the first request and five redirects
}

TEST(FetchTest, RedirectToFileUrlIsRefused) {
  HttpTestServer server(
      [](const HttpRequest&) { return HttpResponse::redirect(302, "file:///etc/passwd"); });
  auto doc = fetch_url(server.url("/x"), test_options(), /*allow_file=*/true);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), ErrorCode::kNetwork);
  EXPECT_NE(doc.status().message().find("protocol not allowed"), std::string::npos)
      << doc.status().message();
}

TEST(FetchTest, GzipBombStopsAtTheDecodedCap) {
  const std::string bomb = byline::testing::gzip_bomb(size_t{1} << 30);  // 1 GiB inflated
  ASSERT_LT(bomb.size(), 1100u << 10);                                   // from about 1 MiB
  HttpTestServer server([&bomb](const HttpRequest&) {
    HttpResponse r = HttpResponse::text(200, bomb, "application/rss+xml");
    r.headers.emplace_back("Content-Encoding", "gzip");
    return r;
  });
  auto t0 = Clock::now();
  auto doc = fetch_url(server.url("/bomb"), test_options());
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("larger than 1048576 bytes"), std::string::npos)
      << doc.status().message();
  EXPECT_LT(seconds_since(t0), 3.0);
}

// Regression (crawler audit, session 38): a gzip file served as it is, with no Content-Encoding
// (a feed.xml.gz), was refused as "not text" over HTTP, though read from a file. It is inflated
// now, within the same cap on decoded bytes; damaged gzip data is left as it came.
TEST(FetchTest, AGzipFileServedAsItIsIsInflated) {
  const std::string feed =
      "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Packed</title></channel></rss>";
  const std::string packed = byline::testing::gzip_stored(feed);
  const std::string bomb = byline::testing::gzip_bomb(size_t{1} << 30);
  HttpTestServer server([&](const HttpRequest& req) {
    if (req.path == "/feed.xml.gz") return HttpResponse::text(200, packed, "application/gzip");
    if (req.path == "/bomb.xml") return HttpResponse::text(200, bomb, "application/xml");
    if (req.path == "/cut.xml")
      return HttpResponse::text(200, packed.substr(0, packed.size() - 12), "application/xml");
    return HttpResponse::text(200, packed + packed, "application/xml");  // two members
  });
  auto doc = fetch_url(server.url("/feed.xml.gz"), test_options());
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->body, feed);
  auto twice = fetch_url(server.url("/twice.xml"), test_options());
  ASSERT_TRUE(twice.ok());
  EXPECT_EQ(twice->body, feed + feed);
  auto cut = fetch_url(server.url("/cut.xml"), test_options());
  ASSERT_TRUE(cut.ok());
  EXPECT_EQ(cut->body, packed.substr(0, packed.size() - 12));
  auto t0 = Clock::now();
  auto bombed = fetch_url(server.url("/bomb.xml"), test_options());
  ASSERT_FALSE(bombed.ok());
  EXPECT_NE(bombed.status().message().find("larger than 1048576 bytes (gzip data inflated)"),
            std::string::npos)
      << bombed.status().message();
  EXPECT_LT(seconds_since(t0), 3.0);
}

// Regression (audit, session 41): a server's Content-Language was never passed to the feed
// reader, though FeedParseOptions has a place for it (the default xml:lang, and the order a
// feed's "05/03/2026" is read in).
TEST(FetchTest, AServersContentLanguageIsKept) {
  HttpTestServer server([](const HttpRequest&) {
    HttpResponse r = HttpResponse::text(200, "<rss/>", "application/rss+xml");
    r.headers.emplace_back("Content-Language", "en-GB");
    return r;
  });
  auto doc = fetch_url(server.url("/feed.xml"), test_options());
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->content_language, "en-GB");

  // Sent twice, a list-valued field is one list: the first tag stays first (it was the last
  // line's alone), and neither line's max-age is lost.
  HttpTestServer twice([](const HttpRequest&) {
    HttpResponse r = HttpResponse::text(200, "<rss/>", "application/rss+xml");
    r.headers.emplace_back("Content-Language", "de-DE");
    r.headers.emplace_back("Content-Language", "en-US");
    r.headers.emplace_back("Cache-Control", "public");
    r.headers.emplace_back("Content-Language", "");  // an empty element adds nothing (audit)
    r.headers.emplace_back("Cache-Control", "max-age=7200");
    r.headers.emplace_back("Cache-Control", "");
    return r;
  });
  doc = fetch_url(twice.url("/feed.xml"), test_options());
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->content_language, "de-DE, en-US");
  EXPECT_EQ(doc->cache_control, "public, max-age=7200");
}

// The one gzip reader the fetcher and the command line share: members one after another, fed a
// byte at a time or all at once, trailing bytes that open no member ignored, a cut or damaged
// member said, a bomb stopped at the cap.
TEST(GzipReaderTest, ReadsMembersAsGzipDoesWhateverTheChunks) {
  const std::string a = byline::testing::gzip_stored("hello "),
                    b = byline::testing::gzip_stored("world");
  // Fed a byte at a time into an output of 3 bytes: what comes out, and how it ended.
  const auto drip = [](const std::string& data) {
    GzipReader reader;
    std::string pending, out;
    char buf[3];
    GzipReader::State state = GzipReader::State::kMore;
    for (size_t i = 0; i <= data.size() && state == GzipReader::State::kMore; ++i) {
      const bool ends = i == data.size();
      if (!ends) pending += data[i];
      for (int guard = 0; guard < 1000 && state == GzipReader::State::kMore; ++guard) {
        const GzipReader::Step step = reader.inflate(pending, ends, buf, sizeof buf);
        out.append(buf, step.made);
        pending.erase(0, step.used);
        state = step.state;
        if (step.used == 0 && step.made == 0) break;  // it wants more input
      }
    }
    const char* names[] = {"more", "done", "truncated", "bad"};
    return out + "|" + names[static_cast<int>(state)];
  };
  EXPECT_EQ(drip(a + b), "hello world|done");
  EXPECT_EQ(drip(a + b + std::string("\0\0trailing", 10)), "hello world|done");
  EXPECT_EQ(drip(a + "\x1f"), "hello |done");  // one byte opens no member
  EXPECT_EQ(drip(a + b.substr(0, b.size() - 4)), "hello world|truncated");
  EXPECT_EQ(drip(a.substr(0, 12)), "|truncated");
  EXPECT_EQ(drip(std::string("\x1f\x8b\x63garbage-garbage-garbage")), "|bad");
  EXPECT_EQ(drip(""), "|truncated");

  bool too_large = false;
  EXPECT_EQ(gunzip(a + b + "junk", 100, too_large).value_or("none"), "hello world");
  EXPECT_EQ(gunzip(a + b.substr(0, b.size() - 1), 100, too_large).value_or("none"), "none");
  EXPECT_FALSE(too_large);
  EXPECT_EQ(gunzip(a + b, 10, too_large).value_or("none"), "none");
  EXPECT_TRUE(too_large);
  too_large = false;
  const std::string bomb = byline::testing::gzip_bomb(size_t{1} << 30);  // 1 GiB inflated
  EXPECT_FALSE(gunzip(bomb, 1 << 20, too_large).has_value());
  EXPECT_TRUE(too_large);
  GzipReader bad;
  char buf[16];
  EXPECT_EQ(bad.inflate("\x1f\x8b\x63garbage", true, buf, sizeof buf).state,
            GzipReader::State::kBad);
  EXPECT_FALSE(bad.message().empty());
}

// Regression: a robots.txt over 512 KiB failed as too large, so every page of its site failed;
// RFC 9309 says to parse the first 500 KiB. A request may keep the prefix instead.
TEST(FetchTest, AKeptPrefixIsTheFirstBytesOfALongerBody) {
  const std::string big = "User-agent: *\nDisallow: /private\n" + std::string(700 * 1024, '#');
  HttpTestServer server([&](const HttpRequest& req) {
    if (req.path == "/endless") {
      HttpResponse r;
      r.raw = byline::testing::endless_chunked();
      return r;
    }
    return HttpResponse::text(200, big);  // with a Content-Length over the cap
  });
  for (const char* path : {"/robots.txt", "/endless"}) {
    Fetcher fetcher(test_options());
    FetchRequest req = get(server.url(path));
    req.max_body_bytes = 512 * 1024;
    req.keep_prefix = true;
    std::optional<FetchResult> got;
    fetcher.submit(req, [&](const FetchRequest&, FetchResult r) { got = std::move(r); });
    fetcher.run();
    ASSERT_TRUE(got && got->ok()) << path << ": " << (got ? got->status().message() : "none");
    EXPECT_EQ((*got)->http_status, 200);
    EXPECT_TRUE((*got)->truncated);
    EXPECT_EQ((*got)->body.size(), 512u * 1024) << path;
    if (std::string(path) == "/robots.txt") {
      EXPECT_EQ((*got)->body, big.substr(0, 512 * 1024));
    }
  }
  // Without keep_prefix the same body is an error, as before.
  Fetcher fetcher(test_options());
  FetchRequest req = get(server.url("/robots.txt"));
  req.max_body_bytes = 512 * 1024;
  std::optional<FetchResult> got;
  fetcher.submit(req, [&](const FetchRequest&, FetchResult r) { got = std::move(r); });
  fetcher.run();
  ASSERT_TRUE(got);
  EXPECT_FALSE(got->ok());
}

TEST(FetchTest, EndlessChunkedBodyStopsAtTheCap) {
  HttpTestServer server([](const HttpRequest&) {
    HttpResponse r;
    r.raw = byline::testing::endless_chunked();
    return r;
  });
  auto doc = fetch_url(server.url("/endless"), test_options());
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("larger than"), std::string::npos)
      << doc.status().message();
}

TEST(FetchTest, SlowDripIsCutByTheLowSpeedLimit) {
  HttpTestServer server([](const HttpRequest&) {
    HttpResponse r;
    r.raw = byline::testing::drip(std::string(1000, 'x'), 1000);  // 1 byte/s
    return r;
  });
  FetchOptions o = test_options();
  o.total_timeout_ms = 20'000;  // the low-speed limit, not the total, must end it
  auto t0 = Clock::now();
  auto doc = fetch_url(server.url("/drip"), o);
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("timed out"), std::string::npos) << doc.status().message();
  EXPECT_LT(seconds_since(t0), 4.0);
}

TEST(FetchTest, AcceptAndHangEndsAtTheTotalTimeout) {
  HttpTestServer server([](const HttpRequest&) {
    HttpResponse r;
    r.raw = byline::testing::hang();
    return r;
  });
  FetchOptions o = test_options();
  o.low_speed_seconds = 30;
  o.total_timeout_ms = 1000;
  auto t0 = Clock::now();
  auto doc = fetch_url(server.url("/hang"), o);
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("timed out"), std::string::npos) << doc.status().message();
  EXPECT_LT(seconds_since(t0), 2.5);
}

TEST(FetchTest, HugeHeadersAreCapped) {
  HttpTestServer server([](const HttpRequest&) {
    HttpResponse r;
    r.raw = byline::testing::huge_headers(1u << 20);
    return r;
  });
  auto doc = fetch_url(server.url("/headers"), test_options());
  ASSERT_FALSE(doc.ok());
  EXPECT_NE(doc.status().message().find("headers"), std::string::npos) << doc.status().message();
}

// Regression (audit, session 43): one header line of 200 KB failed as "Out of memory", libcurl's
// word for a line over its limit, read as byline's own failure.
TEST(FetchTest, AHugeHeaderLineIsSaidToBeOne) {
  HttpTestServer server([](const HttpRequest&) {
    HttpResponse r;
    r.raw = [](byline::testing::HttpStream& s) {
      s.write("HTTP/1.1 200 OK\r\nX-Big: " + std::string(200 * 1024, 'b') +
              "\r\nContent-Length: 2\r\n\r\nok");
    };
    return r;
  });
  auto doc = fetch_url(server.url("/big-header"), test_options());
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), ErrorCode::kNetwork);
  EXPECT_NE(doc.status().message().find("exceed libcurl's limit (a header line of over 100 KB)"),
            std::string::npos)
      << doc.status().message();
  EXPECT_EQ(doc.status().message().find("memory"), std::string::npos) << doc.status().message();
}

// Regression (audit, session 43): a chunked body's trailer line over libcurl's limit was
// reported as "Out of memory in chunked-encoding", read as byline's own failure.
TEST(FetchTest, AHugeTrailerLineIsSaidToBeOne) {
  HttpTestServer server([](const HttpRequest&) {
    HttpResponse r;
    r.raw = [](byline::testing::HttpStream& s) {
      s.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nX-Big: " +
              std::string(200 * 1024, 'b') + "\r\n\r\n");
    };
    return r;
  });
  auto doc = fetch_url(server.url("/big-trailer"), test_options());
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), ErrorCode::kNetwork);
  EXPECT_NE(doc.status().message().find("exceeds libcurl's limit for a trailer line"),
            std::string::npos)
      << doc.status().message();
  EXPECT_EQ(doc.status().message().find("memory"), std::string::npos) << doc.status().message();
}

// Regression (audit F13): every header line starting with "HTTP/" was taken for a new status
// line, which reset the header count: 1000 lines "HTTP/1.1 200 OK-N: ..." (223 KB) passed the cap.
TEST(FetchTest, OnlyABlocksFirstLineIsAStatusLine) {
  const std::string filler(200, 'v');
  HttpTestServer server([&filler](const HttpRequest& req) {
    HttpResponse r;
    if (req.path == "/reset") {
      r.raw = [&filler](byline::testing::HttpStream& s) {
        std::string head = "HTTP/1.1 200 OK\r\n";
        for (int i = 0; i < 1000; ++i)
          head += "HTTP/1.1 200 OK-" + std::to_string(i) + ": " + filler + "\r\n";
        s.write(head + "Content-Length: 2\r\n\r\nok");
      };
    } else {  // a 100 block then the answer, each 10 KiB: two responses, each under the cap
      r.raw = [&filler](byline::testing::HttpStream& s) {
        std::string pad;
        for (int i = 0; i < 50; ++i) pad += "X-Pad-" + std::to_string(i) + ": " + filler + "\r\n";
        s.write("HTTP/1.1 100 Continue\r\n" + pad + "\r\nHTTP/1.1 200 OK\r\n" + pad +
                "Content-Length: 2\r\n\r\nok");
      };
    }
    return r;
  });
  auto reset = fetch_url(server.url("/reset"), test_options());
  ASSERT_FALSE(reset.ok());
  EXPECT_NE(reset.status().message().find("exceed 16384 bytes"), std::string::npos)
      << reset.status().message();
  auto two_blocks = fetch_url(server.url("/continue"), test_options());
  ASSERT_TRUE(two_blocks.ok()) << two_blocks.status().message();
  EXPECT_EQ(two_blocks->body, "ok");
}

TEST(FetchTest, LoopbackIsRefusedWithoutTheFlag) {
  HttpTestServer server([](const HttpRequest&) { return HttpResponse::text(200, "secret"); });
  FetchOptions o = test_options();
  o.allow_private_networks = false;
  auto doc = fetch_url(server.url("/"), o);
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.status().code(), ErrorCode::kNetwork);
  EXPECT_NE(doc.status().message().find("private address 127.0.0.1"), std::string::npos)
      << doc.status().message();
  EXPECT_NE(doc.status().hint().find("--allow-private-networks"), std::string::npos);
  EXPECT_EQ(server.total_requests(), 0);  // refused before connecting
  // "localhost" resolves to loopback too, and is checked on the resolved address.
  auto by_name = fetch_url("http://localhost:" + std::to_string(server.port()) + "/", o);
  ASSERT_FALSE(by_name.ok());
  EXPECT_NE(by_name.status().message().find("private address"), std::string::npos);
  EXPECT_EQ(server.total_requests(), 0);
}

/// Sets (or, with nullptr, unsets) an environment variable for a scope.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value)
      setenv(name, value, 1);
    else
      unsetenv(name);
  }
  ~ScopedEnv() {
    if (old_)
      setenv(name_, old_->c_str(), 1);
    else
      unsetenv(name_);
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// Regression (audit F8): with http_proxy (or ALL_PROXY) set, libcurl connected to the proxy only,
// so the private-address check saw the proxy and never the target: a loopback page was fetched
// through a public-looking proxy, and a proxy on a private address refused every fetch.
TEST(FetchTest, ThroughAProxyTheTargetIsCheckedAndTheProxyExempt) {
  // A forward proxy that answers itself: a proxied request line carries the absolute URL.
  HttpTestServer proxy([](const HttpRequest& req) {
    if (req.path == "http://93.184.216.34/feed") return HttpResponse::text(200, "via proxy");
    if (req.path == "http://93.184.216.34/jump")
      return HttpResponse::redirect(302, "http://127.0.0.1:9/secret");
    // An https hop goes through a tunnel: the proxy must not even be asked to CONNECT to it.
    if (req.path == "http://93.184.216.34/tunnel")
      return HttpResponse::redirect(302, "https://10.0.0.1/secret");
    return HttpResponse::text(502, "proxy asked for " + req.path);
  });
  const std::string proxy_url = "http://127.0.0.1:" + std::to_string(proxy.port());
  std::vector<std::unique_ptr<ScopedEnv>> env;
  for (const char* name : {"HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"})
    env.push_back(std::make_unique<ScopedEnv>(name, nullptr));
  env.push_back(std::make_unique<ScopedEnv>("http_proxy", proxy_url.c_str()));
  env.push_back(std::make_unique<ScopedEnv>("https_proxy", proxy_url.c_str()));
  FetchOptions o = test_options();
  o.allow_private_networks = false;

  // The proxy's own loopback address is exempt: the user configured it.
  auto page = fetch_url("http://93.184.216.34/feed", o);
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_EQ(page->body, "via proxy");

  // Private targets are refused before the proxy is asked: a literal, a name that resolves
  // here to loopback, and a redirect's next hop (plain, or through a CONNECT tunnel).
  for (const std::string& url :
       {std::string("http://10.0.0.1/x"), "http://localhost:" + std::to_string(proxy.port()) + "/x",
        std::string("http://93.184.216.34/jump"), std::string("http://93.184.216.34/tunnel"),
        std::string("https://10.0.0.1/direct"),
        // Regression (session 38's crawler audit): names that resolve nowhere here were left
        // to the proxy, which reads them as its own loopback.
        std::string("http://foo.localhost/x"), std::string("http://LOCALHOST./x"),
        std::string("http://127.0.0.1./x"), std::string("http://10.0.0.1../x"),
        std::string("http://2130706433./x"),
        // Regression (session 38's crawler audit): names of private networks, which a proxy
        // inside one resolves.
        std::string("http://localhost.localdomain/x"), std::string("http://intranet/x"),
        std::string("http://printer.local/x"), std::string("http://db.corp.internal./x"),
        std::string("http://nas.home.arpa/x"), std::string("http://router.lan/x")}) {
    auto refused = fetch_url(url, o);
    ASSERT_FALSE(refused.ok()) << url;
    EXPECT_TRUE(is_private_address_refusal(refused.status().message()))
        << refused.status().message();
    // A name is said as one (session 39's audit: "private address intranet").
    if (url.find("intranet") != std::string::npos) {
      EXPECT_NE(refused.status().message().find("private network's name intranet"),
                std::string::npos)
          << refused.status().message();
    }
    EXPECT_NE(refused.status().message().find("through the proxy 127.0.0.1:" +
                                              std::to_string(proxy.port())),
              std::string::npos)
        << refused.status().message();
    EXPECT_FALSE(is_transient_fetch_error(refused.status()));
  }
  EXPECT_EQ(proxy.requests(),
            (std::vector<std::string>{"http://93.184.216.34/feed", "http://93.184.216.34/jump",
                                      "http://93.184.216.34/tunnel"}));

  // --allow-private-networks turns all of it off: the proxy is asked for the loopback page.
  o.allow_private_networks = true;
  auto allowed = fetch_url("http://10.0.0.1/x", o);
  ASSERT_FALSE(allowed.ok());
  EXPECT_NE(allowed.status().message().find("HTTP 502"), std::string::npos)
      << allowed.status().message();
  EXPECT_EQ(proxy.request_count("http://10.0.0.1/x"), 1);
}

// Regression: through a proxy, each target's name was looked up inside libcurl's callbacks, so
// one name whose DNS hung stalled every other transfer. Now lookups run off the transfer loop:
// here the slow name's lookup is held until the other page is done, which could never happen
// if the loop waited for it.
TEST(FetchTest, ThroughAProxyASlowNameLookupStallsNoOtherTransfer) {
  HttpTestServer proxy([](const HttpRequest& req) { return HttpResponse::text(200, req.path); });
  const std::string proxy_url = "http://127.0.0.1:" + std::to_string(proxy.port());
  std::vector<std::unique_ptr<ScopedEnv>> env;
  for (const char* name :
       {"https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY"})
    env.push_back(std::make_unique<ScopedEnv>(name, nullptr));
  env.push_back(std::make_unique<ScopedEnv>("http_proxy", proxy_url.c_str()));

  struct Gate {
    std::mutex mu;
    std::condition_variable cv;
    bool open = false;
  };
  auto gate = std::make_shared<Gate>();
  FetchOptions o = test_options();
  o.allow_private_networks = false;
  o.resolve = [gate](const std::string& host) -> std::vector<std::string> {
    if (host == "slow.example") {  // held until the other page is done (10 s at most)
      std::unique_lock lock(gate->mu);
      gate->cv.wait_for(lock, std::chrono::seconds(10), [&] { return gate->open; });
      return {"93.184.216.35"};
    }
    if (host == "fast.example") return {"93.184.216.36"};
    return {};
  };
  std::vector<std::string> done;  // in the order the transfers ended
  bool fast_done_while_slow_held = false;
  Fetcher fetcher(o);
  FetchRequest slow, fast;
  slow.url = "http://slow.example/a";
  fast.url = "http://fast.example/b";
  fetcher.submit(slow, [&](const FetchRequest& r, FetchResult res) {
    ASSERT_TRUE(res.ok()) << res.status().message();
    EXPECT_EQ(res->body, "http://slow.example/a");
    done.push_back(r.url);
  });
  fetcher.submit(fast, [&](const FetchRequest& r, FetchResult res) {
    ASSERT_TRUE(res.ok()) << res.status().message();
    done.push_back(r.url);
    std::lock_guard lock(gate->mu);
    fast_done_while_slow_held = !gate->open;
    gate->open = true;
    gate->cv.notify_all();
  });
  fetcher.run();
  EXPECT_TRUE(fast_done_while_slow_held);
  EXPECT_EQ(done, (std::vector<std::string>{"http://fast.example/b", "http://slow.example/a"}));

  // A name that resolves to a private address through that resolver is still refused.
  o.resolve = [](const std::string&) -> std::vector<std::string> { return {"10.1.2.3"}; };
  auto refused = fetch_url("http://intranet.example/x", o);
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(is_private_address_refusal(refused.status().message())) << refused.status().message();
  EXPECT_EQ(proxy.request_count("http://intranet.example/x"), 0);
}

TEST(FetchTest, HttpErrorsMapToCodes) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.path == "/missing") return HttpResponse::text(404, "no");
    if (req.path == "/gone") return HttpResponse::text(410, "gone");
    HttpResponse r = HttpResponse::text(429, "slow down");
    r.headers.emplace_back("Retry-After", "120");
    return r;
  });
  auto missing = fetch_url(server.url("/missing"), test_options());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
  EXPECT_NE(missing.status().message().find("HTTP 404"), std::string::npos);
  EXPECT_EQ(fetch_url(server.url("/gone"), test_options()).status().code(), ErrorCode::kNotFound);
  Fetcher fetcher(test_options());
  std::optional<int64_t> retry_after;
  long status = 0;
  fetcher.submit(get(server.url("/busy")), [&](const FetchRequest&, FetchResult r) {
    ASSERT_TRUE(r.ok());
    status = r->http_status;
    retry_after = r->retry_after_seconds;
  });
  fetcher.run();
  EXPECT_EQ(status, 429);
  EXPECT_EQ(retry_after, 120);
}

TEST(FetchTest, FileUrlsOnlyWhenAllowed) {
  auto refused = fetch_url("file:///etc/hostname", test_options(), /*allow_file=*/false);
  ASSERT_FALSE(refused.ok());
  std::string path = std::string(BYLINE_SOURCE_DIR) + "/CMakeLists.txt";
  auto read = fetch_url(path, test_options(), /*allow_file=*/true);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(read->http_status, 200);
  EXPECT_NE(read->body.find("project(byline"), std::string::npos);
  auto missing = fetch_url("/nonexistent/feed.xml", test_options(), true);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), ErrorCode::kNotFound);
}

TEST(FetchTest, PerSiteConcurrencyAndDelayAreHonoured) {
  HttpTestServer server([](const HttpRequest&) {
    HttpResponse r = HttpResponse::text(200, "x");
    r.delay_ms = 100;
    return r;
  });
  FetchOptions o = test_options();
  o.host_concurrency = 2;
  o.max_concurrency = 16;
  Fetcher fetcher(o);
  int done = 0;
  for (int i = 0; i < 8; ++i)
    fetcher.submit(get(server.url("/p" + std::to_string(i))),
                   [&](const FetchRequest&, FetchResult r) { done += r.ok() && r->success(); });
  auto t0 = Clock::now();
  fetcher.run();
  EXPECT_EQ(done, 8);
  // Never more than 2 at once (a loaded machine may not even reach 2: no lower bound).
  EXPECT_LE(server.max_in_flight(), 2);
  EXPECT_GE(seconds_since(t0), 0.38);  // 8 requests, at most 2 at a time, 100 ms each

  // With a 150 ms gap between starts, 3 requests take at least 300 ms even one at a time.
  HttpTestServer fast([](const HttpRequest&) { return HttpResponse::text(200, "x"); });
  o.host_delay_seconds = 0.15;
  Fetcher polite(o);
  for (int i = 0; i < 3; ++i)
    polite.submit(get(fast.url("/q" + std::to_string(i))), [](const FetchRequest&, FetchResult) {});
  t0 = Clock::now();
  polite.run();
  EXPECT_GE(seconds_since(t0), 0.29);
  EXPECT_EQ(fast.total_requests(), 3);
}

TEST(FetchTest, RetryAfterPausesTheWholeSite) {
  std::atomic<int> calls{0};
  HttpTestServer server([&calls](const HttpRequest& req) {
    if (++calls == 1) {
      HttpResponse r = HttpResponse::text(429, "slow down");
      r.headers.emplace_back("Retry-After", req.path == "/long0" ? "3600" : "1");
      return r;
    }
    return HttpResponse::text(200, "ok");
  });
  FetchOptions o = test_options();
  o.host_concurrency = 1;
  {
    Fetcher fetcher(o);
    std::vector<long> statuses;
    for (int i = 0; i < 3; ++i)
      fetcher.submit(get(server.url("/short" + std::to_string(i))),
                     [&](const FetchRequest&, FetchResult r) {
                       statuses.push_back(r.ok() ? r->http_status : -1);
                     });
    auto t0 = Clock::now();
    fetcher.run();
    EXPECT_EQ(statuses, (std::vector<long>{429, 200, 200}));
    EXPECT_GE(seconds_since(t0), 0.95);  // the others waited for the pause
  }
  calls = 0;
  Fetcher fetcher(o);
  std::vector<std::string> errors;
  for (int i = 0; i < 3; ++i)
    fetcher.submit(get(server.url("/long" + std::to_string(i))), [&](const FetchRequest&,
                                                                     FetchResult r) {
      errors.push_back(r.ok() ? "HTTP " + std::to_string(r->http_status) : r.status().message());
    });
  auto t0 = Clock::now();
  fetcher.run();
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0], "HTTP 429");
  EXPECT_NE(errors[1].find("not requested: its server asked for a pause of "), std::string::npos)
      << errors[1];
  EXPECT_NE(errors[2].find("not requested: its server asked for a pause of "), std::string::npos)
      << errors[2];
  EXPECT_LT(seconds_since(t0), 1.0);      // failed fast, no hour-long wait
  EXPECT_EQ(server.total_requests(), 4);  // 3 from the first part, 1 here
}

// Regression: a request ended before it started (its site's pause too long to wait) was taken
// off its site's count of transfers running all the same, so later ones ran past
// --host-concurrency. A request no longer wanted as it would start is not made at all.
TEST(FetchTest, RequestsEndedBeforeTheyStartLeaveTheSitesLimitWhole) {
  HttpTestServer pausing([](const HttpRequest&) {
    HttpResponse r = HttpResponse::text(429, "slow down");
    r.headers.emplace_back("Retry-After", "1");
    return r;
  });
  HttpTestServer slow([](const HttpRequest&) {
    HttpResponse r = HttpResponse::text(200, "ok");
    r.delay_ms = 100;
    return r;
  });
  FetchOptions o = test_options();
  o.host_concurrency = 1;
  o.max_retry_wait_seconds = 0.2;
  Fetcher fetcher(o);  // both servers are one site (127.0.0.1)
  std::vector<std::string> errors;
  auto note = [&errors](const FetchRequest&, FetchResult r) {
    errors.push_back(r.ok() ? "HTTP " + std::to_string(r->http_status) : r.status().message());
  };
  FetchRequest unwanted = get(slow.url("/unwanted"));
  unwanted.wanted = [] { return false; };
  fetcher.submit(unwanted, [&](const FetchRequest&, FetchResult r) {
    EXPECT_FALSE(r.ok());
    EXPECT_TRUE(is_unwanted(r.status())) << r.status().message();
    errors.push_back("unwanted");
  });
  fetcher.submit(get(pausing.url("/first")), note);
  for (int i = 0; i < 3; ++i) fetcher.submit(get(pausing.url("/then" + std::to_string(i))), note);
  fetcher.run();
  ASSERT_EQ(errors.size(), 5u);
  EXPECT_EQ(errors[0], "unwanted");
  EXPECT_EQ(errors[1], "HTTP 429");
  for (size_t i = 2; i < errors.size(); ++i)  // a pause of less than a second is one of 1 s
    EXPECT_NE(errors[i].find("asked for a pause of 1 s"), std::string::npos) << errors[i];
  EXPECT_EQ(pausing.total_requests(), 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the pause is over
  int done = 0;
  for (int i = 0; i < 4; ++i)
    fetcher.submit(get(slow.url("/p" + std::to_string(i))),
                   [&](const FetchRequest&, FetchResult r) { done += r.ok() && r->success(); });
  fetcher.run();
  EXPECT_EQ(done, 4);
  EXPECT_EQ(slow.total_requests(), 4);  // never the unwanted one
  EXPECT_EQ(slow.max_in_flight(), 1);
}

// Regression (audit F12): a Retry-After date in year 9999 was not capped (the seconds form was),
// and adding its 2.5e11 s to the steady clock overflowed: the pause ended in the past, and the
// site's next request went out at once.
TEST(FetchTest, AFarRetryAfterDateStillPausesTheSite) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.path != "/far") return HttpResponse::text(200, "ok");
    HttpResponse r = HttpResponse::text(503, "later");
    r.headers.emplace_back("Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT");
    return r;
  });
  FetchOptions o = test_options();
  o.host_concurrency = 1;
  Fetcher fetcher(o);
  std::vector<std::string> outcomes;
  for (const char* path : {"/far", "/next"})
    fetcher.submit(get(server.url(path)), [&](const FetchRequest&, FetchResult r) {
      outcomes.push_back(r.ok() ? "HTTP " + std::to_string(r->http_status) + " retry " +
                                      std::to_string(r->retry_after_seconds.value_or(-1))
                                : r.status().message());
    });
  fetcher.run();
  ASSERT_EQ(outcomes.size(), 2u);
  EXPECT_EQ(outcomes[0], "HTTP 503 retry 999999999");
  EXPECT_EQ(outcomes[1].rfind("not requested: its server asked for a pause of 99999999", 0), 0u)
      << outcomes[1];
  EXPECT_EQ(server.total_requests(), 1);
  EXPECT_GT(fetcher.site_pause_seconds(server.url("/next")).value_or(0), 999'999'000);
}

TEST(FetchTest, CallbacksMaySubmitMoreWork) {
  HttpTestServer server([](const HttpRequest& req) { return HttpResponse::text(200, req.path); });
  Fetcher fetcher(test_options());
  std::vector<std::string> bodies;
  fetcher.submit(get(server.url("/first")), [&](const FetchRequest&, FetchResult r) {
    bodies.push_back(r->body);
    fetcher.submit(get(server.url("/second")),
                   [&](const FetchRequest&, FetchResult r2) { bodies.push_back(r2->body); });
  });
  fetcher.run();
  EXPECT_EQ(bodies, (std::vector<std::string>{"/first", "/second"}));
}

TEST(FetchTest, InvalidUrlIsAnErrorNotACrash) {
  Fetcher fetcher(test_options());
  std::optional<Status> status;
  fetcher.submit(get("http://exa mple.com:99999/"),
                 [&](const FetchRequest&, FetchResult r) { status = r.status(); });
  fetcher.run();
  ASSERT_TRUE(status.has_value());
  EXPECT_FALSE(status->ok());
}

TEST(FetchTest, TransientErrorsAreTellable) {
  HttpTestServer server([](const HttpRequest& req) {
    if (req.path == "/big") return HttpResponse::text(200, std::string(2u << 20, 'x'));
    HttpResponse r;
    r.raw = byline::testing::hang();
    return r;
  });
  FetchOptions o = test_options();
  o.total_timeout_ms = 500;
  auto slow = fetch_url(server.url("/hang"), o);
  ASSERT_FALSE(slow.ok());
  EXPECT_TRUE(is_transient_fetch_error(slow.status())) << slow.status().message();
  auto big = fetch_url(server.url("/big"), o);
  ASSERT_FALSE(big.ok());
  EXPECT_FALSE(is_transient_fetch_error(big.status())) << big.status().message();
  FetchOptions closed = test_options();
  auto refused = fetch_url("http://127.0.0.1:1/", closed);  // nothing listens on port 1
  ASSERT_FALSE(refused.ok());
  EXPECT_TRUE(is_transient_fetch_error(refused.status())) << refused.status().message();
  closed.allow_private_networks = false;
  EXPECT_FALSE(is_transient_fetch_error(fetch_url("http://127.0.0.1:1/", closed).status()));
}

TEST(PrivateAddressTest, ClassifiesRanges) {
  for (const char* ip :
       {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254",
        "100.64.0.1", "0.0.0.0", "224.0.0.1", "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1",
        "::ffff:127.0.0.1", "::ffff:10.0.0.1", "ff02::1", "64:ff9b::a00:1", "not-an-ip"})
    EXPECT_TRUE(is_private_address(ip)) << ip;
  for (const char* ip : {"93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111",
                         "::ffff:8.8.8.8", "100.128.0.1"})
    EXPECT_FALSE(is_private_address(ip)) << ip;
}

// Regression (audit F11): the IANA special-purpose blocks that are not globally reachable were
// not all refused: 192.0.2.2 (TEST-NET-1, the audit machine's own address) was fetched.
TEST(PrivateAddressTest, EverySpecialPurposeBlockIsRefused) {
  const std::vector<std::string> refused = {"192.0.0.8",        "192.0.0.170",
                                            "192.0.2.2",        "192.0.2.255",
                                            "192.88.99.1",      "198.18.0.1",
                                            "198.19.1.1",       "198.51.100.7",
                                            "203.0.113.9",      "240.0.0.1",
                                            "0.1.2.3",          "255.255.255.255",
                                            "::ffff:192.0.2.2", "64:ff9b::c000:202",
                                            "2002:c000:202::1", "64:ff9b:1::1",
                                            "100::1",           "100:0:0:1::1",
                                            "2001::1",          "2001:1::1",
                                            "2001:2::1",        "2001:10::1",
                                            "2001:1ff::1",      "2001:db8::1",
                                            "3fff::1",          "3fff:fff::1",
                                            "5f00::1",          "fec0::1",
                                            "4000::1",          "1::1"};
  for (const std::string& ip : refused) EXPECT_TRUE(is_private_address(ip)) << ip;
  const std::vector<std::string> global = {
      "192.0.1.1",    "192.0.3.1",   "192.88.98.1",  "198.17.255.255",  "198.20.0.1",
      "198.51.101.1", "203.0.112.1", "203.0.114.1",  "2001:200::1",     "2001:4860::8888",
      "2a00:1450::1", "3ffe::1",     "3fff:1000::1", "2002:808:808::1", "64:ff9b::808:808"};
  for (const std::string& ip : global) EXPECT_FALSE(is_private_address(ip)) << ip;
}

TEST(RetryAfterTest, ParsesSecondsAndDates) {
  EXPECT_EQ(parse_retry_after("120", 0), 120);
  EXPECT_EQ(parse_retry_after(" 7 ", 0), 7);
  // Wed, 21 Oct 2015 07:28:00 GMT = 1445412480
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 - 60), 60);
  EXPECT_EQ(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 + 60), 0);
  EXPECT_EQ(parse_retry_after("Fri, 31 Dec 9999 23:59:59 GMT", 0), 999'999'999);
  EXPECT_EQ(parse_retry_after("99999999999999999999", 0), 999'999'999);
  EXPECT_FALSE(parse_retry_after("soon", 0).has_value());
  EXPECT_FALSE(parse_retry_after("", 0).has_value());
}

TEST(UrlTest, ResolvesAndNormalises) {
  EXPECT_EQ(resolve_url("http://Example.com/a/b/feed.xml", "../c/page.html").value(),
            "http://example.com/a/c/page.html");
  EXPECT_EQ(resolve_url("https://example.com/a/", "//cdn.example.org/x#frag").value(),
            "https://cdn.example.org/x");
  EXPECT_EQ(resolve_url("http://example.com/", " /with space\n").value(),
            "http://example.com/with%20space");
  EXPECT_EQ(resolve_url("file:///srv/feeds/a.xml", "pages/one.html").value(),
            "file:///srv/feeds/pages/one.html");
  auto parts = parse_url("HTTPS://News.Example.co.uk:8443/x?y=1#z");
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->scheme, "https");
  EXPECT_EQ(parts->host, "news.example.co.uk");
  EXPECT_EQ(parts->port, 8443);
  EXPECT_EQ(parts->path, "/x?y=1");
  EXPECT_FALSE(parse_url("not a url").ok());
  EXPECT_FALSE(parse_url("example.com/feed").ok());
  // Regression: a default port written out made a second subscription of the same feed.
  EXPECT_EQ(parse_url("https://example.com:443/a.xml")->url, "https://example.com/a.xml");
  EXPECT_EQ(parse_url("http://example.com:80/a.xml")->url, "http://example.com/a.xml");
  EXPECT_EQ(parse_url("https://example.com:443/a.xml")->port, 443);
  EXPECT_EQ(parse_url("http://example.com:443/a.xml")->url, "http://example.com:443/a.xml");
}

TEST(UrlTest, RegistrableDomainGroupsSitesForPoliteness) {
  EXPECT_EQ(registrable_domain("news.bbc.co.uk"), "bbc.co.uk");
  EXPECT_EQ(registrable_domain("www.theverge.com"), "theverge.com");
  EXPECT_EQ(registrable_domain("a.b.c.example.org"), "example.org");
  EXPECT_EQ(registrable_domain("example.com"), "example.com");
  EXPECT_EQ(registrable_domain("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(registrable_domain("::1"), "::1");
  // The Public Suffix List, not a guess from label counts.
  EXPECT_EQ(registrable_domain("a.example.police.uk"), "example.police.uk");
  EXPECT_EQ(registrable_domain("alice.github.io"), "alice.github.io");
  EXPECT_EQ(registrable_domain("bob.github.io"), "bob.github.io");
  EXPECT_EQ(registrable_domain("news.example.com.au"), "example.com.au");
  EXPECT_EQ(registrable_domain("WWW.Example.COM."), "example.com");
  EXPECT_EQ(registrable_domain("co.uk"), "co.uk");
  EXPECT_EQ(registrable_domain("localhost"), "localhost");
  EXPECT_EQ(file_url_for_path("/tmp/a b.xml"), "file:///tmp/a%20b.xml");
}

}  // namespace
}  // namespace byline::crawler
