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
#include <xapian.h>

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "byline/index.h"
#include "byline/search.h"
#include "common/datetime.h"
#include "common/text.h"
#include "query/results_json.h"
#include "schema_check.h"
#include "server/compress.h"
#include "server/credentials.h"
#include "server/http_api.h"
#include "server/http_server.h"
#include "test_support.h"

namespace byline {
namespace {

using nlohmann::json;
using server::Api;
using server::ApiRequest;
using server::ApiResponse;
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

// What a transfer may add: headers, the CA a TLS server's certificate is checked against, and
// the encodings curl asks for and decodes ("" none).
struct Extras {
  std::vector<std::string> headers;
  std::string ca_file;
  const char* accept_encoding = nullptr;
};

Extras with_header(std::string header) {
  Extras e;
  e.headers.push_back(std::move(header));
  return e;
}

// One transfer; `handle` reused keeps the connection alive between calls.
Fetched fetch(CURL* h, const std::string& url, const std::string& method = "GET",
              const std::string& body = "", const std::string& content_type = "",
              bool chunked = false, const Extras& extras = {}) {
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
  for (const auto& x : extras.headers) hdrs = curl_slist_append(hdrs, x.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
  if (!extras.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, extras.ca_file.c_str());
  if (extras.accept_encoding) curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, extras.accept_encoding);
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
  // As plain json: clang reads json == ordered_json as ambiguous in C++20.
  EXPECT_EQ(j, json::parse(search_json(*expected, 0, false).dump()));
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
  ASSERT_EQ(warned["warnings"].size(), 2u);  // and no article has both words: some
  EXPECT_TRUE(warned["warnings"][0].get<std::string>().starts_with("`titel:` is not a field"));
  EXPECT_EQ(warned["some_words"], true);
}

TEST_F(ServeTest, BadParametersAreBadRequestsThatSayWhy) {
  serve();
  // Regression (audit): an unknown parameter's name and a missing id were echoed whole: a
  // 100 KB name or id gave a 100 KB error.
  const std::string huge(100'000, 'x');
  Fetched long_name = get("/v1/search?q=chip&" + huge + "=1");
  EXPECT_EQ(long_name.status, 400);
  EXPECT_LT(long_name.body.size(), 1000u);
  Fetched long_id = get("/v1/article?id=" + huge);
  EXPECT_EQ(long_id.status, 404);
  EXPECT_LT(long_id.body.size(), 1000u);
  struct Case {
    std::string query;
    std::string says;
  };
  for (const Case& c : std::vector<Case>{
           {"/v1/search", "'q' is required"},
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
           // Regression (audit, session 43): "%ZZ" was searched as written.
           {"/v1/search?q=%ZZ", "malformed percent-encoding in the query string: '%ZZ'"},
           {"/v1/search?q=chips%2", "malformed percent-encoding in the query string: '%2'"},
           {"/v1/stats?%", "malformed percent-encoding"},
       }) {
    Fetched f = get(c.query);
    EXPECT_EQ(f.status, 400) << c.query;
    EXPECT_EQ(error_code(f), "bad_request") << c.query;
    EXPECT_NE(parse(f)["error"]["message"].get<std::string>().find(c.says), std::string::npos)
        << c.query << ": " << f.body;
  }
  // Regression (audit): an empty pair ("?&q=", "&&") was an unknown parameter named ''.
  for (const char* ok : {"/v1/search?&q=chips", "/v1/search?q=chips&&limit=1", "/v1/stats?&",
                         "/v1/search?q=chips%20%2Bfab%e2%80%94x"})
    EXPECT_EQ(get(ok).status, 200) << ok;
  // A query the parser refuses is a bad query, with the library's message.
  Fetched f = get("/v1/search?q=" + std::string(kMaxQueryBytes + 1, 'a'));
  EXPECT_EQ(f.status, 400);
  EXPECT_EQ(error_code(f), "bad_query");
  // Regression (HTTP audit, session 50): `q=` was "required" (bad_request) where `q=%20`, and
  // `/v1/articles?q=`, were an empty query.
  for (const char* empty : {"/v1/search?q=", "/v1/search?q=%20", "/v1/search?q=&limit=1"}) {
    Fetched e = get(empty);
    EXPECT_EQ(e.status, 400) << empty;
    EXPECT_EQ(error_code(e), "bad_query") << empty;
    EXPECT_EQ(parse(e)["error"]["message"], "empty query") << empty;
  }
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
  // Regression (HTTP audit, session 50): an empty, relative or local `url` was taken (200).
  for (const char* bad :
       {"", "not%20a%20url", "file%3A%2F%2F%2Fetc%2Fpasswd", "http%3A%2F%2F", "%2Fstory"}) {
    Fetched f = fetch(curl_, server_->url() + "/v1/related?url=" + bad, "POST", html,
                      "text/html; charset=utf-8");
    EXPECT_EQ(f.status, 400) << bad;
    EXPECT_EQ(error_code(f), "bad_request") << bad;
  }

  Fetched empty = fetch(curl_, server_->url() + "/v1/related", "POST", "", "application/json");
  EXPECT_EQ(empty.status, 422);
  EXPECT_EQ(error_code(empty), "bad_input");
  Fetched png = fetch(curl_, server_->url() + "/v1/related", "POST", "x", "image/png");
  EXPECT_EQ(png.status, 415);
  Fetched bad_json =
      fetch(curl_, server_->url() + "/v1/related", "POST", "{\"title\": ", "application/json");
  EXPECT_EQ(bad_json.status, 422);
  // Regression: a gzip or binary body was read as a page of mojibake and answered 200 with
  // unrelated stories.
  const std::string gzipped = server::gzip(html);
  Fetched coded = fetch(curl_, server_->url() + "/v1/related", "POST", gzipped, "text/html", false,
                        with_header("Content-Encoding: gzip"));
  EXPECT_EQ(coded.status, 415) << coded.body;
  EXPECT_NE(parse(coded)["error"]["message"].get<std::string>().find("Content-Encoding"),
            std::string::npos);
  Fetched binary = fetch(curl_, server_->url() + "/v1/related", "POST", gzipped, "text/html");
  EXPECT_EQ(binary.status, 422) << binary.body;
  EXPECT_EQ(error_code(binary), "bad_input");
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

  // Re-audit (session 48): a revision the server refuses (a newer byline's schema) failed
  // every search while health, answered by a reader from the pool, said "ok".
  writer_.reset();
  auto set_version = [&](const char* version) {
    Xapian::WritableDatabase db(path_, Xapian::DB_OPEN);
    db.set_metadata("byline.schema_version", version);
    db.commit();
  };
  set_version("99");
  Fetched refused = get("/v1/health");
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(error_code(refused), "index_version");
  EXPECT_NE(get("/v1/search?q=chips").status, 200);
  set_version("1");
  EXPECT_EQ(get("/v1/health").status, 200);
  EXPECT_EQ(get("/v1/search?q=chips").status, 200);
}

// GET /v1/articles: the stored records as `byline export` writes them, a page at a time from
// the cursor the page before gives, all of them or those a query matches.
TEST_F(ServeTest, ArticlesArePagedAsTheExportWritesThem) {
  serve();
  json all = parse(get("/v1/articles"));
  ASSERT_EQ(all["articles"].size(), 4u) << all.dump().substr(0, 300);
  EXPECT_TRUE(all["next"].is_null());
  EXPECT_EQ(all["unreadable"], 0);
  EXPECT_EQ(all["warnings"], json::array());
  auto exported = testing::run_byline("--db '" + path_ + "' export");
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  std::istringstream lines(exported.out);
  size_t i = 0;
  for (std::string line; std::getline(lines, line); ++i) {
    ASSERT_LT(i, all["articles"].size());
    EXPECT_EQ(all["articles"][i], json::parse(line)) << i;
  }
  EXPECT_EQ(i, 4u);

  std::vector<std::string> paged;
  std::string cursor;
  for (int n = 0; n < 10; ++n) {
    json page = parse(get("/v1/articles?limit=1" + (cursor.empty() ? "" : "&cursor=" + cursor)));
    ASSERT_EQ(page["articles"].size(), 1u) << page.dump().substr(0, 300);
    paged.push_back(page["articles"][0]["id"]);
    if (page["next"].is_null()) break;
    cursor = page["next"].get<std::string>();
  }
  EXPECT_EQ(paged, ids_);

  json chips = parse(get("/v1/articles?q=" + escape("Norrland Chips")));
  ASSERT_EQ(chips["articles"].size(), 2u);
  EXPECT_EQ(chips["articles"][0]["id"], ids_[0]);
  EXPECT_EQ(chips["articles"][1]["id"], ids_[1]);
  json warned = parse(get("/v1/articles?q=" + escape("chips OR titel:x")));
  ASSERT_EQ(warned["warnings"].size(), 1u);

  // Regression (audit, session 29): a cursor naming an index beyond those served read
  // nothing and said that was all (200, `next` null).
  for (const char* bad : {"cursor=abc", "cursor=0", "cursor=-1", "limit=0", "limit=501", "limt=5",
                          "cursor=1&cursor=2", "cursor=4294967296", "cursor=18446744073709551615",
                          "cursor=9223372036854775809",
                          // Regression (embedding audit, session 44): a bare docid, which no
                          // page gave, was read from (past the last: an empty page, "all").
                          "cursor=2", "cursor=42", "cursor=65536"}) {
    Fetched f = get(std::string("/v1/articles?") + bad);
    EXPECT_EQ(f.status, 400) << bad;
    EXPECT_EQ(error_code(f), "bad_request") << bad;
  }
  for (const char* bad : {"q=", "q=%20", "q=date%3A2026-13"}) {
    Fetched f = get(std::string("/v1/articles?") + bad);
    EXPECT_EQ(f.status, 400) << bad;
    EXPECT_EQ(error_code(f), "bad_query") << bad << f.body;
  }

  // Regression (sync, session 30's left item): a query's cursor held a 15-bit tag of it, so
  // one other query in 32,767 read from a place not its own. These two share the tag; the
  // cursor holds the whole hash, and the other query's is refused.
  const std::string q1 = escape("Norrland Chips OR zq41"), q2 = escape("Norrland Chips OR zq230");
  json first = parse(get("/v1/articles?limit=1&q=" + q1));
  ASSERT_TRUE(first["next"].is_string()) << first;
  const std::string next = first["next"];
  ASSERT_NE(next.find('.'), std::string::npos) << next;
  json second = parse(get("/v1/articles?limit=1&q=" + q1 + "&cursor=" + next));
  ASSERT_EQ(second["articles"].size(), 1u);
  EXPECT_EQ(second["articles"][0]["id"], ids_[1]);
  for (const std::string& other : {"&q=" + q2, std::string(), "&q=" + escape("chips")}) {
    Fetched f = get("/v1/articles?limit=1&cursor=" + next + other);
    EXPECT_EQ(f.status, 400) << other << f.body;
    EXPECT_NE(f.body.find("it is the cursor of another query"), std::string::npos) << f.body;
  }
  // One without the hash, as given before it was added, is still read.
  json old =
      parse(get("/v1/articles?limit=1&q=" + q1 + "&cursor=" + next.substr(0, next.find('.'))));
  EXPECT_EQ(old["articles"], second["articles"]);
}

// Regression (audit): the /v1/articles and /v1/removed pages and GET / had no schema. Every
// answer's body against the schema docs/http.md names for it.
TEST_F(ServeTest, EveryAnswerMatchesItsSchema) {
  ASSERT_TRUE(writer_->remove(ids_[3]).ok());
  ASSERT_TRUE(writer_->commit().ok());
  serve();
  const json summaries = testing::load_schema("summaries.schema.json");
  auto against = [&](const char* def, const Fetched& f) {
    EXPECT_TRUE(f.ok);
    if (!summaries["$defs"].contains(def)) return std::string("no schema for ") + def;
    json one = summaries["$defs"][def];
    one["$defs"] = summaries["$defs"];
    return testing::check(one, f.body, def);
  };
  const json results = testing::load_schema("results.schema.json");
  const json article = testing::load_schema("article.schema.json");
  EXPECT_EQ(against("endpoints", get("/")), "");
  EXPECT_EQ(against("health", get("/v1/health")), "");
  EXPECT_EQ(against("stats", get("/v1/stats")), "");
  const Fetched page = get("/v1/articles?limit=2");
  EXPECT_EQ(against("articles_page", page), "");
  EXPECT_EQ(parse(page)["articles"].size(), 2u);
  EXPECT_TRUE(parse(page)["next"].is_string());
  EXPECT_EQ(against("articles_page", get("/v1/articles?q=" + escape("Norrland Chips"))), "");
  const Fetched removed = get("/v1/removed?since=1h");
  EXPECT_EQ(against("removed_page", removed), "");
  EXPECT_EQ(parse(removed)["removed"].size(), 1u);
  EXPECT_EQ(testing::check(results, get("/v1/search?q=chips&facets=3").body, "search"), "");
  EXPECT_EQ(testing::check(results, get("/v1/related?id=" + ids_[0]).body, "related"), "");
  EXPECT_EQ(testing::check(article, get("/v1/article?id=" + ids_[0]).body, "article"), "");
  for (const char* bad : {"/v1/search", "/v1/article?id=none", "/v1/nothing", "/v1/removed"})
    EXPECT_EQ(against("http_error", get(bad)), "") << bad;
  // The validator follows a reference to another file: a page whose record has a number for an id
  // fails.
  json broken = parse(page);
  broken["articles"][0]["id"] = 5;
  EXPECT_NE(against("articles_page", Fetched{200, broken.dump(), "", true}), "");
}

// GET /v1/removed lists the articles removed since a time, a page at a time: with
// /v1/articles?q=indexed:..., what an app that mirrors the index needs.
TEST_F(ServeTest, RemovalsSinceATimeArePaged) {
  const std::string since = format_iso8601(unix_now() - 1);
  for (size_t i : {0u, 2u}) ASSERT_TRUE(writer_->remove(ids_[i]).ok());
  ASSERT_TRUE(writer_->commit().ok());
  serve();
  json all = parse(get("/v1/removed?since=" + escape(since)));
  ASSERT_EQ(all["removed"].size(), 2u) << all.dump();
  std::set<std::string> want{ids_[0], ids_[2]}, got;
  for (const auto& r : all["removed"]) {
    got.insert(r["id"].get<std::string>());
    EXPECT_GE(r["removed"].get<std::string>(), since);
  }
  EXPECT_EQ(got, want);
  EXPECT_TRUE(all["next"].is_null());
  json first = parse(get("/v1/removed?since=1h&limit=1"));
  ASSERT_EQ(first["removed"].size(), 1u);
  ASSERT_TRUE(first["next"].is_string());
  json second =
      parse(get("/v1/removed?since=1h&limit=1&after=" + escape(first["next"].get<std::string>())));
  ASSERT_EQ(second["removed"].size(), 1u);
  EXPECT_TRUE(second["next"].is_null());
  EXPECT_EQ((std::set<std::string>{first["removed"][0]["id"], second["removed"][0]["id"]}), want);
  EXPECT_TRUE(parse(get("/v1/removed?since=2099-01-01"))["removed"].empty());
  for (const char* bad : {"", "?since=", "?since=soon", "?since=1h&limit=0", "?since=1h&x=1"}) {
    Fetched f = get(std::string("/v1/removed") + bad);
    EXPECT_EQ(f.status, 400) << bad;
    EXPECT_EQ(error_code(f), "bad_request") << bad;
  }
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

// Regression (audit, session 28): an idle server held an index that compact (or rebuild) had
// replaced, its files and their disk space, until its next request.
TEST_F(ServeTest, AnIdleServerLetsGoOfAReplacedIndex) {
  serve();
  ASSERT_EQ(parse(get("/v1/search?q=chips"))["results"].size(), 2u);
  const std::string dir = dir_.path().string();
  auto deleted_files_held = [&] {  // this process's descriptors of deleted files under dir
    int n = 0;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
      const std::string target = std::filesystem::read_symlink(e.path(), ec).string();
      n += !ec && target.rfind(dir, 0) == 0 && target.ends_with(" (deleted)");
    }
    return n;
  };
  EXPECT_EQ(deleted_files_held(), 0);
  auto compacted = writer_->compact();
  ASSERT_TRUE(compacted.ok()) << compacted.status().message();
  // The server checks every second.
  for (int i = 0; i < 40 && deleted_files_held() > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(deleted_files_held(), 0);
  EXPECT_EQ(parse(get("/v1/search?q=chips"))["results"].size(), 2u);
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

// The real API, with searches held inside it until the test lets them go: slow searches on
// demand, as a 1,000-word OR on a large index is.
class HeldSearches : public Api {
 public:
  using Api::Api;
  ApiResponse handle(const ApiRequest& request) override {
    if (request.path == "/v1/search") {
      std::unique_lock lock(mu_);
      ++held_;
      cv_.notify_all();
      cv_.wait(lock, [&] { return released_; });
    }
    return Api::handle(request);
  }
  void wait_for(int held) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, std::chrono::seconds(20), [&] { return held_ >= held; });
  }
  int held() {
    std::lock_guard lock(mu_);
    return held_;
  }
  void release() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int held_ = 0;
  bool released_ = false;
};

TEST_F(ServeTest, HealthIsAnsweredWhileSlowSearchesHoldEverySlot) {
  HeldSearches api(path_);
  ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.threads = 2;
  auto s = HttpServer::start(api, options);
  ASSERT_TRUE(s.ok()) << s.status().message();
  const std::string url = (*s)->url();
  std::vector<Fetched> searches(3);
  std::vector<std::thread> clients;
  for (auto& f : searches)
    clients.emplace_back([&] {
      CURL* h = curl_easy_init();
      f = fetch(h, url + "/v1/search?q=Norrland");
      curl_easy_cleanup(h);
    });
  api.wait_for(2);  // both slots held; the third search waits for one
  // Before this change the probe waited for a slot that the held searches never gave back:
  // it failed at fetch()'s 30 s timeout.
  CURL* h = curl_easy_init();
  const auto started = std::chrono::steady_clock::now();
  Fetched health = fetch(h, url + "/v1/health");
  const auto waited = std::chrono::steady_clock::now() - started;
  curl_easy_cleanup(h);
  const int held = api.held();
  api.release();
  for (auto& c : clients) c.join();
  EXPECT_EQ(health.status, 200) << health.body;
  EXPECT_EQ(parse(health), json({{"status", "ok"}}));
  EXPECT_LT(waited, std::chrono::seconds(4));
  // Searches still take their turn: two held, the third waited for a slot.
  EXPECT_EQ(held, 2);
  for (const auto& f : searches) EXPECT_EQ(f.status, 200) << f.body.substr(0, 200);
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
  Fetched g = get("/v1/search?q=%FF%FE%C0%AF%E2%80%AEchips");
  EXPECT_EQ(g.status, 200);
  EXPECT_TRUE(is_valid_utf8(g.body));
  // Nothing but such bytes is no query at all, as a blank one is.
  Fetched nothing = get("/v1/search?q=%FF%FE%C0%AF%01%E2%80%AE");
  EXPECT_EQ(nothing.status, 400);
  EXPECT_EQ(error_code(nothing), "bad_query");
  EXPECT_TRUE(is_valid_utf8(nothing.body));
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

// What the server answers to `raw` on a connection of its own: the status line and the body,
// read until it closes the connection (each request here asks it to, or is refused so).
std::pair<std::string, std::string> exchange_raw(uint16_t port, const std::string& raw) {
  const int fd = connect_to(port);
  if (fd < 0) return {};
  send(fd, raw.data(), raw.size(), MSG_NOSIGNAL);
  std::string got;
  char buf[4096];
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < end) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<size_t>(n));
  }
  close(fd);
  const size_t line = got.find("\r\n"), body = got.find("\r\n\r\n");
  return {got.substr(0, line), body == std::string::npos ? "" : got.substr(body + 4)};
}

// Regression (embedding and HTTP audit, session 44): framing a proxy could read otherwise was
// accepted (two Content-Lengths: the first was read), a coding other than chunked hung until
// the idle deadline, a request without Host was answered, "/v1/health%00x" was /v1/health, and
// an absolute-form target ("GET http://host/v1/health", RFC 9112 3.2.2) was no endpoint.
TEST_F(ServeTest, DoubtfulFramingIsRefusedAndAbsoluteTargetsAreRead) {
  serve(ServerOptions{});
  const uint16_t port = server_->port();
  const std::string post =
      "POST /v1/related HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
  struct Case {
    std::string raw, status, says;
  };
  for (const Case& c : std::vector<Case>{
           {post + "Content-Length: 5\r\nContent-Length: 7\r\n\r\n{\"a\":1}",
            "HTTP/1.1 400 Bad Request", "more than one Content-Length"},
           {post + "Content-Length: 7\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            "HTTP/1.1 400 Bad Request", "a Content-Length and a Transfer-Encoding"},
           {post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n",
            "HTTP/1.1 501 Not Implemented", "Transfer-Encoding 'gzip, chunked' cannot be read"},
           {"GET /v1/health HTTP/1.1\r\n\r\n", "HTTP/1.1 400 Bad Request", "needs a Host header"},
           // Re-audit: these hung to the deadline, or passed as chunked.
           {post + "Transfer-Encoding: chunked \r\n\r\n0\r\n\r\n", "HTTP/1.1 501 Not Implemented",
            "Transfer-Encoding 'chunked ' cannot be read"},
           {post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n\r\n0\r\n\r\n",
            "HTTP/1.1 400 Bad Request", "more than one Transfer-Encoding"},
           {"GET /v1/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "HTTP/1.1 400 Bad Request",
            "more than one Host"},
           {"GET /v1/health%00x HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "HTTP/1.1 400 Bad Request", "the path has a NUL byte (%00)"},
           {"GET http://byline.example/v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
            "HTTP/1.1 200 OK", "{\"status\":\"ok\"}"},
           {"GET /v1/health HTTP/1.0\r\n\r\n", "HTTP/1.1 200 OK", "{\"status\":\"ok\"}"},
           // Audit, session 48: "Content-Length : 54" was another header, and the body a
           // second request (RFC 9112 5.1 says refuse it); a second Host got the hint about
           // Content-Length.
           {"GET /v1/health HTTP/1.1\r\nHost: x\r\nContent-Length : 39\r\n\r\n"
            "GET /v1/stats HTTP/1.1\r\nHost: x\r\n\r\n",
            "HTTP/1.1 400 Bad Request", "white space in its name, or starts with it"},
           {"GET /v1/health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding\t: chunked\r\n\r\n",
            "HTTP/1.1 400 Bad Request", "white space in its name, or starts with it"},
           {"GET /v1/health HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", "HTTP/1.1 400 Bad Request",
            "send one Host header"},
       }) {
    const auto [status, body] = exchange_raw(port, c.raw);
    EXPECT_EQ(status, c.status) << c.raw;
    EXPECT_NE(body.find(c.says), std::string::npos) << c.raw << "\n" << body;
  }
  // A 415 names the type it cannot read, cut short: it was echoed whole (100 KB).
  const auto [status, body] = exchange_raw(
      port, "POST /v1/related HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: " +
                std::string(100000, 't') + "\r\nContent-Length: 2\r\n\r\n{}");
  EXPECT_TRUE(status == "HTTP/1.1 415 Unsupported Media Type" ||
              status.find(" 431 ") != std::string::npos)
      << status;
  EXPECT_LT(body.size(), 1000u);
}

// Regression (audit, session 48): bodies were counted against the budget only as they came,
// so 40 clients that sent all but the last byte of 4 MB held 160 MB and none was refused.
// The announced length is held from the start; past the budget the answer is 503 at once.
TEST_F(ServeTest, AnnouncedBodiesAreHeldAgainstTheBudgetFromTheStart) {
  ServerOptions o;
  o.max_bodies_bytes = 100000;
  serve(o);
  const std::string head =
      "POST /v1/related HTTP/1.1\r\nHost: x\r\nContent-Type: text/html\r\n"
      "Content-Length: 60000\r\n\r\n";
  const int first = connect_to(server_->port());
  ASSERT_GE(first, 0);
  send(first, head.data(), head.size(), MSG_NOSIGNAL);
  const std::string half(1000, 'a');
  send(first, half.data(), half.size(), MSG_NOSIGNAL);  // and no more for now
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // A second that would pass the budget is told at once, before it sends its body.
  const auto [status, body] = exchange_raw(server_->port(), head);
  EXPECT_EQ(status, "HTTP/1.1 503 Service Unavailable");
  EXPECT_NE(body.find("too many request bodies held at once"), std::string::npos) << body;
  close(first);
  // The first one's hold is given back when its connection ends.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  Fetched f = fetch(curl_, server_->url() + "/v1/related?limit=1", "POST",
                    "<html><body><p>" + std::string(kChip) + "</p></body></html>", "text/html");
  EXPECT_EQ(f.status, 200) << f.body;
}

// Regression (audit, session 48): clients that never read held their answers' memory until
// the idle timeout cut them (150 of them: 2.8 GB). Past a budget a large answer is refused.
TEST_F(ServeTest, AnswersClientsDoNotTakeAreBounded) {
  // 24 articles of 400 KB: a page of them is over 9 MB, more than sockets buffer.
  std::string text;
  while (text.size() < 400000) text += std::string(kBattery) + " ";
  for (int i = 0; i < 24; ++i) {
    Article a = make("https://big.example/" + std::to_string(i),
                     "Battery report " + std::to_string(i), text, "Big", 3);
    ASSERT_TRUE(writer_->add(a).ok());
  }
  ASSERT_TRUE(writer_->commit().ok());
  serve();
  Fetched whole = fetch(curl_, server_->url() + "/v1/articles?limit=30");
  ASSERT_EQ(whole.status, 200);
  EXPECT_GT(whole.body.size(), 9000000u);
  // Room for two such answers: a third while two wait for clients that do not read them is
  // refused; small answers go on.
  server_.reset();
  ServerOptions o;
  o.idle_timeout_seconds = 10;
  o.max_answers_bytes = whole.body.size() * 2 + 1000;
  serve(o);
  const std::string page = "GET /v1/articles?limit=30 HTTP/1.1\r\nHost: x\r\n\r\n";
  std::vector<int> held;
  for (int i = 0; i < 2; ++i) {
    held.push_back(connect_to(server_->port()));
    send(held.back(), page.data(), page.size(), MSG_NOSIGNAL);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));  // both answers queued
  Fetched third = fetch(curl_, server_->url() + "/v1/articles?limit=30");
  EXPECT_EQ(third.status, 503);
  EXPECT_EQ(error_code(third), "busy");
  EXPECT_NE(third.headers.find("retry-after: 1"), std::string::npos);
  EXPECT_EQ(get("/v1/article?id=" + ids_[0]).status, 200);
  for (int fd : held) close(fd);
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

// Regression (audit): the idle timeout counts silence only, so a client that sent a header line
// every few seconds was never closed; enough of them held every slot (slowloris). A request must
// now arrive whole within the idle timeout, while a kept-alive client that asks again is served.
TEST_F(ServeTest, ARequestTrickledInIsCutAtTheIdleTimeout) {
  ServerOptions o;
  o.idle_timeout_seconds = 2;
  serve(o);
  int slow = connect_to(server_->port());
  ASSERT_GE(slow, 0);
  ASSERT_GT(send(slow, "GET /v1/health HTTP/1.1\r\nHost: x\r\n", 34, MSG_NOSIGNAL), 0);
  const auto opened = std::chrono::steady_clock::now();
  bool cut = false;
  for (int i = 0; i < 16 && !cut; ++i) {  // a header line every half second, for up to 8 s
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const std::string line = "X-Pad-" + std::to_string(i) + ": y\r\n";
    if (send(slow, line.data(), line.size(), MSG_NOSIGNAL) <= 0) cut = true;
    pollfd p{slow, POLLIN, 0};
    char buf[256];
    if (!cut && poll(&p, 1, 0) > 0 && recv(slow, buf, sizeof buf, 0) <= 0) cut = true;
  }
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - opened).count();
  EXPECT_TRUE(cut) << "the trickled request was still open after " << took << " s";
  EXPECT_LT(took, 6.0);
  close(slow);
  // Two requests on one kept-alive connection, with a pause between them: both answered (the
  // time a request takes to arrive counts from the answer before it).
  int kept = connect_to(server_->port());
  ASSERT_GE(kept, 0);
  const std::string req = "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
  for (int round = 0; round < 2; ++round) {
    if (round) std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    ASSERT_GT(send(kept, req.data(), req.size(), MSG_NOSIGNAL), 0);
    std::string got;
    char buf[4096];
    for (int i = 0; i < 50 && got.find("\"ok\"") == std::string::npos; ++i) {
      pollfd p{kept, POLLIN, 0};
      if (poll(&p, 1, 100) <= 0) continue;
      const ssize_t n = recv(kept, buf, sizeof buf, 0);
      if (n <= 0) break;
      got.append(buf, static_cast<size_t>(n));
    }
    EXPECT_NE(got.find("200 OK"), std::string::npos) << "round " << round << ": " << got;
  }
  close(kept);
}

// Regressions from an audit: an index removed under the server was "ok" to /v1/health and a 404
// elsewhere; "application/json ; charset=utf-8" was refused; "/?x=1" was answered; a related
// look-up's 404 gave the command line's advice.
TEST_F(ServeTest, AuditedAnswers) {
  serve();
  const std::string page = "{\"title\":\"Norrland chips\",\"body\":\"" + std::string(kChip) + "\"}";
  Fetched spaced = fetch(curl_, server_->url() + "/v1/related", "POST", page,
                         "application/json ; charset=utf-8");
  EXPECT_EQ(spaced.status, 200) << spaced.body;
  Fetched root = get("/?x=1");
  EXPECT_EQ(root.status, 400);
  EXPECT_EQ(error_code(root), "bad_request");
  Fetched missing = get("/v1/related?id=nosuchid");
  EXPECT_EQ(missing.status, 404);
  EXPECT_NE(parse(missing)["error"]["hint"].get<std::string>().find("POST /v1/related"),
            std::string::npos);
  Fetched no_article = get("/v1/article?id=nosuchid");
  EXPECT_NE(parse(no_article)["error"]["hint"].get<std::string>().find("GET /v1/search"),
            std::string::npos);

  ASSERT_EQ(get("/v1/health").status, 200);
  writer_.reset();
  std::filesystem::remove_all(path_);
  for (const char* what : {"/v1/health", "/v1/stats", "/v1/search?q=chips", "/v1/article?id=x"}) {
    Fetched f = get(what);
    EXPECT_EQ(f.status, 503) << what << ": " << f.body;
    EXPECT_EQ(error_code(f), "not_found") << what;
  }
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
  // Regression: every path was answered 204 with POST allowed, endpoints or not. Each endpoint
  // names its own methods, and a path with none is a 404 (a refusal, to the browser).
  Fetched search = fetch(curl_, server_->url() + "/v1/search", "OPTIONS");
  EXPECT_EQ(search.status, 204);
  EXPECT_NE(search.headers.find("access-control-allow-methods: get, head\r\n"), std::string::npos)
      << search.headers;
  Fetched nowhere = fetch(curl_, server_->url() + "/v1/nowhere", "OPTIONS");
  EXPECT_EQ(nowhere.status, 404);
  EXPECT_EQ(error_code(nowhere), "no_such_endpoint");
  EXPECT_EQ(nowhere.headers.find("access-control-allow-methods"), std::string::npos);
  // A path as long as a request line may be is cut in the message.
  Fetched long_path = get("/v1/" + std::string(5000, 'x'));
  EXPECT_EQ(long_path.status, 404);
  EXPECT_LT(long_path.body.size(), 600u) << long_path.body.size();
}

TEST_F(ServeTest, WithTokensOnlyRequestsThatCarryOneAreAnswered) {
  serve();
  const Fetched open_answer = get("/v1/search?q=chips");
  ASSERT_EQ(open_answer.status, 200);
  server_.reset();
  ServerOptions o;
  const std::string first = "c2VjcmV0LXRva2VuLW9uZQ==", second = std::string(64, 'a');
  o.tokens = {first, second};
  o.cors_origin = "*";
  serve(o);
  const std::string url = server_->url() + "/v1/search?q=chips";

  Fetched none = get("/v1/search?q=chips");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(error_code(none), "unauthorized");
  EXPECT_NE(none.headers.find("www-authenticate: bearer realm=\"byline\"\r"), std::string::npos)
      << none.headers;
  for (const std::string& bad :
       std::vector<std::string>{"Bearer " + first.substr(0, 20), "Bearer " + second + "a",
                                "Basic " + first, "Bearer", "Bearer " + first + " " + first}) {
    Fetched f = fetch(curl_, url, "GET", "", "", false, with_header("Authorization: " + bad));
    EXPECT_EQ(f.status, 401) << bad;
    EXPECT_EQ(error_code(f), "unauthorized") << bad;
  }
  Fetched wrong = fetch(curl_, url, "GET", "", "", false,
                        with_header("Authorization: Bearer " + second.substr(1) + "b"));
  EXPECT_NE(wrong.headers.find("error=\"invalid_token\""), std::string::npos) << wrong.headers;
  // Regression: credentials of another scheme were called an invalid token; RFC 6750 3.1 gives
  // a request with no bearer token no error code.
  Fetched basic =
      fetch(curl_, url, "GET", "", "", false, with_header("Authorization: Basic dXNlcjpwYXNz"));
  EXPECT_EQ(basic.status, 401);
  EXPECT_NE(basic.headers.find("www-authenticate: bearer realm=\"byline\"\r"), std::string::npos)
      << basic.headers;
  EXPECT_EQ(basic.headers.find("invalid_token"), std::string::npos) << basic.headers;

  // Either token, the scheme in any case: the answer is the one an open server gives.
  for (const std::string& good : std::vector<std::string>{"Bearer " + first, "bearer  " + second}) {
    Fetched f = fetch(curl_, url, "GET", "", "", false, with_header("Authorization: " + good));
    EXPECT_EQ(f.status, 200) << good;
    EXPECT_EQ(f.body, open_answer.body);
  }
  // A health probe needs none; a browser's preflight neither, and it may send the header.
  EXPECT_EQ(get("/v1/health").status, 200);
  Fetched pre = fetch(curl_, server_->url() + "/v1/related", "OPTIONS");
  EXPECT_EQ(pre.status, 204);
  EXPECT_NE(pre.headers.find("access-control-allow-headers: authorization, content-type"),
            std::string::npos);
  // A body without a token is refused before it is read; the server stays up.
  const std::string page = "<html><body><p>" + std::string(kChip) + "</p></body></html>";
  Fetched post = fetch(curl_, server_->url() + "/v1/related", "POST", page, "text/html");
  EXPECT_EQ(post.status, 401);
  Fetched chunked = fetch(curl_, server_->url() + "/v1/related", "POST", page, "text/html", true);
  EXPECT_EQ(chunked.status, 401);
  Fetched posted = fetch(curl_, server_->url() + "/v1/related", "POST", page, "text/html", false,
                         with_header("Authorization: Bearer " + first));
  EXPECT_EQ(posted.status, 200);
  EXPECT_FALSE(parse(posted)["results"].empty());
}

TEST_F(ServeTest, AnswersAreGzippedForClientsThatAcceptIt) {
  serve();
  const std::string url = server_->url() + "/v1/search?q=chips+OR+battery+OR+phone&limit=4";
  const Fetched plain = fetch(curl_, url);
  ASSERT_EQ(plain.status, 200);
  ASSERT_GE(plain.body.size(), server::kGzipMinBytes);
  EXPECT_EQ(plain.headers.find("content-encoding"), std::string::npos);
  EXPECT_NE(plain.headers.find("vary: accept-encoding"), std::string::npos);

  // curl asks for gzip and decodes it: the same JSON, sent smaller.
  Fetched zipped = fetch(curl_, url, "GET", "", "", false, {{}, {}, "gzip"});
  EXPECT_EQ(zipped.status, 200);
  EXPECT_NE(zipped.headers.find("content-encoding: gzip"), std::string::npos);
  EXPECT_EQ(zipped.body, plain.body);
  curl_off_t sent = 0;
  curl_easy_getinfo(curl_, CURLINFO_SIZE_DOWNLOAD_T, &sent);
  EXPECT_LT(sent, static_cast<curl_off_t>(plain.body.size()) * 3 / 4);

  // A short answer, gzip refused by q=0, or a server told not to: sent as it is.
  Fetched small =
      fetch(curl_, server_->url() + "/v1/health", "GET", "", "", false, {{}, {}, "gzip"});
  EXPECT_EQ(small.headers.find("content-encoding"), std::string::npos);
  Fetched refused =
      fetch(curl_, url, "GET", "", "", false, with_header("Accept-Encoding: gzip;q=0, *"));
  EXPECT_EQ(refused.headers.find("content-encoding"), std::string::npos);
  EXPECT_EQ(refused.body, plain.body);
  server_.reset();
  ServerOptions o;
  o.gzip = false;
  serve(o);
  Fetched off = fetch(curl_, server_->url() + "/v1/search?q=chips+OR+battery+OR+phone&limit=4",
                      "GET", "", "", false, {{}, {}, "gzip"});
  EXPECT_EQ(off.headers.find("content-encoding"), std::string::npos);
  EXPECT_EQ(off.headers.find("vary:"), std::string::npos);
  EXPECT_EQ(off.body, plain.body);
}

TEST(ServeCompression, AcceptEncodingIsReadAsRfc9110Says) {
  using server::accepts_gzip;
  for (const char* yes : {"gzip", "GZIP", "x-gzip", "deflate, gzip", "gzip;q=0.5", "*",
                          "br;q=1.0, gzip;q=0.001", "gzip ; q=1", "identity, *;q=0.1"})
    EXPECT_TRUE(accepts_gzip(yes)) << yes;
  for (const char* no : {"", "identity", "br, deflate", "gzip;q=0", "gzip;q=0.000", "*;q=0",
                         "gzip;q=0, *", "gzip;q=nonsense", "gzip;q=2", "gzipx", "*;q=1, gzip;q=0"})
    EXPECT_FALSE(accepts_gzip(no)) << no;
  const std::string text(5000, 'x');
  const std::string z = server::gzip(text);
  ASSERT_GE(z.size(), 18u);
  EXPECT_EQ(static_cast<unsigned char>(z[0]), 0x1f);  // gzip's magic bytes
  EXPECT_EQ(static_cast<unsigned char>(z[1]), 0x8b);
  EXPECT_LT(z.size(), 100u);
}

TEST(ServeCredentials, TokenFilesAreReadStrictly) {
  const std::string a(32, 'a'), b = "QmVhcmVyLXRva2VuLXR3bw==";
  auto ok = server::parse_tokens("# tokens for the front end\n\n  " + a + "  \r\n" + b + "\n");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(*ok, (std::vector<std::string>{a, b}));
  struct Bad {
    std::string text, says;
  };
  for (const Bad& bad : std::vector<Bad>{{"", "no token"},
                                         {"# only a comment\n\n", "no token"},
                                         {a + "\nshort\n", "line 2 holds a token of 5"},
                                         {a + " " + a, "line 1 is not a token"},
                                         {"caf\xc3\xa9" + a, "line 1 is not a token"},
                                         {"==" + a, "line 1 is not a token"}}) {
    auto r = server::parse_tokens(bad.text);
    ASSERT_FALSE(r.ok()) << bad.text;
    EXPECT_EQ(r.status().code(), ErrorCode::kBadInput);
    EXPECT_NE(r.status().message().find(bad.says), std::string::npos) << r.status().message();
    EXPECT_EQ(r.status().message().find(a), std::string::npos) << "a secret was echoed";
  }
  TempDir dir;
  EXPECT_EQ(server::read_token_file((dir.path() / "none").string()).status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(server::read_token_file(dir.path().string()).status().code(), ErrorCode::kBadInput);
  EXPECT_EQ(server::read_pem_file((dir.path() / "none").string(), "TLS key").status().code(),
            ErrorCode::kNotFound);

  EXPECT_EQ(server::bearer_token("Bearer " + a), a);
  EXPECT_EQ(server::bearer_token("bEaReR   " + b + " "), b);
  // A tab after the scheme, which names_bearer_scheme() takes, is no wrong token (audit,
  // session 44: a right token so sent got error="invalid_token").
  EXPECT_TRUE(server::names_bearer_scheme("Bearer\t" + a));
  EXPECT_EQ(server::bearer_token("Bearer\t" + a), a);
  for (const std::string& no : std::vector<std::string>{
           "Basic " + a, "Bearer", "Bearer ", "Bearer" + a, "Bearer " + a + " x", "Token " + a})
    EXPECT_FALSE(server::bearer_token(no)) << no;
  EXPECT_TRUE(server::token_matches(b, {a, b}));
  EXPECT_FALSE(server::token_matches(b.substr(1), {a, b}));
  EXPECT_FALSE(server::token_matches(a + "a", {a, b}));
  EXPECT_FALSE(server::token_matches("", {a, b}));
}

// A self-signed certificate for 127.0.0.1 made by openssl (installed by scripts/setup.sh).
bool make_certificate(const std::filesystem::path& dir, const std::string& name) {
  const std::string cmd =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout '" +
      (dir / (name + "-key.pem")).string() + "' -out '" + (dir / (name + ".pem")).string() +
      "' -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 >/dev/null 2>&1";
  return std::system(cmd.c_str()) == 0;
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST_F(ServeTest, TlsServesHttpsWithTheCertificateGiven) {
  if (!make_certificate(dir_.path(), "a") || !make_certificate(dir_.path(), "b"))
    GTEST_SKIP() << "openssl cannot make a test certificate (scripts/setup.sh installs it)";
  serve();
  const Fetched over_http = get("/v1/search?q=chips");
  server_.reset();
  ServerOptions o;
  o.tls_cert_pem = slurp(dir_.path() / "a.pem");
  o.tls_key_pem = slurp(dir_.path() / "a-key.pem");
  o.tokens = {std::string(40, 'z')};
  serve(o);
  ASSERT_EQ(server_->url().rfind("https://127.0.0.1:", 0), 0u) << server_->url();
  const std::string ca = (dir_.path() / "a.pem").string();
  Extras extras{{"Authorization: Bearer " + std::string(40, 'z')}, ca, nullptr};
  Fetched f = fetch(curl_, server_->url() + "/v1/search?q=chips", "GET", "", "", false, extras);
  EXPECT_EQ(f.status, 200);
  EXPECT_EQ(f.body, over_http.body);
  // Kept alive: the second request needs no second handshake, and is answered the same.
  Fetched again = fetch(curl_, server_->url() + "/v1/search?q=chips", "GET", "", "", false, extras);
  EXPECT_EQ(again.body, over_http.body);
  // Checked against another CA the certificate is refused; in clear text nothing is answered.
  Fetched other = fetch(curl_, server_->url() + "/v1/health", "GET", "", "", false,
                        {{}, (dir_.path() / "b.pem").string(), nullptr});
  EXPECT_FALSE(other.ok);
  std::string plain_url = server_->url();
  plain_url.replace(0, 5, "http");
  Fetched clear = fetch(curl_, plain_url + "/v1/health");
  EXPECT_NE(clear.status, 200);
  EXPECT_EQ(fetch(curl_, server_->url() + "/v1/health", "GET", "", "", false, extras).status, 200);
  server_.reset();

  // A key that is not the certificate's, or only half of the pair, never serves.
  ServerOptions mismatched = o;
  mismatched.listen = "127.0.0.1:0";
  mismatched.tls_key_pem = slurp(dir_.path() / "b-key.pem");
  // Regression: libmicrohttpd's own complaints were logged before the one-line error that
  // already says them.
  std::vector<std::string> logged;
  mismatched.log = [&logged](const std::string& line) { logged.push_back(line); };
  auto m = HttpServer::start(*api_, mismatched);
  EXPECT_TRUE(logged.empty()) << logged.front();
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.status().code(), ErrorCode::kBadInput);
  EXPECT_NE(m.status().message().find("do not match"), std::string::npos) << m.status().message();
  ServerOptions half = o;
  half.listen = "127.0.0.1:0";
  half.tls_key_pem.clear();
  EXPECT_EQ(HttpServer::start(*api_, half).status().code(), ErrorCode::kUsage);
}

TEST_F(ServeTest, AReloadSwapsCertificateAndTokensWithoutDroppingAConnection) {
  if (!make_certificate(dir_.path(), "a") || !make_certificate(dir_.path(), "b"))
    GTEST_SKIP() << "openssl cannot make a test certificate (scripts/setup.sh installs it)";
  const std::string first(32, 'f'), second(32, 's');
  ServerOptions o;
  o.tls_cert_pem = slurp(dir_.path() / "a.pem");
  o.tls_key_pem = slurp(dir_.path() / "a-key.pem");
  o.tokens = {first};
  serve(o);
  const std::string url = server_->url() + "/v1/stats";
  const std::string ca_a = (dir_.path() / "a.pem").string();
  const std::string ca_b = (dir_.path() / "b.pem").string();
  auto as = [](const std::string& token, const std::string& ca) {
    return Extras{{"Authorization: Bearer " + token}, ca, nullptr};
  };
  // `curl_` keeps its connection (made under certificate a) across the reload.
  ASSERT_EQ(fetch(curl_, url, "GET", "", "", false, as(first, ca_a)).status, 200);

  ASSERT_TRUE(
      server_->reload({second}, slurp(dir_.path() / "b.pem"), slurp(dir_.path() / "b-key.pem"))
          .ok());
  CURL* fresh = curl_easy_init();
  EXPECT_FALSE(fetch(fresh, url, "GET", "", "", false, as(second, ca_a)).ok);  // a is gone
  EXPECT_EQ(fetch(fresh, url, "GET", "", "", false, as(second, ca_b)).status, 200);
  EXPECT_EQ(fetch(fresh, url, "GET", "", "", false, as(first, ca_b)).status, 401);  // revoked
  // The connection made before the reload is still answered, and by the new tokens.
  Fetched kept = fetch(curl_, url, "GET", "", "", false, as(second, ca_a));
  EXPECT_EQ(kept.status, 200);
  long reused = 0;
  curl_easy_getinfo(curl_, CURLINFO_NUM_CONNECTS, &reused);
  EXPECT_EQ(reused, 0) << "the kept-alive connection was not reused";
  // Regression: a busy kept-alive connection was cut at the old daemon's deadline, in the
  // middle of a request. Its answers now close it, so the client moves on between requests.
  EXPECT_NE(kept.headers.find("connection: close"), std::string::npos) << kept.headers;
  Fetched moved = fetch(curl_, url, "GET", "", "", false, as(first, ca_b));
  EXPECT_EQ(moved.status, 401);  // on a new connection, with certificate b
  curl_easy_getinfo(curl_, CURLINFO_NUM_CONNECTS, &reused);
  EXPECT_EQ(reused, 1);

  // A key that is not the certificate's changes nothing: b and the second token still serve.
  Status bad =
      server_->reload({first}, slurp(dir_.path() / "b.pem"), slurp(dir_.path() / "a-key.pem"));
  EXPECT_EQ(bad.code(), ErrorCode::kBadInput);
  EXPECT_NE(bad.message().find("do not match"), std::string::npos) << bad.message();
  EXPECT_EQ(fetch(fresh, url, "GET", "", "", false, as(second, ca_b)).status, 200);
  EXPECT_EQ(fetch(fresh, url, "GET", "", "", false, as(first, ca_b)).status, 401);
  // Turning TLS off takes a restart.
  EXPECT_EQ(server_->reload({second}, "", "").code(), ErrorCode::kUsage);
  // Reloads one after another leave one daemon serving, whatever they replaced.
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(
        server_->reload({second}, slurp(dir_.path() / "a.pem"), slurp(dir_.path() / "a-key.pem"))
            .ok());
  CURL* last = curl_easy_init();
  EXPECT_EQ(fetch(last, url, "GET", "", "", false, as(second, ca_a)).status, 200);
  curl_easy_cleanup(last);
  curl_easy_cleanup(fresh);
}

// Regression: stopping the server (SIGTERM in `byline serve`) closed the connections of the
// requests under way, whose clients got no answer, though the docs say they are finished.
TEST_F(ServeTest, StoppingAnswersTheRequestsUnderWay) {
  serve();
  std::string page = "<html><body><article><h1>Norrland Chips</h1>";
  while (page.size() < (3u << 20))
    page += "<p>Norrland Chips will build a chip plant in Lulea, the company said.</p>";
  page += "</article></body></html>";
  Fetched answered;
  std::thread client([&] {
    CURL* h = curl_easy_init();
    answered = fetch(h, server_->url() + "/v1/related?limit=2", "POST", page, "text/html");
    curl_easy_cleanup(h);
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(150));  // the page is being read
  server_.reset();
  client.join();
  EXPECT_TRUE(answered.ok);
  EXPECT_EQ(answered.status, 200) << answered.body.substr(0, 200);
  EXPECT_FALSE(parse(answered)["results"].empty());
}

TEST_F(ServeTest, APlainServerReloadsTokensOnly) {
  serve();
  EXPECT_EQ(get("/v1/stats").status, 200);
  const std::string token(20, 't');
  ASSERT_TRUE(server_->reload({token}, "", "").ok());
  EXPECT_EQ(get("/v1/stats").status, 401);
  EXPECT_EQ(fetch(curl_, server_->url() + "/v1/stats", "GET", "", "", false,
                  {{"Authorization: Bearer " + token}, "", nullptr})
                .status,
            200);
  EXPECT_EQ(get("/v1/health").status, 200);
  EXPECT_EQ(server_->reload({}, "cert", "key").code(), ErrorCode::kUsage);  // no TLS by reload
  ASSERT_TRUE(server_->reload({}, "", "").ok());                            // tokens off again
  EXPECT_EQ(get("/v1/stats").status, 200);
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

// `byline ARGS` running as a server: its URL from the first line of stdout, its stderr to
// read line by line (its access log skipped).
struct ServeProcess {
  pid_t pid = -1;
  int out = -1, err = -1;
  std::string url;
  explicit ServeProcess(const std::vector<std::string>& args) {
    int o[2], e[2];
    if (pipe(o) != 0 || pipe(e) != 0) return;
    pid = fork();
    if (pid == 0) {
      dup2(o[1], STDOUT_FILENO);
      dup2(e[1], STDERR_FILENO);
      for (int fd : {o[0], o[1], e[0], e[1]}) close(fd);
      std::vector<char*> argv{const_cast<char*>("byline")};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      execv(testing::byline_binary().c_str(), argv.data());
      _exit(127);
    }
    close(o[1]);
    close(e[1]);
    out = o[0];
    err = e[0];
    const std::string line = read_line(out);
    if (const size_t at = line.find("http"); at != std::string::npos) url = line.substr(at);
  }
  static std::string read_line(int fd) {
    std::string line;
    char ch;
    while (read(fd, &ch, 1) == 1 && ch != '\n') line += ch;
    return line;
  }
  std::string read_err_line() {
    for (;;) {
      std::string line = read_line(err);
      if (line.empty() || line.find(" \"GET ") == std::string::npos) return line;
    }
  }
  int stop(int sig) {
    kill(pid, sig);
    int status = 0;
    waitpid(pid, &status, 0);
    pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  ~ServeProcess() {
    if (pid > 0) stop(SIGKILL);
    if (out >= 0) close(out);
    if (err >= 0) close(err);
  }
};

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

  ServeProcess serve({"--db", db, "-q", "serve", "--listen", "127.0.0.1:0"});
  ASSERT_NE(serve.url.find("http://"), std::string::npos) << serve.url;
  CURL* h = curl_easy_init();
  Fetched stats = fetch(h, serve.url + "/v1/stats");
  curl_easy_cleanup(h);
  EXPECT_EQ(stats.status, 200);
  EXPECT_GT(parse(stats)["articles"].get<int>(), 10);
  EXPECT_EQ(serve.stop(SIGTERM), 0);
}

// Regression (audit): while a stopping server waited for a slow upload (up to the idle timeout
// and 5 s), a second SIGTERM was ignored, and new clients were accepted and left unanswered.
TEST(ServeCommand, ASecondSignalQuitsAtOnceAndNewClientsAreRefused) {
  TempDir dir;
  const std::string db = (dir.path() / "idx").string();
  auto indexed = testing::run_byline("--db '" + db + "' index '" +
                                     (testing::source_dir() / "samples/articles").string() + "'");
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  ServeProcess serve({"--db", db, "serve", "--listen", "127.0.0.1:0", "--idle-timeout", "20"});
  const size_t colon = serve.url.rfind(':');
  ASSERT_NE(colon, std::string::npos) << serve.url;
  const auto port = static_cast<uint16_t>(std::stoi(serve.url.substr(colon + 1)));
  int upload = connect_to(port);
  ASSERT_GE(upload, 0);
  const std::string head =
      "POST /v1/related HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 100000\r\n\r\n{";
  ASSERT_GT(send(upload, head.data(), head.size(), MSG_NOSIGNAL), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const auto stopped = std::chrono::steady_clock::now();
  kill(serve.pid, SIGTERM);
  EXPECT_NE(serve.read_err_line().find("SIGTERM"), std::string::npos);
  // Refused, not left in the backlog (the line above comes just before the server stops
  // accepting).
  bool refused = false;
  for (int i = 0; i < 40 && !refused; ++i) {
    const int fd = connect_to(port);
    refused = fd < 0;
    if (fd >= 0) close(fd);
    if (!refused) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(refused);
  kill(serve.pid, SIGTERM);
  int status = 0;
  waitpid(serve.pid, &status, 0);
  serve.pid = -1;
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM) << status;
  EXPECT_LT(std::chrono::duration<double>(std::chrono::steady_clock::now() - stopped).count(),
            10.0);
  close(upload);
}

TEST(ServeCommand, SighupReadsTheTokenFileAgain) {
  TempDir dir;
  const std::string db = (dir.path() / "idx").string();
  auto indexed = testing::run_byline("--db '" + db + "' index '" +
                                     (testing::source_dir() / "samples/articles").string() + "'");
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  const std::string tokens = (dir.path() / "tokens").string();
  const std::string first(24, 'a'), second(24, 'b');
  std::ofstream(tokens) << first << '\n';
  std::filesystem::permissions(
      tokens, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  ServeProcess serve({"--db", db, "serve", "--listen", "127.0.0.1:0", "--token-file", tokens});
  ASSERT_NE(serve.url.find("http://"), std::string::npos) << serve.url;
  const std::string url = serve.url + "/v1/stats";
  CURL* h = curl_easy_init();
  auto as = [](const std::string& token) {
    return Extras{{"Authorization: Bearer " + token}, "", nullptr};
  };
  EXPECT_EQ(fetch(h, url, "GET", "", "", false, as(first)).status, 200);
  std::ofstream(tokens) << second << '\n';
  kill(serve.pid, SIGHUP);
  // The reload is done once the server says so on stderr.
  EXPECT_NE(serve.read_err_line().find("SIGHUP: reloaded 1 token"), std::string::npos);
  EXPECT_EQ(fetch(h, url, "GET", "", "", false, as(first)).status, 401);
  EXPECT_EQ(fetch(h, url, "GET", "", "", false, as(second)).status, 200);
  // A file that cannot be used leaves the tokens as they were, and the server up.
  std::ofstream(tokens) << "qzqzqz\n";
  kill(serve.pid, SIGHUP);
  const std::string said = serve.read_err_line();
  EXPECT_NE(said.find("still serving"), std::string::npos) << said;
  EXPECT_EQ(said.find("qzqzqz"), std::string::npos) << "a secret was echoed: " << said;
  EXPECT_EQ(fetch(h, url, "GET", "", "", false, as(second)).status, 200);
  curl_easy_cleanup(h);
  EXPECT_EQ(serve.stop(SIGTERM), 0);
}

TEST(ServeCommand, CredentialFilesAreCheckedBeforeServing) {
  TempDir dir;
  const std::string db = (dir.path() / "idx").string();
  auto indexed = testing::run_byline("--db '" + db + "' index '" +
                                     (testing::source_dir() / "samples/articles").string() + "'");
  ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
  const auto short_tokens = dir.path() / "short";
  std::ofstream(short_tokens) << "tooshort\n";
  const std::string serve = "--db '" + db + "' serve --listen 127.0.0.1:0 ";
  struct Case {
    std::string args;
    int code;
    std::string says;
  };
  for (const Case& c : std::vector<Case>{
           {"--token-file '" + (dir.path() / "none").string() + "'", 3, "No such file"},
           {"--token-file '" + short_tokens.string() + "'", 4, "too short"},
           {"--tls-cert '" + short_tokens.string() + "' --tls-key '" + short_tokens.string() + "'",
            4, "not a PEM file"},
           {"--tls-cert '" + short_tokens.string() + "'", 2, "requires --tls-key"}}) {
    auto r = testing::run_byline(serve + c.args);
    EXPECT_EQ(r.exit_code, c.code) << c.args << "\n" << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("tooshort"), std::string::npos) << "a secret was echoed: " << r.err;
  }
}

}  // namespace
}  // namespace byline
