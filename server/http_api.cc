#include "server/http_api.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "byline/article_json.h"
#include "byline/extract.h"
#include "byline/version.h"
#include "common/datetime.h"
#include "common/text.h"
#include "indexer/simhash.h"
#include "indexer/subscriptions.h"
#include "indexer/xapian_status.h"
#include "query/query_text.h"
#include "query/results_json.h"

namespace byline::server {

namespace {

std::string dump(const nlohmann::ordered_json& j) {
  return j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

ApiResponse ok(const nlohmann::ordered_json& j) { return {200, dump(j), {}}; }

const char* error_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk:
    case ErrorCode::kInternal:
      return "internal";
    case ErrorCode::kUsage:
      return "bad_request";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kBadInput:
      return "bad_input";
    case ErrorCode::kNetwork:
      return "network";
    case ErrorCode::kBadQuery:
      return "bad_query";
    case ErrorCode::kIndexLocked:
      return "index_locked";
    case ErrorCode::kIndexVersion:
      return "index_version";
    case ErrorCode::kIndexCorrupt:
      return "index_corrupt";
    case ErrorCode::kPartial:
      return "partial";
    case ErrorCode::kInterrupted:
      return "interrupted";
    case ErrorCode::kNoSpace:
      return "no_space";
  }
  return "internal";
}

// The query-string arguments of one request, checked as the CLI checks its options: a name the
// endpoint does not take, a name given twice, or a value out of range is a bad request, so that
// a typo ("limt=5") is said instead of silently ignored.
class Params {
 public:
  Params(const ApiRequest& req, std::initializer_list<const char*> allowed) {
    // "q=%ZZ" was searched as "%ZZ": a malformed escape means a client that encodes wrongly.
    for (size_t at = req.raw_query.find('%'); at != std::string::npos;
         at = req.raw_query.find('%', at + 1))
      if (at + 2 >= req.raw_query.size() ||
          !std::isxdigit(static_cast<unsigned char>(req.raw_query[at + 1])) ||
          !std::isxdigit(static_cast<unsigned char>(req.raw_query[at + 2]))) {
        error_ = Status(ErrorCode::kUsage,
                        "malformed percent-encoding in the query string: '" +
                            truncate_utf8(sanitize_utf8(req.raw_query.substr(at, 3)), 12) + "'",
                        "encode '%' as %25, and each byte of a value as %XX (RFC 3986)");
        return;
      }
    std::set<std::string> names(allowed.begin(), allowed.end());
    for (const auto& [k, v] : req.params) {
      if (!error_.ok()) return;
      if (k.empty() && v.empty()) continue;  // "?&q=x", "q=x&&limit=1": an empty pair, no name
      if (!names.count(k)) {
        std::string list;
        for (const auto& n : allowed) list += (list.empty() ? "" : ", ") + std::string(n);
        error_ = Status(
            ErrorCode::kUsage,
            "unknown parameter '" + truncate_utf8(sanitize_utf8(k), 64) + "' for " + req.path,
            list.empty() ? "this endpoint takes no parameters"
                         : "it takes: " + list + " (docs/http.md)");
      } else if (!values_.emplace(k, v).second) {
        error_ = Status(ErrorCode::kUsage, "parameter '" + k + "' given more than once");
      }
    }
  }
  const Status& error() const { return error_; }

  std::optional<std::string> get(const std::string& name) const {
    auto it = values_.find(name);
    if (it == values_.end()) return std::nullopt;
    return it->second;
  }
  std::string required(const std::string& name) {
    auto v = get(name);
    if ((!v || v->empty()) && error_.ok())
      error_ = Status(ErrorCode::kUsage, "parameter '" + name + "' is required");
    return v.value_or("");
  }
  int integer(const std::string& name, int fallback, int lo, int hi) {
    auto v = get(name);
    if (!v) return fallback;
    int n = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || end != v->data() + v->size() || n < lo || n > hi) {
      fail_range(name, *v, std::to_string(lo) + " to " + std::to_string(hi));
      return fallback;
    }
    return n;
  }
  double number(const std::string& name, double fallback, double lo, double hi) {
    auto v = get(name);
    if (!v) return fallback;
    double d = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), d);
    if (ec != std::errc() || end != v->data() + v->size() || !std::isfinite(d) || d < lo ||
        d > hi) {
      fail_range(name, *v,
                 "a number from " + nlohmann::ordered_json(lo).dump() + " to " +
                     nlohmann::ordered_json(hi).dump());
      return fallback;
    }
    return d;
  }
  bool boolean(const std::string& name, bool fallback) {
    auto v = get(name);
    if (!v) return fallback;
    if (*v == "true" || *v == "1" || *v == "yes") return true;
    if (*v == "false" || *v == "0" || *v == "no") return false;
    fail_range(name, *v, "true or false (or 1 or 0, yes or no)");
    return fallback;
  }
  std::string choice(const std::string& name, const std::string& fallback,
                     std::initializer_list<const char*> choices) {
    auto v = get(name);
    if (!v) return fallback;
    std::string list;
    for (const auto& c : choices) {
      if (*v == c) return *v;
      list += (list.empty() ? "" : ", ") + std::string(c);
    }
    fail_range(name, *v, list);
    return fallback;
  }

 private:
  void fail_range(const std::string& name, const std::string& value, const std::string& range) {
    if (!error_.ok()) return;
    std::string shown = sanitize_utf8(value.substr(0, 64));
    error_ = Status(ErrorCode::kUsage, "parameter '" + name + "' is '" + shown + "'",
                    "it takes " + range);
  }

  std::map<std::string, std::string> values_;
  Status error_;
};

ApiResponse method_not_allowed(const std::string& allow) {
  ApiResponse r =
      error_response(405, "method_not_allowed", "this endpoint answers " + allow + " only");
  r.headers.emplace_back("Allow", allow);
  return r;
}

nlohmann::ordered_json endpoints() {
  return nlohmann::ordered_json::array({
      "GET /v1/search?q=QUERY[&limit&offset&sort&all_copies&all_words&facets]",
      "GET /v1/related?id=ID|URL[&limit&time_prior&any_language]",
      "POST /v1/related[?limit&time_prior&url&any_language] (body: an article as JSON or HTML)",
      "GET /v1/article?id=ID|URL",
      "GET /v1/articles[?q=QUERY&cursor&limit] (the stored records, a page at a time)",
      "GET /v1/removed?since=WHEN[&after&limit] (the articles removed since)",
      "GET /v1/stats",
      "GET /v1/health",
  });
}

}  // namespace

int http_status(ErrorCode code) {
  switch (code) {
    case ErrorCode::kUsage:
    case ErrorCode::kBadQuery:
      return 400;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kBadInput:
      return 422;
    case ErrorCode::kIndexLocked:
    case ErrorCode::kNetwork:  // an index server that is down or slow: it may come back
      return 503;
    default:
      return 500;
  }
}

ApiResponse error_response(int status, const std::string& code, const std::string& message,
                           const std::string& hint) {
  nlohmann::ordered_json e = {{"code", code}, {"message", sanitize_utf8(message)}};
  if (!hint.empty()) e["hint"] = sanitize_utf8(hint);
  return {status, dump({{"error", std::move(e)}}), {}};
}

ApiResponse error_response(const Status& status) {
  ApiResponse r = error_response(http_status(status.code()), error_name(status.code()),
                                 status.message(), status.hint());
  // A reader connects again at the next request; within the connect timeout, say.
  if (status.code() == ErrorCode::kNetwork) r.headers.emplace_back("Retry-After", "5");
  return r;
}

// 503: the server is up, the service is not (no index yet, one it may not read, an index
// server out of reach: that one with a time to ask again, as error_response() says it).
namespace {
ApiResponse unavailable(const Status& s) {
  ApiResponse r = error_response(503, error_name(s.code()), s.message(), s.hint());
  if (s.code() == ErrorCode::kNetwork) r.headers.emplace_back("Retry-After", "5");
  return r;
}
}  // namespace

// Returns a borrowed Searcher to the pool however the request ends.
class Api::Lease {
 public:
  Lease(Api& api, Pooled p) : api_(api), p_(std::move(p)) {}
  ~Lease() { api_.release(std::move(p_)); }
  Searcher& operator*() { return *p_.searcher; }

 private:
  Api& api_;
  Pooled p_;
};

Api::Api(std::string db_path) : Api(std::vector<std::string>{std::move(db_path)}) {}
Api::Api(std::vector<std::string> db_paths) : db_paths_(std::move(db_paths)) {
  for (const auto& path : db_paths_) {
    std::error_code ec;
    names_.push_back(is_remote_index(path) ? std::string()
                                           : std::filesystem::absolute(path, ec).string());
    dirs_.push_back(names_.back().empty() ? std::pair<uint64_t, uint64_t>{0, 0}
                                          : directory_identity(names_.back()));
  }
}
Api::~Api() = default;

void Api::close_replaced_readers() {
  std::vector<std::pair<uint64_t, uint64_t>> now;
  for (const auto& name : names_)
    now.push_back(name.empty() ? std::pair<uint64_t, uint64_t>{0, 0} : directory_identity(name));
  std::vector<Pooled> closing;  // closed outside the lock
  std::lock_guard lock(mu_);
  if (now == dirs_) return;
  dirs_ = std::move(now);
  ++generation_;
  closing.swap(idle_);
}

Result<Api::Pooled> Api::acquire() {
  // An index removed, moved or replaced while the server runs: readers kept open would go on
  // answering from deleted files, or fail as if an article were missing. Each request checks
  // the directories (a stat each) and otherwise opens afresh, to say why.
  close_replaced_readers();
  uint64_t generation = 0;
  {
    std::lock_guard lock(mu_);
    generation = generation_;
    if (!idle_.empty()) {
      Pooled p = std::move(idle_.back());
      idle_.pop_back();
      return p;
    }
  }
  auto s = Searcher::open(db_paths_);
  if (!s.ok()) return s.status();
  return Pooled{generation, std::move(*s)};
}

void Api::release(Pooled pooled) {
  if (!pooled.searcher) return;
  std::lock_guard lock(mu_);
  // One leased before the directories changed may hold the replaced index's files.
  if (pooled.generation == generation_) idle_.push_back(std::move(pooled));
}

Status Api::check_index() {
  auto s = acquire();
  if (!s.ok()) return s.status();
  release(std::move(*s));
  return Status::Ok();
}

std::string allowed_methods(std::string_view p) {
  if (p == "/v1/related") return "GET, HEAD, POST";
  if (p == "/" || p == "/v1" || p == "/v1/" || p == "/v1/search" || p == "/v1/article" ||
      p == "/v1/articles" || p == "/v1/removed" || p == "/v1/stats" || p == "/v1/health")
    return "GET, HEAD";
  return {};
}

ApiResponse no_such_endpoint(const std::string& path) {
  // Cut: a path may be as long as a request line may (kilobytes), the message a line.
  return error_response(404, "no_such_endpoint", "no endpoint at " + truncate_utf8(path, 200),
                        "GET / lists the endpoints (docs/http.md)");
}

ApiResponse Api::handle(const ApiRequest& req) {
  const std::string& p = req.path;
  const bool get = req.method == "GET" || req.method == "HEAD";
  if (p == "/" || p == "/v1" || p == "/v1/") {
    if (!get) return method_not_allowed("GET, HEAD");
    Params params(req, {});
    if (!params.error().ok()) return error_response(params.error());
    return ok({{"name", "byline"}, {"version", BYLINE_VERSION}, {"endpoints", endpoints()}});
  }
  const std::string methods = allowed_methods(p);
  if (methods.empty()) return no_such_endpoint(p);
  if (p == "/v1/related" ? !(get || req.method == "POST") : !get)
    return method_not_allowed(methods);

  if (p == "/v1/stats" || p == "/v1/health") {
    Params params(req, {});
    if (!params.error().ok()) return error_response(params.error());
  }
  auto searcher = acquire();
  if (!searcher.ok()) {
    // No index (yet), or one this server may not read: the server is up, the service is not.
    return unavailable(searcher.status());
  }
  Lease lease(*this, std::move(*searcher));
  if (p == "/v1/search") return search(req, *lease);
  if (p == "/v1/related") return related(req, *lease);
  if (p == "/v1/article") return article(req, *lease);
  if (p == "/v1/articles") return articles(req, *lease);
  if (p == "/v1/removed") return removed(req, *lease);
  if (p == "/v1/stats") return stats(*lease);
  // The index opened, and its newest revision is one this server reads (re-audit: a reader
  // from the pool said "ok" while every search was refused a newer schema).
  if (auto read = (*lease).metadata("byline.schema_version"); !read.ok())
    return unavailable(read.status());
  return ok({{"status", "ok"}});
}

ApiResponse Api::search(const ApiRequest& req, Searcher& searcher) {
  Params params(req, {"q", "limit", "offset", "sort", "all_copies", "all_words", "facets"});
  SearchOptions opts;
  // Absent is a request without its parameter; given empty (`q=`, `q=%20`) an empty query
  // (400 bad_query), as `/v1/articles?q=` and `byline search ''` say.
  const std::optional<std::string> given = params.get("q");
  const std::string q = given ? *given : params.required("q");
  opts.limit = params.integer("limit", opts.limit, 0, 10000);
  opts.offset = params.integer("offset", opts.offset, 0, 1000000);
  const std::string order = params.choice("sort", "relevance", {"relevance", "newest", "oldest"});
  opts.order = order == "newest"   ? SearchOrder::kNewest
               : order == "oldest" ? SearchOrder::kOldest
                                   : SearchOrder::kRelevance;
  opts.collapse_copies = !params.boolean("all_copies", false);
  opts.all_words = params.boolean("all_words", false);
  opts.facets = params.integer("facets", 0, 0, 10000);
  if (!params.error().ok()) return error_response(params.error());
  auto results = searcher.search(q, opts);
  if (!results.ok()) return error_response(results.status());
  return ok(search_json(*results, opts.offset, opts.facets > 0));
}

ApiResponse Api::related(const ApiRequest& req, Searcher& searcher) {
  const bool post = req.method == "POST";
  Params params(
      req, post ? std::initializer_list<const char*>{"limit", "time_prior", "url", "any_language"}
                : std::initializer_list<const char*>{"id", "limit", "time_prior", "any_language"});
  RelatedOptions opts;
  const std::string id = post ? "" : params.required("id");
  const std::string url = params.get("url").value_or("");
  opts.limit = params.integer("limit", opts.limit, 1, 1000);
  opts.time_prior = params.number("time_prior", opts.time_prior, 0.0, 10.0);
  opts.any_language = params.boolean("any_language", false);
  if (!params.error().ok()) return error_response(params.error());
  // The page's web address, which names the story (its id) when the page names none: an empty
  // or relative value, or a local file's, named none and was taken.
  if (const auto given = params.get("url");
      given && !((starts_with_icase(*given, "http://") && given->size() > 7) ||
                 (starts_with_icase(*given, "https://") && given->size() > 8)))
    return error_response(Status(
        ErrorCode::kUsage, "parameter 'url' is '" + truncate_utf8(sanitize_utf8(*given), 64) + "'",
        "give the page's http(s) address, or leave `url` out"));
  if (!post) {
    auto hits = searcher.related(id, opts);
    if (!hits.ok() && hits.status().code() == ErrorCode::kNotFound)
      return error_response(404, "not_found", hits.status().message(),
                            "POST /v1/related with the article as JSON or HTML finds stories "
                            "related to one that is not indexed");
    if (!hits.ok()) return error_response(hits.status());
    return ok(related_json(*hits));
  }
  // An article that is not in the index: analysed here, never added, never fetched.
  if (req.body.empty())
    return error_response(Status(ErrorCode::kBadInput, "the request has no body",
                                 "POST an article: a JSON record or a page's HTML"));
  // RFC 9110 15.5.16: a content coding the server does not decode is a 415.
  if (const std::string coding = to_lower_ascii(trim(req.content_encoding));
      !coding.empty() && coding != "identity")
    return error_response(415, "unsupported_media_type",
                          "a body with Content-Encoding '" +
                              truncate_utf8(sanitize_utf8(req.content_encoding), 64) +
                              "' cannot be read",
                          "send the body uncompressed");
  // The media type without its parameters, and without the spaces RFC 9110 allows around ';'.
  const std::string type = to_lower_ascii(
      trim(std::string_view(req.content_type).substr(0, req.content_type.find(';'))));
  Result<Article> article = Status(ErrorCode::kBadInput, "");
  if (type == "application/json" || type.empty()) {
    article = article_from_json(req.body);
  } else if (type == "text/html" || type == "application/xhtml+xml") {
    ExtractOptions eo;
    eo.url = url;
    eo.content_type = req.content_type;
    article = extract_html(req.body, eo);
  } else {
    return error_response(415, "unsupported_media_type",
                          "a body of type '" + truncate_utf8(sanitize_utf8(req.content_type), 200) +
                              "' cannot be read",
                          "send application/json (an article record) or text/html");
  }
  if (!article.ok()) return error_response(article.status());
  if (article->url.empty()) article->url = url;
  limit_text(*article);
  auto hits = searcher.related(*article, opts);
  if (!hits.ok()) return error_response(hits.status());
  return ok(related_json(*hits));
}

ApiResponse Api::article(const ApiRequest& req, Searcher& searcher) {
  Params params(req, {"id"});
  const std::string id = params.required("id");
  if (!params.error().ok()) return error_response(params.error());
  auto a = searcher.get(id);
  if (!a.ok() && a.status().code() == ErrorCode::kNotFound)
    return error_response(404, "not_found", a.status().message(),
                          "GET /v1/search finds articles and their ids");
  if (!a.ok()) return error_response(a.status());
  auto entities = searcher.entities(a->id);
  if (!entities.ok()) return error_response(entities.status());
  return ok(article_json(*a, *entities));
}

namespace {

// A query's cursor is "N.HASH": N as Searcher::articles() gives it, then the query's whole
// 64-bit hash in hex, so the cursor of another query is refused, never read from (the tag N
// holds is 15 bits, 12 of a remote index's: one other query in 32,767 passed).
std::string query_hash(std::string_view q) {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(fnv1a64(q)));
  return hex;
}

}  // namespace

ApiResponse Api::articles(const ApiRequest& req, Searcher& searcher) {
  Params params(req, {"q", "cursor", "limit"});
  const std::optional<std::string> q = params.get("q");
  const int limit = params.integer("limit", 100, 1, 500);
  uint64_t cursor = 0;
  if (auto c = params.get("cursor"); c && params.error().ok()) {
    const auto bad = [&c](const std::string& why) {
      return error_response(Status(
          ErrorCode::kUsage,
          "parameter 'cursor' is '" + sanitize_utf8(c->substr(0, 64)) + "'" + why,
          "it takes the `next` of the page before, with the same `q`, or nothing for the first "
          "page"));
    };
    const size_t dot = c->find('.');
    const std::string_view number = std::string_view(*c).substr(0, dot);
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), cursor);
    if (ec != std::errc() || end != number.data() + number.size() || cursor == 0) return bad("");
    // A cursor without the hash (one given before it was added) still holds its tag.
    if (dot != std::string::npos && (!q || c->substr(dot + 1) != query_hash(*q)))
      return bad(": it is the cursor of another query");
  }
  if (!params.error().ok()) return error_response(params.error());
  if (q && q->empty())
    return error_response(Status(ErrorCode::kBadQuery, "empty query",
                                 "give a query, or leave `q` out for every article"));
  auto page = searcher.articles(cursor, limit, q.value_or(""));
  if (!page.ok()) return error_response(page.status());
  // The records as `byline export` writes them, spliced in whole: each is valid UTF-8 JSON.
  std::string body = "{\"articles\":[";
  for (size_t i = 0; i < page->articles.size(); ++i) {
    if (i > 0) body += ',';
    body += article_to_json(page->articles[i]);
  }
  std::string next = page->next == 0 ? "" : std::to_string(page->next);
  if (!next.empty() && q) next += "." + query_hash(*q);
  nlohmann::ordered_json rest = {
      {"next", next.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(next)},
      {"unreadable", page->unreadable},
      {"warnings", page->warnings}};
  body += "],";
  const std::string tail = dump(rest);
  body.append(tail, 1);  // its members, after the opening brace
  return {200, std::move(body), {}};
}

ApiResponse Api::removed(const ApiRequest& req, Searcher& searcher) {
  Params params(req, {"since", "after", "limit"});
  const std::optional<std::string> since = params.get("since");
  const std::optional<std::string> after = params.get("after");
  const int limit = params.integer("limit", 1000, 1, 10000);
  if (!params.error().ok()) return error_response(params.error());
  const std::optional<int64_t> from = since ? since_time(*since, unix_now()) : std::nullopt;
  if (!from)
    return error_response(
        Status(ErrorCode::kUsage,
               since ? "parameter 'since' is '" + sanitize_utf8(since->substr(0, 64)) + "'"
                     : "parameter 'since' is missing",
               "give a day, a time or a span back from now: since=2026-12-04, since=36h, "
               "since=15min"));
  auto page = searcher.removed(*from, after.value_or(""), limit);
  if (!page.ok()) return error_response(page.status());
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Removal& r : page->removals)
    list.push_back(nlohmann::ordered_json{{"id", sanitize_utf8(r.id)},
                                          {"removed", format_iso8601(r.removed)}});
  return ok({{"removed", std::move(list)},
             {"next", page->next.empty() ? nlohmann::ordered_json(nullptr)
                                         : nlohmann::ordered_json(sanitize_utf8(page->next))}});
}

ApiResponse Api::stats(Searcher& searcher) {
  auto s = searcher.stats();
  if (!s.ok()) return error_response(s.status());
  auto subs = searcher.metadata(kSubscriptionsKey);
  if (!subs.ok()) return error_response(subs.status());
  auto list = parse_subscriptions(*subs);
  if (!list.ok()) return error_response(list.status());
  return ok(stats_json(*s, list->size()));
}

}  // namespace byline::server
