// crawler/crawl.cc: the crawl run: feeds, then their new entries' pages, then one store per feed.
#include "crawler/crawl.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <deque>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "byline/article.h"
#include "common/datetime.h"
#include "common/text.h"
#include "common/url_resolve.h"
#include "crawler/robots.h"
#include "crawler/schedule.h"
#include "crawler/url.h"

namespace byline::crawler {

std::optional<FullText> full_text_from_string(std::string_view name) {
  if (name == "always") return FullText::kAlways;
  if (name == "auto") return FullText::kAuto;
  if (name == "never") return FullText::kNever;
  return std::nullopt;
}

std::string_view to_string(FullText mode) {
  switch (mode) {
    case FullText::kAlways:
      return "always";
    case FullText::kAuto:
      return "auto";
    case FullText::kNever:
      return "never";
  }
  return "always";
}

int CrawlReport::count(FeedOutcome outcome) const {
  int n = 0;
  for (const FeedReport& f : feeds) n += f.outcome == outcome;
  return n;
}

int CrawlReport::articles_added() const {
  int n = 0;
  for (const FeedReport& f : feeds) n += f.stored.added;
  return n;
}

int CrawlReport::articles_interrupted() const {
  int n = 0;
  for (const FeedReport& f : feeds) n += f.interrupted;
  return n;
}

namespace {

// Whether a linked page's Content-Type may be a page to read: HTML, text, or none or a
// generic one the body decides (the extractor sniffs it); not a PDF, an image or a feed.
bool is_web_page_type(std::string_view content_type) {
  const std::string type = to_lower_ascii(trim(content_type.substr(0, content_type.find(';'))));
  return type.empty() || type.find("html") != std::string::npos || type.starts_with("text/") ||
         type == "application/octet-stream" || type == "binary/octet-stream";
}

using Clock = std::chrono::steady_clock;

// Why an article is left for the next run, in FeedJob::deferred (0: it is not).
constexpr char kDeferredByBudget = 1;  // the crawl's memory budget
constexpr char kDeferredByStop = 2;    // CrawlOptions::stop

/// Everything in flight for one feed.
struct FeedJob {
  FeedTarget target;
  FeedState state;
  FeedReport* report = nullptr;
  Clock::time_point started;
  std::vector<CrawledArticle> articles;
  std::vector<std::string> keys;  // per article: its key in the seen list (entry_keys)
  std::unordered_map<std::string, uint32_t> sigs;  // every entry's entry_signature, by key
  // The key of every entry of the document, for the seen list to keep first.
  std::unordered_set<std::string> in_feed;
  bool over_cap = false;  // new entries past max_new_entries were left for the next run
  // Per article (char, not bool: workers write different elements at once): a transient page
  // failure, or a page left for the next run by the memory budget; either way kept unseen.
  std::vector<char> retry_later;
  std::vector<char> deferred;    // per article: left for the next run (why: kDeferredBy*)
  std::vector<char> admitted;    // per article: its download counts as coming (admit())
  std::vector<size_t> estimate;  // per article: what its admission counted in coming_bytes_
  // What its prepared pages hold, for what its next ones will (a site's pages are alike; one
  // feed's huge pages say nothing of another's), and how many of its pages on their way were
  // admitted before any was prepared (counted at nothing then).
  std::atomic<size_t> prepared_bytes = 0, prepared_pages = 0, blind = 0;
  std::vector<int64_t> published;  // every entry's date, for the adaptive interval
  int ttl_minutes = 0;
  std::string cache_control;
  // Pages being fetched or prepared, +1 while they are being queued: the thread that takes it
  // to zero finishes the feed.
  std::atomic<int> outstanding = 0;
  std::atomic<size_t> held_bytes = 0;  // what its prepared pages count in the budget
  // The longest Retry-After a page of it answered (seconds; 0 none): its retry waits as long.
  std::atomic<int64_t> page_retry_after = 0;
};

class CrawlRun {
 public:
  CrawlRun(CrawlSink& sink, const CrawlOptions& options)
      : sink_(sink), options_(options), fetcher_(fetch_options(options, &halted_)) {}
  ~CrawlRun() { drain_store_queue(); }

  CrawlReport run(const std::vector<FeedTarget>& feeds) {
    auto t0 = Clock::now();
    CrawlReport report;
    std::vector<FeedTarget> unique;
    std::unordered_set<std::string> seen;
    for (const FeedTarget& f : feeds)
      if (seen.insert(f.url).second) unique.push_back(f);
    report.feeds.resize(unique.size());  // sized once: jobs keep pointers into it
    for (size_t i = 0; i < unique.size(); ++i) start_feed(unique[i], &report.feeds[i]);
    fetcher_.run();
    report.time_limit_reached = time_is_up();
    drain_store_queue();
    try {
      report.flush_status = sink_.flush();
    } catch (const std::exception& e) {
      report.flush_status = Status(ErrorCode::kInternal, std::string("flush failed: ") + e.what());
    }
    report.interrupted = stopping();
    {
      std::lock_guard<std::mutex> lock(mu_);
      report.index_status = index_status_;
    }
    if (!report.flush_status.ok())
      for (FeedReport* lost : uncommitted_) not_kept(*lost);
    uncommitted_.clear();
    report.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return report;
  }

 private:
  struct RobotsEntry {
    bool ready = false;
    RobotsRules rules;
    Status unreachable;             ///< why robots.txt got no answer at all (DNS, connection)
    bool disallow_for_now = false;  ///< the server answered 5xx or 429 for robots.txt
    std::vector<std::function<void(const RobotsEntry&)>> waiting;
  };

  int64_t now() const { return options_.now ? options_.now : static_cast<int64_t>(time(nullptr)); }

  static FetchOptions fetch_options(const CrawlOptions& options, const std::atomic<bool>* halt) {
    FetchOptions fetch = options.fetch;
    if (options.stop) fetch.cancel = options.stop;
    fetch.cancel_too = halt;
    if (options.max_seconds > 0) {
      // Capped at ten years: a larger value is no limit, and must not overflow the clock.
      const double s = std::min(options.max_seconds, 3.2e8);
      fetch.deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                          std::chrono::duration<double>(s));
    }
    return fetch;
  }

  bool stopping() const { return options_.stop && options_.stop->load(); }
  bool time_is_up() const {
    return fetcher_.options().deadline && Clock::now() >= *fetcher_.options().deadline;
  }

  /// Page `i` of the job is left for the next run because the crawl was stopped: not a failure.
  static void left_by_stop(FeedJob& job, size_t i) {
    job.retry_later[i] = 1;
    job.deferred[i] = kDeferredByStop;
  }

  void start_feed(const FeedTarget& target, FeedReport* report) {
    auto job = std::make_shared<FeedJob>();
    job->target = target;
    job->report = report;
    job->started = Clock::now();
    report->url = target.url;
    try {
      job->state = sink_.load_feed_state(target.url);
    } catch (const std::exception& e) {
      fail_without_store(
          *job, Status(ErrorCode::kInternal, std::string("cannot load feed state: ") + e.what()));
      return;
    }
    job->state.url = target.url;
    FetchRequest request;
    // A feed that moved permanently on enough consecutive runs is fetched at its new home.
    request.url =
        (!job->state.moved_to.empty() && job->state.moved_count >= options_.permanent_redirect_runs)
            ? job->state.moved_to
            : target.url;
    request.etag = job->state.etag;
    request.last_modified = job->state.last_modified;
    request.allow_file = target.allow_file;
    request.accept = kAcceptFeed;
    fetcher_.submit(std::move(request), [this, job](const FetchRequest&, FetchResult result) {
      on_feed(job, std::move(result));
    });
  }

  void on_feed(const std::shared_ptr<FeedJob>& job, FetchResult result) {
    FeedState& st = job->state;
    FeedReport& rep = *job->report;
    st.last_attempt = now();
    if (!result.ok() && is_cancelled(result.status())) {
      // Never read: nothing about the feed changed, and it stays due.
      job->report->outcome = FeedOutcome::kInterrupted;
      job->report->code = ErrorCode::kInterrupted;
      job->report->error = halted_.load()
                               ? "not crawled: the index refused a write first (still due)"
                           : stopping() || !time_is_up()
                               ? "not crawled: the crawl was stopped first (still due)"
                               : "not crawled: the crawl's time limit came first (still due)";
      job->report->seconds = std::chrono::duration<double>(Clock::now() - job->started).count();
      if (options_.on_feed_done) options_.on_feed_done(*job->report);
      return;
    }
    if (!result.ok() && is_site_pause(result.status())) {
      // Never requested: another URL of its server asked for the pause. Due when it ends (as
      // far as the schedule waits), and no failure of this feed's (nor of the run's): one
      // hostile or broken endpoint of a shared host would have backed off every other feed
      // there.
      const int64_t delay = backoff_delay(0, fetcher_.site_pause_seconds(job->target.url));
      st.next_due = st.last_attempt + delay;
      rep.outcome = FeedOutcome::kDeferred;
      rep.warning = "not requested: its server asked for a pause (Retry-After); due again at " +
                    format_iso8601(st.next_due);
      job->articles.clear();
      store(job);
      return;
    }
    if (!result.ok()) {
      fail(job, result.status(), std::nullopt);
      return;
    }
    FetchedDocument& doc = result.value();
    st.last_status = doc.http_status;
    rep.http_status = doc.http_status;
    if (doc.not_modified() && !doc.conditional) {
      // A 304 answers a conditional request only (RFC 9110 15.4.5). Taken as "not modified",
      // a server always answering 304 had its feed never read and never failed.
      fail(job,
           Status(ErrorCode::kNetwork, "HTTP 304 without a conditional request fetching " +
                                           truncate_utf8(sanitize_utf8(doc.url), 200)),
           std::nullopt);
      return;
    }
    // The feed answers again (a 2xx or a 304): it is not gone any more, whatever a 410 said
    // before, and scheduled runs fetch it again.
    if (doc.success() || doc.not_modified()) st.disabled = false;
    if (doc.not_modified()) {
      // A feed that moved answers 304 at its new home as readily as 200: the move counts.
      track_move(*job, doc);
      rep.outcome = FeedOutcome::kNotModified;
      st.error_count = 0;
      st.last_error.clear();
      st.last_success = st.last_attempt;
      int64_t interval =
          st.interval_seconds > 0 ? st.interval_seconds : ScheduleLimits{}.min_interval;
      // A 304's headers update the stored response's (RFC 9111, 4.3.4): a max-age raised since
      // the last 200 holds from now on (it was ignored until the feed changed: audit of session
      // 46). The interval stays the feed's own otherwise: no entries were read to adapt it.
      if (auto max_age = cache_control_max_age(doc.cache_control); max_age && *max_age > interval) {
        interval = std::min(*max_age, longest_wait(ScheduleLimits{}));
        st.interval_seconds = static_cast<int>(interval);
      }
      st.next_due = st.last_attempt + interval;
      store(job);
      return;
    }
    if (!doc.success()) {
      std::string why = "HTTP " + std::to_string(doc.http_status) + " fetching " +
                        truncate_utf8(sanitize_utf8(doc.url), 200);
      if (doc.http_status == 410) {
        st.disabled = true;  // Gone: scheduled runs stop asking
        why += " (gone: feed disabled)";
      } else if ((doc.http_status == 429 || doc.http_status == 503) && doc.retry_after_seconds) {
        // The time the schedule waits, which a hostile Retry-After does not stretch past a week.
        why += " (Retry-After " + std::to_string(*doc.retry_after_seconds) + " s; due again at " +
               format_iso8601(st.last_attempt +
                              backoff_delay(st.error_count + 1, doc.retry_after_seconds)) +
               ")";
      }
      ErrorCode code = doc.http_status == 404 || doc.http_status == 410 ? ErrorCode::kNotFound
                                                                        : ErrorCode::kNetwork;
      fail(job, Status(code, why), doc.retry_after_seconds);
      return;
    }
    track_move(*job, doc);
    FeedParseOptions parse_options;
    parse_options.url = doc.final_url;
    parse_options.content_type = doc.content_type;
    parse_options.fallback_language = doc.content_language;
    Result<ParsedFeed> parsed = parse_feed(doc.body, parse_options);
    if (!parsed.ok()) {
      Status s = parsed.status();
      fail(job,
           Status(ErrorCode::kBadInput,
                  "cannot parse feed " + truncate_utf8(sanitize_utf8(doc.url), 200) + ": " +
                      s.message(),
                  s.hint()),
           std::nullopt);
      return;
    }
    // The feed was read: from here on its validators are worth keeping.
    st.etag = doc.etag;
    st.last_modified = doc.last_modified;
    st.title = one_line(parsed->feed.title);
    job->ttl_minutes = parsed->feed.ttl_minutes;
    job->cache_control = doc.cache_control;
    rep.entries = static_cast<int>(parsed->entries.size());
    rep.warning = parsed->error;
    std::vector<std::string> keys = entry_keys(parsed->entries);
    const std::vector<bool> superseded = superseded_entries(parsed->entries);
    const std::unordered_set<std::string> seen(st.seen_ids.begin(), st.seen_ids.end());
    bool file_feed = target_is_file(doc.final_url);
    std::vector<size_t> take;     // entries to store: new ones, then changed ones
    std::vector<size_t> changed;  // seen entries that came back changed
    size_t seen_in_feed = 0;
    for (size_t k = 0; k < parsed->entries.size(); ++k) {
      FeedEntry& entry = parsed->entries[k];
      if (entry.published)
        job->published.push_back(*entry.published);
      else if (entry.updated)
        job->published.push_back(*entry.updated);
      // An entry repeated whole in the document is one entry.
      if (keys[k].empty() || !job->in_feed.insert(keys[k]).second) continue;
      const uint32_t sig = entry_signature(entry);
      job->sigs[keys[k]] = sig;
      if (superseded[k]) continue;  // seen, so not taken next run; its page is a newer entry's
      if (seen.count(keys[k])) {
        ++seen_in_feed;
        auto was = st.entry_sigs.find(keys[k]);
        if (was != st.entry_sigs.end() && was->second != sig) changed.push_back(k);
        continue;
      }
      take.push_back(k);
    }
    // A feed that rewrites most of its entries at every fetch (a generator that stamps each
    // <updated> with the time of the request) is not a feed of corrections: its entries are
    // not stored again, only their new look remembered.
    const size_t fresh = take.size();
    // Copied into each article, so bounded first: an 8 MB title over 500 entries took 4 GB.
    // Cut well past what an article keeps (it is cut again there, and flagged); a language tag
    // that long is no well-formed one, and would be dropped there too.
    const std::string feed_title = truncate_utf8(parsed->feed.title, 4 * kMaxLineFieldBytes);
    const std::string feed_language =
        parsed->feed.language.size() > kMaxTagBytes ? std::string() : parsed->feed.language;
    if (changed.size() <= std::max<size_t>(3, seen_in_feed / 4))
      take.insert(take.end(), changed.begin(), changed.end());
    for (size_t t = 0; t < take.size(); ++t) {
      const size_t k = take[t];
      FeedEntry& entry = parsed->entries[k];
      if (job->articles.size() >= options_.max_new_entries) {
        job->over_cap = true;
        if (t < fresh) ++rep.over_cap;
        continue;
      }
      // A web feed's link to a local file names no page of the story's (none is read): the
      // entry is stored as one with no link, not under that file's name.
      if (!file_feed && starts_with_icase(entry.link, "file:")) entry.link.clear();
      CrawledArticle a;
      a.entry = std::move(entry);
      a.feed_url = job->target.url;
      a.feed_title = feed_title;
      a.feed_language = feed_language;
      a.feed_tags = job->target.tags;
      job->articles.push_back(std::move(a));
      job->keys.push_back(std::move(keys[k]));
      if (t >= fresh) ++rep.changed_entries;
    }
    job->retry_later.assign(job->articles.size(), 0);
    job->deferred.assign(job->articles.size(), 0);
    job->admitted.assign(job->articles.size(), 0);
    job->estimate.assign(job->articles.size(), 0);
    rep.new_entries = static_cast<int>(job->articles.size()) - rep.changed_entries;
    // Held while pages are being queued, so a page answered synchronously (robots.txt already
    // known) cannot finish the feed before every page is queued.
    ++job->outstanding;
    if (options_.fetch_articles && job->target.full_text != FullText::kNever) {
      for (size_t i = 0; i < job->articles.size(); ++i) {
        const FeedEntry& e = job->articles[i].entry;
        if (e.anchored) continue;  // the page holds many stories; the entry is this one
        // auto: a feed that carries the whole text needs no second request per entry.
        if (job->target.full_text == FullText::kAuto &&
            count_words(e.content.size() > e.summary.size() ? e.content : e.summary) >=
                kFullTextWords)
          continue;
        const std::string& link = e.link;
        bool is_file = starts_with_icase(link, "file:");
        bool is_http = starts_with_icase(link, "http://") || starts_with_icase(link, "https://");
        // file:// pages only from a local feed the user named; never from a web feed.
        if (!(is_http || (is_file && file_feed && job->target.allow_file))) continue;
        // A page (its fragment aside) that another feed's entry, or an earlier entry of this
        // one, fetches in this run is fetched once: this entry is stored from its feed's text,
        // and the index makes the two one story, the page's, under every feed that links it. It
        // was fetched once per feed, and stored as many times. Tracking parameters aside too
        // (one feed's link has utm_source=rss): the index makes those one story as well.
        if (!pages_claimed_.insert(drop_tracking_parameters(link.substr(0, link.find('#')))).second)
          continue;
        ++job->outstanding;
        const std::string robots =
            is_http && options_.respect_robots ? robots_url_for(link) : std::string();
        if (robots.empty()) {
          submit_page(job, i);
          continue;
        }
        with_robots(robots, [this, job, i](const RobotsEntry& robots_txt) {
          CrawledArticle& a = job->articles[i];
          if (is_cancelled(robots_txt.unreachable)) {
            left_by_stop(*job, i);
          } else if (!robots_txt.unreachable.ok()) {
            // No answer at all (DNS, connection, a refused address): that is a failure to
            // fetch, not a page robots.txt forbids. Not fetched (RFC 9309: unreachable means
            // disallow); tried again next run when the failure may pass.
            // A refused address is the page's site's: said of the page, not of its robots.txt.
            std::string why = robots_txt.unreachable.message();
            if (is_private_address_refusal(why) && why.rfind(" for ") != std::string::npos)
              why = why.substr(0, why.rfind(" for ")) + " for " +
                    truncate_utf8(sanitize_utf8(a.entry.link), 200);
            else
              why = "cannot check robots.txt: " + why;
            page_failed(job, i, std::move(why), is_transient_fetch_error(robots_txt.unreachable));
          } else if (auto parts = parse_url(a.entry.link);
                     parts && robots_txt.rules.allowed(parts->path)) {
            return submit_page(job, i);
          } else {
            a.page_error =
                "disallowed by robots.txt: " + truncate_utf8(sanitize_utf8(a.entry.link), 200);
            ++job->report->robots_blocked;
            // A 5xx or 429 for robots.txt disallows for now only: the page is asked for again.
            job->retry_later[i] = robots_txt.disallow_for_now;
          }
          if (--job->outstanding == 0) finish_feed(job, /*on_worker=*/false);
        });
      }
    }
    if (--job->outstanding == 0) finish_feed(job, /*on_worker=*/false);
  }

  void submit_page(const std::shared_ptr<FeedJob>& job, size_t i) {
    FetchRequest req;
    req.url = job->articles[i].entry.link;
    req.allow_file = starts_with_icase(req.url, "file:");
    req.accept = kAcceptHtml;
    // Past the memory budget, prepare_page() would put the page off: it is not downloaded.
    req.wanted = [this, job, i] { return admit(*job, i); };
    fetcher_.submit(std::move(req), [this, job, i](const FetchRequest&, FetchResult r) {
      on_page(job, i, std::move(r));
    });
  }

  /// Whether page `i` may be downloaded: only while the pages prepared and those on their way
  /// (downloading, or waiting for a worker) fit in the budget, each at what its feed's pages
  /// have held so far. Judged after preparing alone, every page in flight or queued when the
  /// budget ran out was downloaded and thrown away: half of a crawl of 6.5 MB pages, each run.
  /// Judged at the average of every feed's pages, a few huge pages put off every small page of
  /// the other feeds that would have fitted (a refusal waits for the next run).
  bool admit(FeedJob& job, size_t i) {
    if (budget_spent_.load()) return false;
    const size_t pages = job.prepared_pages.load();
    const size_t per_page = pages ? job.prepared_bytes.load() / pages : 0;
    if (held_bytes_.load() + coming_bytes_.load() + (job.blind.load() + 1) * per_page >
        options_.max_held_bytes)
      return false;
    job.admitted[i] = 1;
    job.estimate[i] = per_page;
    coming_bytes_ += per_page;
    if (per_page == 0) ++job.blind;
    return true;
  }

  /// Page `i`'s download is over (prepared, failed or put off): it no longer counts as coming.
  void settle(FeedJob& job, size_t i) {
    if (job.admitted[i]) {
      job.admitted[i] = 0;
      coming_bytes_ -= job.estimate[i];
      if (job.estimate[i] == 0) --job.blind;
    }
  }

  /// Counts page `i` of the job as failed, with why, for the report.
  void page_failed(const std::shared_ptr<FeedJob>& job, size_t i, std::string why, bool retry) {
    CrawledArticle& a = job->articles[i];
    a.page_error = std::move(why);
    job->retry_later[i] = retry;
    ++job->report->page_failures;
    job->report->failed_pages.push_back(
        {truncate_utf8(sanitize_utf8(a.entry.link), 2000), a.page_error});
  }

  /// Runs `then` with the robots.txt of an origin, fetching it once per run.
  void with_robots(const std::string& robots_url, std::function<void(const RobotsEntry&)> then) {
    RobotsEntry& entry = robots_[robots_url];
    if (entry.ready) return then(entry);
    entry.waiting.push_back(std::move(then));
    if (entry.waiting.size() > 1) return;  // already being fetched
    FetchRequest req;
    req.url = robots_url;
    req.max_body_bytes = 512 * 1024;  // RFC 9309 asks parsers to read at least 500 KiB
    req.keep_prefix = true;           // ... and to parse that much of a longer file
    fetcher_.submit(std::move(req), [this, robots_url](const FetchRequest&, FetchResult r) {
      RobotsEntry& e = robots_[robots_url];
      if (r.ok() && r->success()) {
        // A longer file is read to its last whole line within the first 512 KiB.
        std::string_view body = r->body;
        if (r->truncated) body = body.substr(0, body.rfind('\n') + 1);
        e.rules = RobotsRules::parse(body, agent_);
      } else if (r.ok() && r->http_status >= 400 && r->http_status < 500 && r->http_status != 429) {
        e.rules = RobotsRules::allow_all();  // no robots.txt: no rules
      } else {
        // Unreachable (RFC 9309 2.3.1.3-4): assume complete disallow, for now.
        e.rules = RobotsRules::disallow_all();
        if (r.ok())
          e.disallow_for_now = true;  // the server answered 5xx or 429
        else
          e.unreachable = r.status();  // no answer: the pages count as failed fetches
      }
      e.ready = true;
      std::vector<std::function<void(const RobotsEntry&)>> waiting;
      waiting.swap(e.waiting);
      for (auto& fn : waiting) fn(e);
    });
  }

  void on_page(const std::shared_ptr<FeedJob>& job, size_t i, FetchResult result) {
    CrawledArticle& a = job->articles[i];
    // A PDF, an image, a recording: no page to read, so the entry's own text stands, and the
    // summary says why (it was replaced without a word). So with such bytes under a type that
    // may be a page's (octet-stream, or a PDF served as text/html).
    const bool binary = result.ok() && result->success() &&
                        (!is_web_page_type(result->content_type) || is_binary_data(result->body));
    if (!binary && result.ok() && result->success()) {
      a.page = std::move(result.value());
      ++job->report->pages_fetched;
      queue_page(job, i);  // a worker prepares it, frees its bytes and counts it out
      return;
    }
    settle(*job, i);
    if (binary) {
      const std::string type = result->content_type.substr(0, result->content_type.find(';'));
      page_failed(
          job, i,
          "not a web page (" +
              (is_web_page_type(type)
                   ? std::string("binary data") +
                         (type.empty() ? "" : " as " + truncate_utf8(sanitize_utf8(type), 80))
                   : truncate_utf8(sanitize_utf8(type), 80)) +
              "): " + truncate_utf8(sanitize_utf8(a.entry.link), 200),
          false);
    } else if (!result.ok() && is_cancelled(result.status())) {
      left_by_stop(*job, i);
    } else if (!result.ok() && is_unwanted(result.status())) {
      job->retry_later[i] = 1;  // the memory budget is spent: the next run fetches it
      job->deferred[i] = kDeferredByBudget;
    } else if (!result.ok()) {
      // A network failure may pass (the page is tried again next run); a limit will not.
      page_failed(job, i, result.status().message(), is_transient_fetch_error(result.status()));
    } else {
      long s = result->http_status;
      if ((s == 429 || s == 503) && result->retry_after_seconds) {
        const int64_t wait = *result->retry_after_seconds;
        int64_t was = job->page_retry_after.load();
        while (wait > was && !job->page_retry_after.compare_exchange_weak(was, wait)) {
        }
      }
      page_failed(job, i,
                  "HTTP " + std::to_string(s) + " fetching " +
                      truncate_utf8(sanitize_utf8(a.entry.link), 200),
                  s == 429 || s >= 500);
    }
    if (--job->outstanding == 0) finish_feed(job, /*on_worker=*/false);
  }

  /// Every page of the feed is in and prepared (or failed): its state moves on and it goes to
  /// the store, through a prepare worker for its other articles. On a worker that is this one:
  /// it must not wait for room in the queue the workers themselves drain.
  void finish_feed(const std::shared_ptr<FeedJob>& job, bool on_worker) {
    FeedState& st = job->state;
    std::vector<std::string> ids;
    std::map<std::string, FeedState::PageRetry> retries;
    for (size_t i = 0; i < job->articles.size(); ++i) {
      // Put off (the memory budget, a stop) is no failure: it counts no run towards giving
      // up, which marked such an entry seen and stored nothing of it.
      if (job->deferred[i]) {
        if (auto it = st.page_retries.find(job->keys[i]); it != st.page_retries.end())
          retries.insert(*it);
        continue;
      }
      if (job->retry_later[i] && !give_up_page(*job, i, retries)) continue;
      ids.push_back(job->keys[i]);
    }
    st.page_retries = std::move(retries);
    // Work left for the next run (new entries past the cap, pages deferred or to be retried)
    // needs this document again: its validators are not kept, so the next fetch is
    // unconditional and cannot be answered 304 (which skipped that work for as long as the
    // feed did not change). Dropping them needs no new state field, and costs nothing a flag
    // would save: the work left is in the document, so the next run must read it in full.
    if (job->over_cap || ids.size() < job->articles.size()) {
      st.etag.clear();
      st.last_modified.clear();
    }
    const bool stopped = std::find(job->deferred.begin(), job->deferred.end(), kDeferredByStop) !=
                         job->deferred.end();
    const bool put_off = std::find(job->deferred.begin(), job->deferred.end(), kDeferredByBudget) !=
                         job->deferred.end();
    if (std::any_of(job->deferred.begin(), job->deferred.end(), [](char d) { return d != 0; })) {
      std::vector<CrawledArticle> kept;
      for (size_t i = 0; i < job->articles.size(); ++i)
        if (!job->deferred[i]) kept.push_back(std::move(job->articles[i]));
      job->articles = std::move(kept);
    }
    st.remember(ids, job->in_feed);
    // What the stored entries, and the seen ones still in the feed, look like now; an entry
    // left for another run keeps what it had, so its change is still seen then.
    for (const std::string& id : ids) st.entry_sigs[id] = job->sigs[id];
    const std::unordered_set<std::string_view> seen_now(st.seen_ids.begin(), st.seen_ids.end());
    for (const auto& [id, sig] : job->sigs)
      if (!st.entry_sigs.count(id) && seen_now.count(id)) st.entry_sigs[id] = sig;
    st.prune_sigs();
    job->sigs = {};
    job->in_feed = {};
    job->keys = {};
    st.error_count = 0;
    st.last_error.clear();
    st.last_success = st.last_attempt;
    st.interval_seconds = static_cast<int>(
        adaptive_interval(job->published, st.last_attempt, job->ttl_minutes, job->cache_control));
    st.next_due = st.last_attempt + st.interval_seconds;
    // Its pages wait (a stop, the memory budget), or entries past the cap: due again at once (a
    // backlog of 20,000 entries took 40 days at the feed's daily interval).
    if (stopped || put_off || job->over_cap) st.next_due = st.last_attempt;
    // Pages to ask for again (a 5xx, a network error) make the feed due again soon, at doubling
    // delays from 5 minutes, up to when the first of them has failed for a day and may be given
    // up: they waited for the feed's own interval (a day on a quiet feed), and so were given up
    // after two days or more (audit of session 46).
    if (!st.page_retries.empty()) {
      int runs = 0;
      int64_t first_failed = st.last_attempt;
      for (const auto& [key, r] : st.page_retries) {
        runs = std::max(runs, r.runs);
        first_failed = std::min(first_failed, r.first_failed);
      }
      const int64_t until_give_up = first_failed + FeedState::kGiveUpPageSeconds - st.last_attempt;
      // Never sooner than a page's Retry-After asked (re-audit: a 429 asking for an hour was
      // asked again in 5 minutes).
      const int64_t delay = std::max<int64_t>(
          {ScheduleLimits{}.backoff_base,
           std::min(backoff_delay(runs, std::nullopt), until_give_up),
           std::min(job->page_retry_after.load(), longest_wait(ScheduleLimits{}))});
      st.next_due = std::min(st.next_due, st.last_attempt + delay);
    }
    job->report->outcome = FeedOutcome::kUpdated;
    if (on_worker) {
      job->report->next_due = st.next_due;
      prepare_and_hand_on(job);
    } else {
      store(job);
    }
  }

  /// Page `i` failed again in a way that may pass: true when it has failed long enough to be
  /// given up (the entry is then seen, stored from the feed's text); else its count goes on in
  /// `retries`.
  bool give_up_page(FeedJob& job, size_t i, std::map<std::string, FeedState::PageRetry>& retries) {
    const std::string& key = job.keys[i];
    FeedState::PageRetry r;
    if (auto it = job.state.page_retries.find(key); it != job.state.page_retries.end())
      r = it->second;
    if (r.runs == 0) r.first_failed = job.state.last_attempt;
    ++r.runs;
    if (r.runs >= FeedState::kGiveUpPageRuns &&
        job.state.last_attempt - r.first_failed >= FeedState::kGiveUpPageSeconds) {
      const std::string link = truncate_utf8(sanitize_utf8(job.articles[i].entry.link), 2000);
      for (auto& failed : job.report->failed_pages)
        if (failed.url == link)
          failed.error += " (failed on " + std::to_string(r.runs) + " runs since " +
                          format_iso8601(r.first_failed) +
                          ": given up, stored from the feed's text)";
      return true;
    }
    retries[key] = r;
    return false;
  }

  void track_move(FeedJob& job, const FetchedDocument& doc) {
    FeedState& st = job.state;
    bool at_new_home = st.moved_count >= options_.permanent_redirect_runs && doc.url == st.moved_to;
    if (at_new_home) return;
    if (doc.permanent_url.empty() || doc.permanent_url == doc.url) {
      // No redirect, or a temporary one on the way: a 302 never moves a feed.
      st.moved_to.clear();
      st.moved_count = 0;
      return;
    }
    if (st.moved_to == doc.permanent_url) {
      ++st.moved_count;
    } else {
      st.moved_to = doc.permanent_url;
      st.moved_count = 1;
    }
    if (st.moved_count >= options_.permanent_redirect_runs) job.report->moved_to = st.moved_to;
  }

  static bool target_is_file(const std::string& url) { return starts_with_icase(url, "file:"); }

  /// Each entry's key in the seen list: its id (the GUID, else the link; an entry with neither
  /// gets ""). An id several entries of the document share with different links (a publisher
  /// reusing one GUID) is keyed by id and link, so those stories stay apart as `byline index`
  /// keeps them (by URL); an entry repeated whole keeps one key, and so is one entry.
  static std::vector<std::string> entry_keys(std::vector<FeedEntry>& entries) {
    std::unordered_map<std::string, std::pair<size_t, bool>> first;  // id -> entry, links differ
    for (size_t i = 0; i < entries.size(); ++i) {
      FeedEntry& e = entries[i];
      if (e.id.empty()) e.id = e.link;
      if (e.id.empty()) continue;
      auto [it, fresh] = first.try_emplace(e.id, i, false);
      if (!fresh && entries[it->second.first].link != e.link) it->second.second = true;
    }
    std::vector<std::string> keys(entries.size());
    for (size_t i = 0; i < entries.size(); ++i) {
      const FeedEntry& e = entries[i];
      if (e.id.empty()) continue;
      keys[i] = first.at(e.id).second ? e.id + '\n' + e.link : e.id;
    }
    return keys;
  }

  void fail(const std::shared_ptr<FeedJob>& job, const Status& why,
            std::optional<int64_t> retry_after) {
    FeedState& st = job->state;
    ++st.error_count;
    st.last_error = why.message();
    st.next_due = st.last_attempt + backoff_delay(st.error_count, retry_after);
    job->report->outcome = FeedOutcome::kFailed;
    job->report->code = why.code();
    job->report->error = why.message();
    job->report->hint = why.hint();
    job->articles.clear();
    store(job);  // the failure and the backoff are state too
  }

  void fail_without_store(FeedJob& job, const Status& why) {
    job.report->outcome = FeedOutcome::kFailed;
    job.report->code = why.code();
    job.report->error = why.message();
    job.report->hint = why.hint();
    job.report->seconds = std::chrono::duration<double>(Clock::now() - job.started).count();
    if (options_.on_feed_done) options_.on_feed_done(*job.report);
  }

  /// Hands a finished feed to the prepare workers, then to the store thread, so extraction
  /// and indexing overlap fetching and each other. Both queues are bounded: when the sink falls
  /// behind, fetching waits (memory stays flat).
  void store(const std::shared_ptr<FeedJob>& job) {
    job->report->next_due = job->state.next_due;
    std::unique_lock<std::mutex> lock(mu_);
    start_threads();
    space_cv_.wait(lock, [this] { return to_prepare_.size() < kMaxQueuedFeeds; });
    to_prepare_.push_back(job);
    prepare_cv_.notify_one();
  }

  /// Hands a fetched page to the prepare workers. The queue is short: when they fall behind,
  /// fetching waits, and page bytes (up to max_body_bytes each) never pile up.
  void queue_page(const std::shared_ptr<FeedJob>& job, size_t i) {
    const size_t bytes = job->articles[i].page->body.size();
    std::unique_lock<std::mutex> lock(mu_);
    start_threads();
    // Bytes as well as a count: a few huge pages in the queue and in the workers' hands held
    // half a gigabyte (a feed of 15 MiB pages).
    space_cv_.wait(lock, [&] {
      return pages_to_prepare_.size() < kMaxQueuedPages &&
             (page_bytes_ == 0 || page_bytes_ + bytes <= options_.max_queued_page_bytes);
    });
    page_bytes_ += bytes;
    pages_to_prepare_.emplace_back(job, i);
    // A worker woken per page costs a fifth more CPU on a crawl (perf stat); woken per few
    // pages, or when this page is all its feed waits for (else within a tick, see prepare_loop).
    if (pages_to_prepare_.size() >= kPagesPerWakeUp || job->outstanding.load() == 1)
      prepare_cv_.notify_one();
  }

  void start_threads() {  // with mu_ held
    if (store_thread_.joinable()) return;
    store_thread_ = std::thread([this] { store_loop(); });
    const unsigned n = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
    for (unsigned i = 0; i < n; ++i) workers_.emplace_back([this] { prepare_loop(); });
  }

  /// Prepares one fetched page; past the memory budget it waits for the next run instead.
  void prepare_page(const std::shared_ptr<FeedJob>& job, size_t i) {
    CrawledArticle& a = job->articles[i];
    const size_t page_bytes = a.page ? a.page->body.size() : 0;  // as queue_page counted it
    bool defer = held_bytes_ >= options_.max_held_bytes;         // then no use preparing it
    if (!defer) {
      try {
        sink_.prepare(std::span<CrawledArticle>(&a, 1));
      } catch (const std::exception&) {
        // store() prepares what is left and reports it per article.
      }
      const size_t bytes = a.prepared ? a.prepared_bytes : 0;
      if (a.prepared) {
        job->prepared_bytes += bytes;
        ++job->prepared_pages;
      }
      if (held_bytes_.fetch_add(bytes) + bytes > options_.max_held_bytes) {
        held_bytes_ -= bytes;
        defer = true;
      } else {
        job->held_bytes += bytes;
      }
    }
    if (defer) {
      budget_spent_ = true;  // no more pages fetched until a feed is stored and gives its share
      a.prepared.reset();
      a.page.reset();
      job->retry_later[i] = 1;
      job->deferred[i] = kDeferredByBudget;
    }
    settle(*job, i);
    {
      std::lock_guard<std::mutex> lock(mu_);
      page_bytes_ -= page_bytes;
    }
    space_cv_.notify_all();
    if (--job->outstanding == 0) finish_feed(job, /*on_worker=*/true);
  }

  /// Prepares a finished feed's articles that are not yet (feed text, failed pages) and queues
  /// it for the store thread.
  void prepare_and_hand_on(const std::shared_ptr<FeedJob>& job) {
    try {
      if (!job->articles.empty()) sink_.prepare(job->articles);
    } catch (const std::exception&) {
      // store() prepares what is left and reports it per article.
    }
    std::unique_lock<std::mutex> lock(mu_);
    space_cv_.wait(lock, [this] { return to_store_.size() < kMaxQueuedFeeds; });
    to_store_.push_back(job);
    store_cv_.notify_one();
  }

  /// A worker: frees stored articles first, then prepares pages (their bytes are the bulk of
  /// a crawl's memory), then finished feeds.
  void prepare_loop() {
    yield_to_store_thread();
    for (;;) {
      std::shared_ptr<FeedJob> job;
      std::vector<std::pair<std::shared_ptr<FeedJob>, size_t>> pages;
      {
        std::unique_lock<std::mutex> lock(mu_);
        // Pages are announced a few at a time: one left unannounced waits at most a tick.
        while (to_prepare_.empty() && pages_to_prepare_.empty() && to_free_.empty() && !closing_)
          prepare_cv_.wait_for(lock, std::chrono::milliseconds(100));
        if (!to_free_.empty()) {
          std::vector<std::vector<CrawledArticle>> stored;
          stored.swap(to_free_);
          lock.unlock();
          stored.clear();
          continue;
        }
        if (!pages_to_prepare_.empty()) {
          // Up to a wake-up's worth, so the other workers get their share.
          for (size_t k = 0; k < kPagesPerWakeUp && !pages_to_prepare_.empty(); ++k) {
            pages.push_back(std::move(pages_to_prepare_.front()));
            pages_to_prepare_.pop_front();
          }
        } else if (!to_prepare_.empty()) {
          job = std::move(to_prepare_.front());
          to_prepare_.pop_front();
        } else {
          return;  // closing, and nothing left
        }
        space_cv_.notify_all();
      }
      for (auto& [page_job, page] : pages) prepare_page(page_job, page);
      if (job) prepare_and_hand_on(job);
    }
  }

  void store_loop() {
    for (;;) {
      std::shared_ptr<FeedJob> job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        store_cv_.wait(lock, [this] { return !to_store_.empty() || workers_done_; });
        if (to_store_.empty()) return;
        job = std::move(to_store_.front());
        to_store_.pop_front();
        space_cv_.notify_all();
      }
      store_now(*job);
    }
  }

  /// Waits until every queued feed is prepared and stored.
  void drain_store_queue() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      closing_ = true;
      prepare_cv_.notify_all();
    }
    for (auto& w : workers_) w.join();
    workers_.clear();
    {
      std::lock_guard<std::mutex> lock(mu_);
      workers_done_ = true;
      store_cv_.notify_all();
    }
    if (store_thread_.joinable()) store_thread_.join();
  }

  /// A feed whose articles a failed commit dropped: due again, and counted as not stored.
  static void not_kept(FeedReport& rep) {
    if (rep.outcome == FeedOutcome::kFailed) return;
    rep.outcome = FeedOutcome::kInterrupted;
    rep.code = ErrorCode::kInterrupted;
    rep.error = "not stored: the index refused the commit (still due)";
    rep.stored = {};
  }

  void store_now(FeedJob& job) {
    FeedReport& rep = *job.report;
    if (halted_.load()) {
      // Fetched after the index refused a write: not kept, so not reported as stored; its state
      // is not saved either, and it stays due.
      rep.outcome = FeedOutcome::kInterrupted;
      rep.code = ErrorCode::kInterrupted;
      rep.error = "not stored: the index refused a write first (still due)";
      retire(std::move(job.articles));
      job.articles = {};
      held_bytes_ -= job.held_bytes.exchange(0);
      budget_spent_ = false;
      if (options_.on_feed_done) options_.on_feed_done(rep);
      return;
    }
    try {
      Result<StoreOutcome> stored = sink_.store(job.state, job.articles);
      if (stored.ok()) {
        rep.stored = std::move(stored.value());
        if (rep.stored.committed)
          uncommitted_.clear();
        else
          uncommitted_.push_back(&rep);
      } else {
        // The failed commit took the feeds stored since the last one with it: not stored.
        for (FeedReport* lost : uncommitted_) not_kept(*lost);
        uncommitted_.clear();
        // The index refused a write (a full disk, a broken index): nothing fetched from now on
        // could be kept, so the crawl stops here, and says why once (CrawlReport::index_status).
        rep.outcome = FeedOutcome::kFailed;
        rep.code = stored.status().code();
        rep.error = "not stored: the index refused the write";
        std::lock_guard<std::mutex> lock(mu_);
        if (index_status_.ok()) index_status_ = stored.status();
        halted_.store(true);
      }
    } catch (const std::exception& e) {
      rep.outcome = FeedOutcome::kFailed;
      rep.code = ErrorCode::kInternal;
      rep.error = std::string("storing the feed failed: ") + e.what();
    }
    retire(std::move(job.articles));  // analysed documents are most of what is left
    job.articles = {};
    held_bytes_ -= job.held_bytes.exchange(0);
    budget_spent_ = false;
    rep.deferred =
        static_cast<int>(std::count(job.deferred.begin(), job.deferred.end(), kDeferredByBudget));
    rep.interrupted =
        static_cast<int>(std::count(job.deferred.begin(), job.deferred.end(), kDeferredByStop));
    rep.seconds = std::chrono::duration<double>(Clock::now() - job.started).count();
    if (options_.on_feed_done) options_.on_feed_done(rep);
  }

  /// Lowers this prepare worker's priority a little: the store thread (the one Xapian writer)
  /// is the crawl's critical path, and when threads outnumber free cores an equal share of the
  /// CPU leaves it waiting behind work that could wait instead (crawl_bench: ~5% less wall time).
  static void yield_to_store_thread() {
    const auto tid = static_cast<id_t>(::gettid());
    errno = 0;
    const int now = ::getpriority(PRIO_PROCESS, tid);
    if (errno == 0) ::setpriority(PRIO_PROCESS, tid, std::min(now + kWorkerNiceness, 19));
  }

  /// Frees a stored feed's articles on a prepare worker: tearing down thousands of analysed
  /// documents is work the store thread, the crawl's critical path, need not do.
  void retire(std::vector<CrawledArticle>&& articles) {
    std::vector<CrawledArticle> mine = std::move(articles);
    std::lock_guard<std::mutex> lock(mu_);
    if (closing_ || to_free_.size() >= kMaxQueuedFeeds) return;  // workers gone or behind: here
    to_free_.push_back(std::move(mine));
    prepare_cv_.notify_one();
  }

  CrawlSink& sink_;
  const CrawlOptions& options_;
  std::atomic<bool> halted_{false};       // the sink failed: transfers end as on a stop
  std::vector<FeedReport*> uncommitted_;  // stored since the sink's last commit; store thread
  Status index_status_;                   // its first failure; under mu_
  Fetcher fetcher_;
  std::string agent_ =
      product_token(options_.fetch.user_agent.empty() ? "byline" : options_.fetch.user_agent);
  std::unordered_map<std::string, RobotsEntry> robots_;

  // Prepare workers (sink_.prepare(), several feeds at once), then the store thread: store()
  // and flush() are only ever called from it (after every load_feed_state()).
  static constexpr size_t kMaxQueuedFeeds = 32;
  static constexpr size_t kMaxQueuedPages = 8;
  static constexpr size_t kPagesPerWakeUp = 4;
  static constexpr int kWorkerNiceness = 5;
  std::mutex mu_;
  std::condition_variable prepare_cv_, store_cv_, space_cv_;
  std::deque<std::shared_ptr<FeedJob>> to_prepare_, to_store_;
  std::deque<std::pair<std::shared_ptr<FeedJob>, size_t>> pages_to_prepare_;
  size_t page_bytes_ = 0;               // of pages queued or being prepared (under mu_)
  std::atomic<size_t> held_bytes_ = 0;  // prepared pages of feeds not yet stored
  // A page was put off for the budget: no more are fetched until a feed gives its share back.
  std::atomic<bool> budget_spent_ = false;
  // Every page link taken for fetching in this run (only the fetching thread reads feeds).
  std::unordered_set<std::string> pages_claimed_;
  // What the pages admitted to download and not yet prepared or failed were counted at
  // (admit()).
  std::atomic<size_t> coming_bytes_ = 0;
  std::vector<std::vector<CrawledArticle>> to_free_;  // stored articles, for a worker to free
  bool closing_ = false, workers_done_ = false;
  std::vector<std::thread> workers_;
  std::thread store_thread_;
};

}  // namespace

CrawlReport crawl_feeds(const std::vector<FeedTarget>& feeds, CrawlSink& sink,
                        const CrawlOptions& options) {
  CrawlRun run(sink, options);
  return run.run(feeds);
}

}  // namespace byline::crawler
