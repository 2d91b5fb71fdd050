// server/http_api.h: the HTTP JSON API's requests and answers, apart from any socket.
//
// HttpServer (http_server.h) parses HTTP and hands each request here; the routing, parameter
// checks and error mapping are plain functions of a request, so tests drive them directly. The
// API is read-only: it searches an index a crawl (or `byline index`) writes, and sees each
// commit as it lands. Reference: docs/http.md.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "byline/search.h"
#include "byline/status.h"

namespace byline::server {

struct ApiRequest {
  std::string method;  ///< "GET", "HEAD", "POST", ...
  std::string path;    ///< decoded, without the query string
  /// Decoded query-string arguments in their order; a key given twice is a bad request.
  std::vector<std::pair<std::string, std::string>> params;
  /// The query string as sent (after '?'), still percent-encoded: a '%' not followed by two
  /// hex digits is a bad request, which the decoder would pass on as written.
  std::string raw_query;
  std::string content_type;      ///< of a POST body
  std::string content_encoding;  ///< of a POST body ("gzip"): refused, bodies are read as sent
  std::string body;
};

struct ApiResponse {
  int status = 200;
  std::string body;  ///< JSON, valid UTF-8
  /// Headers beyond the ones every answer carries (Content-Type, Cache-Control, ...).
  std::vector<std::pair<std::string, std::string>> headers;
};

/// The HTTP status for an error of `code` met while answering a request.
int http_status(ErrorCode code);
/// `{"error": {"code", "message", "hint"}}` with the status http_status() gives.
ApiResponse error_response(const Status& status);
/// An error answer with an explicit HTTP status (405, 413, 503 ...).
ApiResponse error_response(int http_status, const std::string& code, const std::string& message,
                           const std::string& hint = {});

/// The methods the endpoint at `path` answers ("GET, HEAD", or "GET, HEAD, POST" for
/// /v1/related); "" when no endpoint is there. What a 405 and a CORS preflight name.
std::string allowed_methods(std::string_view path);
/// The 404 for a path with no endpoint.
ApiResponse no_such_endpoint(const std::string& path);

/// Most bytes of a POST body (an article to find related stories for).
inline constexpr size_t kDefaultMaxBodyBytes = 4 * 1024 * 1024;

/// Answers API requests against the index at a path, or several read as one
/// (Searcher::open(paths)). Thread-safe: each request borrows a
/// Searcher of its own from a pool (a Searcher is single-threaded; opening one is cheap next to
/// the Xapian block cache it warms, so they are kept).
class Api {
 public:
  explicit Api(std::string db_path);
  explicit Api(std::vector<std::string> db_paths);
  virtual ~Api();
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;

  /// Virtual so that a test can hold requests inside it (a slow search, on demand).
  virtual ApiResponse handle(const ApiRequest& request);
  /// Opens (and keeps) one Searcher: kNotFound and the like as Searcher::open() says them.
  Status check_index();
  /// Closes the idle Searchers when an index directory was replaced (`compact`, `rebuild`) or
  /// removed: they held the replaced index's files, and so its disk space, until their next
  /// request. A stat per index; HttpServer calls it every second.
  void close_replaced_readers();

 private:
  class Lease;
  // A Searcher of the pool, with the generation of the index directories it was opened or last
  // used under.
  struct Pooled {
    uint64_t generation = 0;
    std::unique_ptr<Searcher> searcher;
  };
  Result<Pooled> acquire();
  void release(Pooled pooled);

  ApiResponse search(const ApiRequest& request, Searcher& searcher);
  ApiResponse related(const ApiRequest& request, Searcher& searcher);
  ApiResponse article(const ApiRequest& request, Searcher& searcher);
  ApiResponse articles(const ApiRequest& request, Searcher& searcher);
  ApiResponse removed(const ApiRequest& request, Searcher& searcher);
  ApiResponse stats(Searcher& searcher);

  std::vector<std::string> db_paths_;
  // Each index as an absolute path ("" for a remote one): `serve --db .` run inside the index
  // would otherwise look at the replaced directory ever after.
  std::vector<std::string> names_;
  std::mutex mu_;
  // Guarded by mu_: the directories' identities (device, inode) as last seen, counted in
  // generation_ each time they change; the idle Searchers.
  std::vector<std::pair<uint64_t, uint64_t>> dirs_;
  uint64_t generation_ = 0;
  std::vector<Pooled> idle_;
};

}  // namespace byline::server
