// crawler/crawl.h: one crawl run over a list of feeds.
//
// For each feed: a conditional GET, parse_feed, then a fetch of every new entry's linked page;
// then ONE CrawlSink::store() call with the feed's updated state and its new articles, so the
// sink can commit both atomically. The crawler knows nothing of extraction or Xapian: the sink
// (implemented by the CLI over IndexWriter) does that. One feed's failure never stops another.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "byline/feed.h"
#include "byline/status.h"
#include "crawler/feed_state.h"
#include "crawler/fetch.h"

namespace byline::crawler {

/// When to fetch an entry's linked page for its full text.
enum class FullText {
  kAlways,  ///< every entry with a link
  kAuto,    ///< only entries whose feed text is a summary (under kFullTextWords words)
  kNever,   ///< index the feed's own text
};
inline constexpr size_t kFullTextWords = 150;

/// "always", "auto", "never"; nullopt for anything else.
std::optional<FullText> full_text_from_string(std::string_view name);
std::string_view to_string(FullText mode);

/// A feed to crawl.
struct FeedTarget {
  std::string url;                ///< http(s) or file URL
  bool allow_file = false;        ///< the user named a local file: file:// allowed for it and
                                  ///< for the file:// article links it carries
  std::vector<std::string> tags;  ///< subscription tags, passed on to the articles
  FullText full_text = FullText::kAlways;
};

/// One new feed entry, with its linked page when it was fetched.
struct CrawledArticle {
  FeedEntry entry;
  std::string feed_url;
  std::string feed_title;
  std::string feed_language;  ///< the feed's <language>, for entries and pages that name none
  std::vector<std::string> feed_tags;
  std::optional<FetchedDocument> page;  ///< the article page (a 2xx answer), if fetched
  std::string page_error;               ///< why there is no page, when a fetch was tried
  /// What the sink's prepare() made of the article (opaque to the crawler), when it ran.
  std::shared_ptr<void> prepared;
  /// Set by prepare(): about the memory `prepared` holds, for the crawl's memory budget.
  size_t prepared_bytes = 0;
};

/// What the sink did with one feed's articles.
struct StoreOutcome {
  int added = 0;
  int updated = 0;
  int unchanged = 0;
  int failed = 0;                   ///< articles that could not be extracted or indexed
  std::vector<std::string> errors;  ///< one line each, for the summary
  /// The sink committed this feed and every one stored before it (a sink that commits in
  /// batches says so): a later failed commit loses only feeds stored since.
  bool committed = false;
};

/// Where crawled feeds go. load_feed_state() is called for every feed first, from the caller's
/// thread; then prepare() on one of several worker threads, for each page as it arrives (so
/// page bytes are not held until the whole feed is in) and for the feed's other articles once
/// it is; then store() from one store thread, one feed at a time, while fetching goes on (so
/// extraction and indexing overlap the network and each other); then flush(). Never two calls
/// of store()/flush() at once.
class CrawlSink {
 public:
  virtual ~CrawlSink() = default;
  /// The stored state of a feed; a state with only `url` set when the feed is new.
  virtual FeedState load_feed_state(const std::string& feed_url) = 0;
  /// Work on articles that touches nothing shared (extraction, analysis), so it runs for
  /// several pages and feeds at once while the store thread writes; results go in `prepared`
  /// (and its size in `prepared_bytes`). Articles already prepared are left as they are.
  virtual void prepare(std::span<CrawledArticle> articles) { (void)articles; }
  /// Stores the feed's new articles and its state so that they become durable together: in
  /// the same commit, never split (a sink may group several feeds in one commit). Called once
  /// per feed fetched, with no articles on a 304 or a failure (the state still changes).
  virtual Result<StoreOutcome> store(const FeedState& state,
                                     std::vector<CrawledArticle>& articles) = 0;
  /// Makes everything stored so far durable; called once at the end of a crawl.
  virtual Status flush() { return Status::Ok(); }
};

/// kInterrupted: CrawlOptions::stop (or the run's time limit) came before the feed document
/// was read; its state is unchanged (no failure counted), so it is due again.
/// kDeferred: never requested, because its server asked for a pause (429/503 + Retry-After to
/// another of its URLs in this run) longer than the run waits; due when the pause ends, and
/// no failure.
enum class FeedOutcome { kUpdated, kNotModified, kFailed, kInterrupted, kDeferred };

/// A linked page that could not be fetched (the entry's feed text was used instead).
struct PageFailure {
  std::string url;
  std::string error;  ///< one line
};

struct FeedReport {
  std::string url;
  FeedOutcome outcome = FeedOutcome::kFailed;
  long http_status = 0;
  int entries = 0;          ///< entries in the feed document
  int new_entries = 0;      ///< entries not seen before
  int changed_entries = 0;  ///< seen entries back with another title, link or <updated> date
  int pages_fetched = 0;    ///< linked pages fetched with a 2xx
  int page_failures = 0;    ///< linked pages that could not be fetched (feed text used instead),
                            ///< robots.txt unreachable at the network level included
  int robots_blocked = 0;   ///< linked pages robots.txt disallows, or its server's 5xx/429 does
                            ///< for now (feed text used instead)
  std::vector<PageFailure> failed_pages;  ///< the page_failures, each with why
  int deferred = 0;     ///< new entries left for the next run (the crawl's memory budget)
  int interrupted = 0;  ///< new entries whose pages CrawlOptions::stop (or the time limit) left
                        ///< for the next run
  int over_cap = 0;     ///< new entries past CrawlOptions::max_new_entries, left for the next run
                        ///< (the feed is then due again at once)
  StoreOutcome stored;
  ErrorCode code = ErrorCode::kOk;
  std::string error;     ///< why the feed failed (one line)
  std::string warning;   ///< what was wrong with a feed read all the same (recovered XML, a
                         ///< charset that was not what it said, entries past kMaxFeedEntries)
  std::string hint;      ///< what may fix it, when something may (--allow-private-networks)
  std::string moved_to;  ///< set when the feed's stored URL should change (permanent move)
  int64_t next_due = 0;
  double seconds = 0;
};

struct CrawlOptions {
  FetchOptions fetch;
  bool fetch_articles = true;    ///< fetch each new entry's linked page
  bool respect_robots = true;    ///< check robots.txt (cached per origin) before a page
  size_t max_new_entries = 500;  ///< per feed and run; the rest wait for the next run
  /// Memory of prepared articles waiting for their feed to be stored (CrawledArticle::
  /// prepared_bytes: the text, its terms, positions and record), all feeds together. Past it,
  /// further pages are not fetched, and wait for the next run, so hostile feeds of huge pages
  /// cannot exhaust memory. A page is started only while the pages held and those on their way
  /// fit, each at the average its feed's pages have held so far. Ordinary crawls stay below it: a
  /// real article of 4.5 KB of text holds some 100 KB prepared, so this is some 1,300 of them in
  /// feeds not yet stored.
  size_t max_held_bytes = 128u << 20;
  /// Bytes of fetched pages waiting for a prepare worker or being prepared. Past it, fetching
  /// waits (one page always passes); ordinary pages meet the queue's count of 8 long before.
  size_t max_queued_page_bytes = 32u << 20;
  int permanent_redirect_runs = 3;  ///< consecutive runs a 301/308 must be seen to move a feed
  int64_t now = 0;                  ///< Unix seconds; 0: the clock
  /// When set and it turns true (a signal handler may set it), the crawl winds down at once:
  /// transfers are cut and no new one starts; every feed whose document was read is stored
  /// with the pages fetched so far (its other new entries wait for the next run, and it is due
  /// again at once); feeds not yet read keep their state (kInterrupted).
  const std::atomic<bool>* stop = nullptr;
  /// The whole run's time limit in seconds (0: none). When it passes, the crawl winds down as
  /// on `stop`: a feed whose document was read is stored with the pages fetched so far, and
  /// everything left is due again at once. Each transfer has its own caps (FetchOptions); this
  /// bounds a run of many slow pages, which those caps allow one after another.
  double max_seconds = 0;
  /// Called after each feed is stored (progress display), from the store thread; may be empty.
  std::function<void(const FeedReport&)> on_feed_done;
};

struct CrawlReport {
  std::vector<FeedReport> feeds;  ///< in the order the feeds were given
  double seconds = 0;
  Status flush_status;  ///< the sink's final flush; when it failed, recent feeds were not kept
  /// The sink's first failure to store a feed (the index refused a write: a full disk, a broken
  /// index). The crawl stopped there: transfers were cut and the feeds left stay due.
  Status index_status;
  bool interrupted = false;  ///< CrawlOptions::stop was set during the run
  /// CrawlOptions::max_seconds passed before the transfers were done (cut_short() says
  /// whether it left work).
  bool time_limit_reached = false;

  int count(FeedOutcome outcome) const;
  int articles_added() const;
  /// New entries whose pages CrawlOptions::stop left for the next run, all feeds.
  int articles_interrupted() const;
  /// The stop cut work short: a feed not read, or pages left (a stop after the last feed
  /// was fetched cuts nothing).
  bool cut_short() const {
    return count(FeedOutcome::kInterrupted) > 0 || articles_interrupted() > 0;
  }
  bool any_failed() const {
    return count(FeedOutcome::kFailed) > 0 || !flush_status.ok() || !index_status.ok();
  }
};

/// Crawls `feeds` (duplicates are crawled once) into `sink`.
CrawlReport crawl_feeds(const std::vector<FeedTarget>& feeds, CrawlSink& sink,
                        const CrawlOptions& options);

}  // namespace byline::crawler
