// The HTTP JSON API (server/): routing, parameters, errors and limits over a real socket, with
// libcurl as the client; and `byline serve` as a process.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "byline/index.h"
#include "byline/search.h"
#include "common/datetime.h"
#include "common/text.h"
#include "query/results_json.h"
#include "server/http_api.h"
#include "server/http_server.h"
#include "test_support.h"

namespace byline {
namespace {

using nlohmann::json;
using server::Api;
using server::ApiRequest;
using server::HttpServer;
using server::ServerOptions;
using testing::TempDir;

struct Fetched {
  long status = 0;
  std::string body;
  std::string headers;  // the raw header block, lower-cased
  bool ok = false;      // the transfer completed
};

size_t append(char* p, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(p, size * n);
  return size * n;
}

// One transfer; `handle` reused keeps the connection alive between calls.
Fetched fetch(CURL* h, const std::string& url, const std::string& method = "GET",
              const std::string& body = "", const std::string& content_type = "",
              bool chunked = false) {
  Fetched f;
  curl_easy_reset(h);
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &f.body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, append);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &f.headers);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, 30L);
  curl_slist* hdrs = nullptr;
  if (!content_type.empty())
    hdrs = curl_slist_append(hdrs, ("Content-Type: " + content_type).c_str());
  if (chunked) hdrs = curl_slist_append(hdrs, "Transfer-Encoding: chunked");
  hdrs = curl_slist_append(hdrs, "Expect:");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  if (method == "POST") {
    curl_easy_setopt(h, CURLOPT_POST, 1L);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
    if (!chunked) curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.size()));
  } else if (method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else if (method != "GET") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  f.ok = curl_easy_perform(h) == CURLE_OK;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &f.status);
  curl_slist_free_all(hdrs);
  f.headers = to_lower_ascii(f.headers);
  return f;
}

std::string escape(const std::string& s) {
  char* e = curl_easy_escape(nullptr, s.data(), static_cast<int>(s.size()));
  std::string out = e;
  curl_free(e);
  return out;
}

json parse(const Fetched& f) {
  json j = json::parse(f.body, nullptr, false);
  EXPECT_FALSE(j.is_discarded()) << "not JSON: " << f.body.substr(0, 200);
  return j;
}

std::string error_code(const Fetched& f) {
  json j = parse(f);
  return j.contains("error") ? j["error"].value("code", "") : "";
}

Article make(const std::string& url, const std::string& title, const std::string& lead,
             const std::string& site, int day) {
  Article a;
  a.url = url;
  a.title = title;
  a.site_name = site;
  a.published = make_utc(2026, 11, day, 10, 0, 0);
  a.sections.push_back({"", SectionKind::kLead, lead});
  return a;
}

const char* kChip =
    "Norrland Chips will build a semiconductor fabrication plant in Lulea, Sweden, investing "
    "eleven billion euros over six years. Chief executive Ingrid Dahl said the first wafers "
    "would ship in 2029, and the European Chips Act subsidy covers a fifth of the cost.";
const char* kChip2 =
    "Swedish chipmaker Norrland Chips announced a new semiconductor fab near Lulea worth eleven "
    "billion euros. Ingrid Dahl told reporters the plant will make automotive microcontrollers "
    "from 2029 with a subsidy under the European Chips Act.";
const char* kPhone =
    "Vireo Mobile unveiled the Vireo Fold 3 smartphone with a larger display, a titanium frame "
    "and a battery that lasts two days. The phone goes on sale in December at 1,499 dollars.";
const char* kBattery =
    "Solvang Energy recalled forty thousand home battery packs after reports of overheating "
    "cells. Owners should switch the packs off until a technician replaces the modules.";

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (dir_.path() / "idx").string();
    auto w = IndexWriter::open(path_);
    ASSERT_TRUE(w.ok()) << w.status().message();
    writer_ = std::move(*w);
    std::vector<Article> arts = {
        make("https://a.example/chips", "Norrland Chips to build Lulea plant", kChip, "Alpha", 20),
        make("https://b.example/fab", "Norrland Chips picks Sweden for new fab", kChip2, "Beta",
             21),
        make("https://c.example/fold", "Vireo Fold 3 goes on sale", kPhone, "Gamma", 18),
        make("https://d.example/recall", "Solvang recalls home batteries", kBattery, "Alpha", 5),
    };
    for (auto& a : arts) {
      ASSERT_TRUE(writer_->add(a).ok());
      ids_.push_back(a.id);
    }
    ASSERT_TRUE(writer_->commit().ok());
    api_ = std::make_unique<Api>(path_);
    curl_ = curl_easy_init();
  }
  void TearDown() override {
    server_.reset();
    curl_easy_cleanup(curl_);
  }
  void serve(ServerOptions options = {}) {
    options.listen = "127.0.0.1:0";
    options.threads = 2;
    auto s = HttpServer::start(*api_, options);
    ASSERT_TRUE(s.ok()) << s.status().message();
    server_ = std::move(*s);
  }
  Fetched get(const std::string& path_and_query) {
    return fetch(curl_, server_->url() + path_and_query);
  }

  TempDir dir_;
  std::string path_;
  std::unique_ptr<IndexWriter> writer_;
  std::vector<std::string> ids_;
  std::unique_ptr<Api> api_;
  std::unique_ptr<HttpServer> server_;
  CURL* curl_ = nullptr;
};

TEST_F(ServeTest, SearchAnswersWhatTheLibraryAndTheExecutableAnswer) {
  serve();
  Fetched f = get("/v1/search?q=" + escape("Norrland chips") + "&limit=5");
  ASSERT_TRUE(f.ok);
  EXPECT_EQ(f.status, 200);
  EXPECT_NE(f.headers.find("content-type: application/json; charset=utf-8"), std::string::npos);
  EXPECT_NE(f.headers.find("cache-control: no-store"), std::string::npos);
  auto searcher = Searcher::open(path_);
  ASSERT_TRUE(searcher.ok());
  SearchOptions opts;
  opts.limit = 5;
  auto expected = (*searcher)->search("Norrland chips", opts);
  ASSERT_TRUE(expected.ok());
  json j = parse(f);
  EXPECT_EQ(j, search_json(*expected, 0, false));
  ASSERT_EQ(j["results"].size(), 2u);
  EXPECT_EQ(j["total_estimate"], 2);
}

TEST_F(ServeTest, SearchOptionsAreTheCommandsOptions) {
  serve();
  // '+' is a space in a query string, as a form sends it.
  json newest = parse(get("/v1/search?q=Norrland+OR+Vireo+OR+Solvang&sort=newest"));
  ASSERT_EQ(newest["results"].size(), 4u);
  EXPECT_EQ(newest["results"][0]["id"], ids_[1]);  // the 21st
  EXPECT_EQ(newest["results"][3]["id"], ids_[3]);  // the 5th
  json oldest =
      parse(get("/v1/search?q=Norrland+OR+Vireo+OR+Solvang&sort=oldest&limit=1&offset=1"));
  ASSERT_EQ(oldest["results"].size(), 1u);
  EXPECT_EQ(oldest["results"][0]["id"], ids_[2]);  // the 18th, second oldest
  EXPECT_EQ(oldest["offset"], 1);
  json facets = parse(get("/v1/search?q=Norrland+OR+Vireo+OR+Solvang&facets=5&limit=0"));
  EXPECT_TRUE(facets["results"].empty());
  ASSERT_EQ(facets["facets"]["source"].size(), 3u);
  EXPECT_EQ(facets["facets"]["source"][0], json({{"value", "Alpha"}, {"count", 2}}));
  // A field name that is none is searched as words, and the warning comes with the answer.
  json warned = parse(get("/v1/search?q=" + escape("titel:Vireo")));
  ASSERT_EQ(warned["warnings"].size(), 1u);
}

TEST_F(ServeTest, BadParametersAreBadRequestsThatSayWhy) {
  serve();
  struct Case {
    std::string query;
    std::string says;
  };
  for (const Case& c : std::vector<Case>{
           {"/v1/search", "'q' is required"},
           {"/v1/search?q=", "'q' is required"},
           {"/v1/search?q=chips&limt=5", "unknown parameter 'limt'"},
           {"/v1/search?q=chips&q=fab", "'q' given more than once"},
           {"/v1/search?q=chips&limit=ten", "'limit' is 'ten'"},
           {"/v1/search?q=chips&limit=10001", "'limit' is '10001'"},
           {"/v1/search?q=chips&offset=-1", "'offset' is '-1'"},
           {"/v1/search?q=chips&sort=best", "'sort' is 'best'"},
           {"/v1/search?q=chips&all_copies=maybe", "'all_copies' is 'maybe'"},
           {"/v1/related", "'id' is required"},
           {"/v1/related?id=x&limit=0", "'limit' is '0'"},
           {"/v1/related?id=x&time_prior=nan", "'time_prior' is 'nan'"},
           {"/v1/article?id=x&format=json", "unknown parameter 'format'"},
           {"/v1/stats?verbose=1", "unknown parameter 'verbose'"},
       }) {
    Fetched f = get(c.query);
    EXPECT_EQ(f.status, 400) << c.query;
    EXPECT_EQ(error_code(f), "bad_request") << c.query;
    EXPECT_NE(parse(f)["error"]["message"].get<std::string>().find(c.says), std::string::npos)
        << c.query << ": " << f.body;
  }
  // A query the parser refuses is a bad query, with the library's message.
  Fetched f = get("/v1/search?q=" + std::string(kMaxQueryBytes + 1, 'a'));
  EXPECT_EQ(f.status, 400);
  EXPECT_EQ(error_code(f), "bad_query");
}

TEST_F(ServeTest, RelatedByIdOrUrlAndOfAPostedArticle) {
  serve();
  json by_id = parse(get("/v1/related?id=" + ids_[0] + "&limit=2"));
  ASSERT_FALSE(by_id["results"].empty());
  EXPECT_EQ(by_id["results"][0]["id"], ids_[1]);  // the other chip story
  for (const auto& h : by_id["results"]) EXPECT_NE(h["id"], ids_[0]);
  EXPECT_TRUE(by_id["results"][0]["why"].is_array());
  json by_url = parse(get("/v1/related?id=" + escape("https://a.example/chips") + "&limit=2"));
  EXPECT_EQ(by_url, by_id);

  Fetched missing = get("/v1/related?id=b0000000000000000");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(error_code(missing), "not_found");

  // Not in the index: a JSON record, or a page's HTML, analysed and never added.
  const std::string record =
      json({{"title", "Lulea chip plant gets permits"},
            {"body", "Norrland Chips received permits for its Lulea semiconductor plant."}})
          .dump();
  Fetched posted =
      fetch(curl_, server_->url() + "/v1/related?limit=3", "POST", record, "application/json");
  EXPECT_EQ(posted.status, 200) << posted.body;
  json pj = parse(posted);
  ASSERT_GE(pj["results"].size(), 2u);
  EXPECT_TRUE(pj["results"][0]["id"] == ids_[0] || pj["results"][0]["id"] == ids_[1]);
  const std::string html =
      "<html><head><title>Vireo Fold 3 review</title></head><body><article><h1>Vireo Fold 3 "
      "review</h1><p>The Vireo Fold 3 smartphone from Vireo Mobile has a titanium frame and a "
      "display that folds without a visible hinge.</p><p>Its battery lasts two days.</p>"
      "</article></body></html>";
  Fetched page =
      fetch(curl_, server_->url() + "/v1/related?limit=1&url=" + escape("https://e.example/review"),
            "POST", html, "text/html; charset=utf-8");
  EXPECT_EQ(page.status, 200) << page.body;
  ASSERT_EQ(parse(page)["results"].size(), 1u);
  EXPECT_EQ(parse(page)["results"][0]["id"], ids_[2]);
  EXPECT_EQ(parse(get("/v1/stats"))["articles"], 4);  // nothing was added

  Fetched empty = fetch(curl_, server_->url() + "/v1/related", "POST", "", "application/json");
  EXPECT_EQ(empty.status, 422);
  EXPECT_EQ(error_code(empty), "bad_input");
  Fetched png = fetch(curl_, server_->url() + "/v1/related", "POST", "x", "image/png");
  EXPECT_EQ(png.status, 415);
  Fetched bad_json =
      fetch(curl_, server_->url() + "/v1/related", "POST", "{\"title\": ", "application/json");
  EXPECT_EQ(bad_json.status, 422);
  // GET parameters are not POST's: an id in a POST is a mistake to say.
  Fetched id_in_post =
      fetch(curl_, server_->url() + "/v1/related?id=x", "POST", record, "application/json");
  EXPECT_EQ(id_in_post.status, 400);
}

TEST_F(ServeTest, ArticleStatsAndHealth) {
  serve();
  json a = parse(get("/v1/article?id=" + ids_[2]));
  EXPECT_EQ(a["id"], ids_[2]);
  EXPECT_EQ(a["title"], "Vireo Fold 3 goes on sale");
  EXPECT_EQ(a["source"], "Gamma");
  auto searcher = Searcher::open(path_);
  ASSERT_TRUE(searcher.ok());
  auto entities = (*searcher)->entities(ids_[2]);
  ASSERT_TRUE(entities.ok());
  ASSERT_FALSE(entities->empty());
  EXPECT_EQ(a["entities"], json(*entities));
  Fetched none = get("/v1/article?id=" + escape("https://nowhere.example/x"));
  EXPECT_EQ(none.status, 404);

  json s = parse(get("/v1/stats"));
  EXPECT_EQ(s["articles"], 4);
  EXPECT_EQ(s["sources"], 3);
  EXPECT_EQ(s["subscribed_feeds"], 0);
  EXPECT_EQ(s["oldest"], "2026-11-05T10:00:00Z");
  EXPECT_EQ(parse(get("/v1/health")), json({{"status", "ok"}}));
  json root = parse(get("/"));
  EXPECT_EQ(root["name"], "byline");
  EXPECT_GE(root["endpoints"].size(), 5u);
}

// `byline serve --db A --db B`: one API over both, as Searcher::open(paths) reads them.
TEST_F(ServeTest, SeveralIndexesAreServedAsOne) {
  const std::string other = (dir_.path() / "archive").string();
  Article old =
      make("https://e.example/glacier", "Glacier data centre opens in Tromso",
           "Nordlys Cloud opened a data centre cooled by glacier water near Tromso.", "Epsilon", 2);
  {
    auto w = IndexWriter::open(other);
    ASSERT_TRUE(w.ok());
    ASSERT_TRUE((*w)->add(old).ok());
    ASSERT_TRUE((*w)->commit().ok());
  }
  api_ = std::make_unique<Api>(std::vector<std::string>{path_, other});
  serve();
  json glacier = parse(get("/v1/search?q=glacier"));
  ASSERT_EQ(glacier["results"].size(), 1u);
  EXPECT_EQ(glacier["results"][0]["id"], old.id);
  json chips = parse(get("/v1/search?q=Norrland"));
  EXPECT_EQ(chips["results"].size(), 2u);
  json a = parse(get("/v1/article?id=" + old.id));
  EXPECT_EQ(a["title"], "Glacier data centre opens in Tromso");
  json s = parse(get("/v1/stats"));
  EXPECT_EQ(s["articles"], 5);
  EXPECT_EQ(s["sources"], 4);
  ASSERT_EQ(s["indexes"].size(), 2u);
  EXPECT_EQ(s["indexes"][0]["path"], path_);
  EXPECT_EQ(s["indexes"][0]["articles"], 4);
  EXPECT_EQ(s["indexes"][1]["path"], other);
  EXPECT_EQ(s["indexes"][1]["articles"], 1);
}

TEST_F(ServeTest, UnknownPathsAndMethodsAreSaid) {
  serve();
  Fetched f = get("/v2/search?q=chips");
  EXPECT_EQ(f.status, 404);
  EXPECT_EQ(error_code(f), "no_such_endpoint");
  Fetched put = fetch(curl_, server_->url() + "/v1/search?q=chips", "PUT");
  EXPECT_EQ(put.status, 405);
  EXPECT_NE(put.headers.find("allow: get, head"), std::string::npos) << put.headers;
  Fetched del = fetch(curl_, server_->url() + "/v1/related?id=x", "DELETE");
  EXPECT_EQ(del.status, 405);
  EXPECT_NE(del.headers.find("allow: get, head, post"), std::string::npos);
  Fetched head = fetch(curl_, server_->url() + "/v1/stats", "HEAD");
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
}

TEST_F(ServeTest, CommitsLandWhileServing) {
  serve();
  EXPECT_EQ(parse(get("/v1/search?q=glacier"))["total_estimate"], 0);
  Article a =
      make("https://e.example/glacier", "Glacier data centre opens",
           "Kaldur opened a data centre cooled by glacier water in Iceland.", "Epsilon", 22);
  ASSERT_TRUE(writer_->add(a).ok());
  ASSERT_TRUE(writer_->commit().ok());
  json j = parse(get("/v1/search?q=glacier"));
  ASSERT_EQ(j["results"].size(), 1u);
  EXPECT_EQ(j["results"][0]["id"], a.id);
}

TEST_F(ServeTest, ClientsAreAnsweredConcurrentlyAndAlike) {
  serve();
  const std::string search = server_->url() + "/v1/search?q=Norrland+OR+battery";
  const std::string related = server_->url() + "/v1/related?id=" + ids_[0];
  const std::string want_search = get("/v1/search?q=Norrland+OR+battery").body;
  const std::string want_related = get("/v1/related?id=" + ids_[0]).body;
  std::atomic<int> good{0}, bad{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 6; ++t)
    clients.emplace_back([&] {
      CURL* h = curl_easy_init();
      for (int i = 0; i < 30; ++i) {
        Fetched f = fetch(h, i % 2 ? search : related);
        const bool same = f.status == 200 && f.body == (i % 2 ? want_search : want_related);
        (same ? good : bad)++;
      }
      curl_easy_cleanup(h);
    });
  for (auto& c : clients) c.join();
  EXPECT_EQ(good, 180);
  EXPECT_EQ(bad, 0);
}

TEST_F(ServeTest, HostileRequestsGetValidJsonAndTheServerStaysUp) {
  ServerOptions o;
  o.max_body_bytes = 1000;
  serve(o);
  // Bytes that are no UTF-8, and control characters, in what is echoed back.
  Fetched f = get("/v1/search?q=chips&%FF%1B[31m=1");
  EXPECT_EQ(f.status, 400);
  EXPECT_TRUE(is_valid_utf8(f.body));
  EXPECT_FALSE(parse(f).is_discarded());
  Fetched g = get("/v1/search?q=%FF%FE%C0%AF");
  EXPECT_EQ(g.status, 200);
  EXPECT_TRUE(is_valid_utf8(g.body));
  // An over-long request line is refused before it reaches the API.
  Fetched huge = get("/v1/search?q=" + std::string(200 * 1024, 'a'));
  EXPECT_TRUE(huge.status == 414 || huge.status == 431) << huge.status;
  // Bodies past the cap: announced, or sent chunked without a length.
  const std::string big(5000, 'x');
  Fetched announced = fetch(curl_, server_->url() + "/v1/related", "POST", big, "text/html");
  EXPECT_EQ(announced.status, 413);
  EXPECT_EQ(error_code(announced), "body_too_large");
  Fetched chunked =
      fetch(curl_, server_->url() + "/v1/related", "POST", big, "text/html", /*chunked=*/true);
  EXPECT_EQ(chunked.status, 413);
  // Broken HTML is read, never a crash.
  Fetched broken = fetch(curl_, server_->url() + "/v1/related", "POST",
                         "<p>Norrland <b><i>Chips</b> Lulea <table><td>plant", "text/html");
  EXPECT_TRUE(broken.status == 200 || broken.status == 422) << broken.body;
  EXPECT_EQ(get("/v1/health").status, 200);
}

// A raw connection to the server.
int connect_to(uint16_t port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

// True when the server closes `fd` within `seconds` (it reads end of file).
bool closed_within(int fd, int seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  char buf[4096];
  while (std::chrono::steady_clock::now() < end) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) return true;
  }
  return false;
}

TEST_F(ServeTest, SilentAndSurplusConnectionsAreClosed) {
  ServerOptions o;
  o.idle_timeout_seconds = 1;
  o.max_per_ip = 2;
  serve(o);
  // Half a request, then silence: closed after the idle timeout, not held for ever.
  int slow = connect_to(server_->port());
  ASSERT_GE(slow, 0);
  ASSERT_GT(send(slow, "GET /v1/sta", 11, MSG_NOSIGNAL), 0);
  int second = connect_to(server_->port());
  ASSERT_GE(second, 0);
  // A third connection from the same address is over the limit.
  int third = connect_to(server_->port());
  ASSERT_GE(third, 0);
  EXPECT_TRUE(closed_within(third, 5));
  EXPECT_TRUE(closed_within(slow, 10));
  EXPECT_TRUE(closed_within(second, 10));
  close(slow);
  close(second);
  close(third);
  // The closed connections' slots are freed by the server's own thread soon after: then this
  // address may connect again.
  long status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    if (i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = get("/v1/health").status;
  }
  EXPECT_EQ(status, 200);
}

TEST_F(ServeTest, CorsOriginIsSentWhenAsked) {
  serve();
  EXPECT_EQ(get("/v1/health").headers.find("access-control-allow-origin"), std::string::npos);
  server_.reset();
  ServerOptions o;
  o.cors_origin = "https://news.example";
  serve(o);
  EXPECT_NE(get("/v1/health").headers.find("access-control-allow-origin: https://news.example"),
            std::string::npos);
  Fetched pre = fetch(curl_, server_->url() + "/v1/related", "OPTIONS");
  EXPECT_EQ(pre.status, 204);
  EXPECT_NE(pre.headers.find("access-control-allow-methods: get, head, post"), std::string::npos);
}

TEST(ServeSetup, ListenAddressesAndBindErrors) {
  auto a = server::parse_listen("127.0.0.1:8080");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 8080);
  auto b = server::parse_listen(":9000");
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->host, "127.0.0.1");  // loopback unless told otherwise
  auto c = server::parse_listen("[::1]:0");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->host, "::1");
  for (const char* bad : {"8080", "host:", "host:http", "host:70000", "::1:80"})
    EXPECT_EQ(server::parse_listen(bad).status().code(), ErrorCode::kUsage) << bad;

  TempDir dir;
  Api api((dir.path() / "idx").string());
  ServerOptions o;
  o.listen = "127.0.0.1:0";
  auto first = HttpServer::start(api, o);
  ASSERT_TRUE(first.ok());
  o.listen = "127.0.0.1:" + std::to_string((*first)->port());
  auto second = HttpServer::start(api, o);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), ErrorCode::kNetwork);
  EXPECT_NE(second.status().message().find("in use"), std::string::npos)
      << second.status().message();
}

TEST(ServeSetup, WithoutAnIndexTheServiceIsUnavailable) {
  TempDir dir;
  Api api((dir.path() / "none").string());
  EXPECT_EQ(api.check_index().code(), ErrorCode::kNotFound);
  ApiRequest r;
  r.method = "GET";
  r.path = "/v1/search";
  r.params = {{"q", "chips"}};
  auto resp = api.handle(r);
  EXPECT_EQ(resp.status, 503);
  EXPECT_EQ(json::parse(resp.body)["error"]["code"], "not_found");
}

TEST(ServeCommand, ServesUntilSigtermThenExitsZero) {
  TempDir dir;
  const std::string db = (dir.path() / "idx").string();
  auto none = testing::run_byline("--db '" + db + "' serve --listen 127.0.0.1:0");
  EXPECT_EQ(none.exit_code, 3) << none.err;
  EXPECT_NE(none.err.find("byline: "), std::string::npos);
  auto indexed = testing::run_byline("--db '" + db + "' index '" +
                                     (testing::source_dir() / "samples/articles").string() + "'");
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  auto bad = testing::run_byline("--db '" + db + "' serve --listen nowhere");
  EXPECT_EQ(bad.exit_code, 2) << bad.err;

  int out[2];
  ASSERT_EQ(pipe(out), 0);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    execl(testing::byline_binary().c_str(), "byline", "--db", db.c_str(), "-q", "serve", "--listen",
          "127.0.0.1:0", static_cast<char*>(nullptr));
    _exit(127);
  }
  close(out[1]);
  std::string line;
  char ch;
  while (read(out[0], &ch, 1) == 1 && ch != '\n') line += ch;
  const size_t at = line.find("http://");
  ASSERT_NE(at, std::string::npos) << line;
  CURL* h = curl_easy_init();
  Fetched stats = fetch(h, line.substr(at) + "/v1/stats");
  curl_easy_cleanup(h);
  EXPECT_EQ(stats.status, 200);
  EXPECT_GT(parse(stats)["articles"].get<int>(), 10);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  close(out[0]);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

}  // namespace
}  // namespace byline
