// crawler/fetch.h: every network (and file://) transfer byline makes, on libcurl's multi interface.
//
// The Fetcher runs many transfers at once with a global and a per-site limit and a minimum delay
// between requests to one site, and puts hard limits on every transfer (protocols, redirects,
// timeouts, decoded bytes, header bytes, private addresses) so hostile servers cannot hang or
// exhaust the crawler. libcurl errors stop here: callers see a Status and an HTTP status code.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "byline/status.h"

namespace byline::crawler {

/// Limits and politeness settings shared by all transfers of a Fetcher.
struct FetchOptions {
  std::string user_agent;  ///< empty: BYLINE_USER_AGENT
  long connect_timeout_ms = 10'000;
  long total_timeout_ms = 60'000;       ///< whole transfer, redirects included
  long low_speed_bytes = 512;           ///< abort when slower than this many bytes/s ...
  long low_speed_seconds = 20;          ///< ... for this long (a 1 byte/s drip)
  size_t max_body_bytes = 16u << 20;    ///< decoded bytes, counted as they arrive (gzip bombs)
  size_t max_header_bytes = 64u << 10;  ///< per response
  long max_redirects = 5;
  bool allow_private_networks = false;  ///< loopback, private and link-local addresses
  int max_concurrency = 16;             ///< transfers in flight, all hosts
  int host_concurrency = 2;             ///< transfers in flight per registrable domain
  double host_delay_seconds = 1.0;      ///< minimum gap between request starts to one site
  /// A server (scheme, host and port) answering 429/503 with Retry-After gets no request before
  /// that time; requests that would wait longer than this fail at once instead
  /// (is_site_pause()). Other hosts of its registrable domain are not held back.
  double max_retry_wait_seconds = 30.0;
  /// When set and it turns true (a signal handler may set it), run() winds down within a
  /// tenth of a second: transfers in flight are cut, and those and every waiting one end with
  /// an error is_cancelled() tells apart.
  const std::atomic<bool>* cancel = nullptr;
  /// A second flag with the same effect: the crawler's own halt (its index refused a write)
  /// beside the caller's stop.
  const std::atomic<bool>* cancel_too = nullptr;
  /// When set, run() winds down at this time as it does on `cancel`, with the same error: a
  /// whole crawl's time limit, where the caps above bound one transfer each.
  std::optional<std::chrono::steady_clock::time_point> deadline;
  /// How a target's name is looked up for the private-address check made through a proxy
  /// (its addresses as text; none when it does not resolve). Empty: getaddrinfo. Tests give a
  /// slow one: lookups run off the transfer loop, and this may be called on any thread.
  std::function<std::vector<std::string>(const std::string& host)> resolve;
};

/// One transfer to make.
struct FetchRequest {
  std::string url;
  std::string etag;           ///< sent as If-None-Match when set
  std::string last_modified;  ///< sent as If-Modified-Since when set
  /// file:// is allowed only for inputs the user named (never as a redirect target).
  bool allow_file = false;
  size_t max_body_bytes = 0;  ///< a tighter cap for this request (robots.txt); 0: the Fetcher's
  /// Past the cap, keep the bytes read and succeed (FetchedDocument::truncated) instead of
  /// failing: robots.txt, whose first 500 KiB RFC 9309 says to parse.
  bool keep_prefix = false;
  std::string accept;  ///< Accept header; empty: libcurl's "*/*"
  /// Asked as the transfer would start; false ends it unfetched, with an error is_unwanted()
  /// matches (a crawl whose memory budget is spent fetches no page it would put off).
  std::function<bool()> wanted;
};

/// What came back. A non-2xx HTTP answer is a document too (with its status); only transport
/// failures and limits are errors.
struct FetchedDocument {
  std::string url;         ///< as requested
  std::string final_url;   ///< after redirects
  long http_status = 0;    ///< 200 for a file:// read
  std::string body;        ///< decoded (gzip/brotli) bytes
  bool truncated = false;  ///< the body is the first max_body_bytes (FetchRequest::keep_prefix)
  std::string content_type;
  std::string content_language;  ///< the default language of a feed that names none
  std::string etag;
  std::string last_modified;
  std::string cache_control;
  std::optional<int64_t> retry_after_seconds;  ///< from Retry-After (seconds or a date)
  int redirects = 0;
  /// Set when every redirect hop was permanent (301/308): where the resource now lives.
  std::string permanent_url;
  double seconds = 0;  ///< wall time of the transfer
  /// The request carried If-None-Match or If-Modified-Since: only then does a 304 mean "not
  /// modified" (to a plain GET it is a broken server, and the document was never read).
  bool conditional = false;

  bool not_modified() const { return http_status == 304; }
  bool success() const { return http_status >= 200 && http_status < 300; }
};

/// A transfer's outcome: a document, or the reason there is none.
using FetchResult = Result<FetchedDocument>;

/// Runs transfers concurrently. Not thread-safe: submit() and run() from one thread; callbacks
/// run inside run() on that thread and may submit further requests.
class Fetcher {
 public:
  using Callback = std::function<void(const FetchRequest&, FetchResult)>;

  explicit Fetcher(FetchOptions options = {});
  ~Fetcher();
  Fetcher(const Fetcher&) = delete;
  Fetcher& operator=(const Fetcher&) = delete;

  /// Queues a request; `done` is called exactly once, from run().
  void submit(FetchRequest request, Callback done);
  /// Runs until every submitted request (including those submitted by callbacks) is done.
  void run();

  const FetchOptions& options() const { return options_; }
  /// Seconds left of the pause the URL's server asked for (429/503 + Retry-After); nullopt if
  /// none.
  std::optional<int64_t> site_pause_seconds(const std::string& url) const;

 private:
  struct Impl;
  FetchOptions options_;
  std::unique_ptr<Impl> impl_;
};

/// Accept headers for the two kinds of documents the crawler asks for.
inline constexpr const char* kAcceptFeed =
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8";
inline constexpr const char* kAcceptHtml = "text/html, application/xhtml+xml;q=0.9, */*;q=0.8";

/// Fetches one URL with the limits of `options`: the simple entry point for `byline extract`,
/// `byline feed` and `byline related` on a URL. A file path or file:// URL is read only when
/// `allow_file` (pass it for inputs the user named, never for URLs found in documents).
/// Succeeds only for a 2xx answer; other statuses become kNotFound (404, 410) or kNetwork
/// errors naming the status.
Result<FetchedDocument> fetch_url(const std::string& url, const FetchOptions& options = {},
                                  bool allow_file = false);

/// True when a failed fetch may succeed later (timeouts, refused or reset connections, DNS,
/// a site's Retry-After pause); false for limits and refusals that will fail again the same way.
bool is_transient_fetch_error(const Status& status);

/// True for the error of a transfer refused because its address is loopback, private or
/// link-local (FetchOptions::allow_private_networks was not set).
bool is_private_address_refusal(std::string_view message);

/// True for the error of a transfer FetchOptions::cancel cut short or never started.
bool is_cancelled(const Status& status);
/// True for the error of a transfer its FetchRequest::wanted ended before it started.
bool is_unwanted(const Status& status);

/// True for the error of a request never made because its server asked for a pause longer than
/// FetchOptions::max_retry_wait_seconds (another URL's 429/503 with Retry-After).
bool is_site_pause(const Status& status);

/// True for addresses the crawler refuses unless told otherwise: loopback, RFC 1918 private,
/// link-local, CGNAT, unique-local IPv6, multicast, unspecified, and every other block of the
/// IANA IPv4/IPv6 special-purpose registries that is not globally reachable (documentation,
/// benchmarking, reserved; IPv6 outside 2000::/3).
bool is_private_address(const std::string& ip);

/// Seconds until the time a Retry-After value names (delta-seconds or an HTTP date); nullopt
/// when unparseable.
std::optional<int64_t> parse_retry_after(const std::string& value, int64_t now);

}  // namespace byline::crawler
