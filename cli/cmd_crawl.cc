// byline crawl [FEED_URL|FEED_FILE|OPML_FILE...]: fetch feeds and their articles into the index.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "byline/feed.h"
#include "byline/index.h"
#include "cli/command.h"
#include "cli/crawl_sink.h"
#include "cli/fetch_flags.h"
#include "cli/input.h"
#include "cli/stop_signal.h"
#include "common/datetime.h"
#include "common/text.h"
#include "crawler/crawl.h"
#include "crawler/schedule.h"
#include "crawler/url.h"

namespace byline::cli {

namespace {

struct CrawlArgs {
  std::vector<std::string> inputs;
  bool all = false;
  bool no_articles = false;
  bool wait = false;
  int concurrency = 16;
  int host_concurrency = 2;
  double host_delay = 1.0;
  double time_limit = 3600;  // seconds for the whole run; 0: none
  FetchFlags fetch;
  std::string user_agent;
  bool watch = false;
  std::string full_text;           // empty: each subscription's setting, else "always"
  bool allow_local_files = false;  // an OPML's local outlines outside its folder
};

// SIGINT/SIGTERM stop a crawl within a fraction of a second and lose nothing: transfers are
// cut, what was fetched is stored, and the rest stays due (--watch then exits rather than
// sleeping). A second signal quits at once (cli/stop_signal.h).
constexpr const char* kStopping =
    "byline: stopping: storing what was fetched (signal again to quit at once)\n";
constexpr const char* kStoppingAsleep = "byline: stopping (between runs: nothing under way)\n";

/// A command-line input that could not become a feed target (missing file, bad OPML, bad URL).
struct InputError {
  std::string input;
  Status status;
};

/// Skipped outlines listed one by one; a million of them are one line past these.
constexpr size_t kMaxListedSkips = 100;

/// Turns URLs, feed files and OPML files into crawl targets. Local files and file:// URLs the
/// user named may be read; file:// never comes from the web. An OPML's outlines may name local
/// files in its own folder (a corpus that moves as a whole); any other local file only with
/// --allow-local-files, as `feeds import` asks: a list from elsewhere must not read
/// ~/.ssh or /etc into the index.
void expand_input(const std::string& arg, std::vector<crawler::FeedTarget>& targets,
                  std::vector<InputError>& errors, bool allow_local_files, size_t& skipped,
                  bool quiet) {
  // Malformed URLs and other schemes were refused before the crawl (crawl_once).
  if (is_remote_url(arg)) {
    if (auto parts = crawler::parse_url(arg)) targets.push_back({parts->url, false, {}});
    return;
  }
  // Named by its file:// URL in the summary whether it was read or not, as a feed that was.
  const std::string url = starts_with_icase(arg, "file://") ? arg : crawler::file_url_for_path(arg);
  auto data = read_input(arg);
  if (!data) return errors.push_back({url, data.status()});
  if (sniff_input(arg, *data) != InputKind::kOpml) {
    targets.push_back({url, true, {}});
    return;
  }
  OpmlDropped dropped;
  auto outlines = parse_opml(*data, &dropped);
  if (!outlines)
    return errors.push_back({url, Status(ErrorCode::kBadInput, "cannot read OPML " + arg + ": " +
                                                                   outlines.status().message())});
  // What the parser's caps left out is said, as `feeds import` says it: the rest is crawled.
  for (const std::string& line : opml_dropped_warnings(dropped, outlines->size()))
    print_warning(arg + ": " + line, quiet);
  for (const OpmlOutline& o : *outlines) {
    if (o.xml_url.empty()) continue;
    // Relative xmlUrl values are resolved against the OPML file, so a corpus can move as a whole.
    auto resolved = crawler::resolve_url(url, o.xml_url);
    if (!resolved) {
      errors.push_back({o.xml_url, resolved.status()});
      continue;
    }
    const bool is_file = starts_with_icase(*resolved, "file:");
    if (is_file && !allow_local_files && !crawler::file_url_within_folder_of(*resolved, url)) {
      if (++skipped <= kMaxListedSkips)
        print_warning(arg + ": skipped the outline \"" +
                          truncate_utf8(sanitize_utf8(o.title.empty() ? o.xml_url : o.title), 120) +
                          "\": a local file outside the OPML's folder (" +
                          truncate_utf8(sanitize_utf8(*resolved), 200) +
                          "); --allow-local-files reads it",
                      quiet);
      continue;
    }
    targets.push_back({*resolved, is_file, o.tags});
  }
}

const char* outcome_name(crawler::FeedOutcome o) {
  switch (o) {
    case crawler::FeedOutcome::kUpdated:
      return "updated";
    case crawler::FeedOutcome::kNotModified:
      return "not_modified";
    case crawler::FeedOutcome::kFailed:
      return "failed";
    case crawler::FeedOutcome::kInterrupted:
      return "interrupted";
    case crawler::FeedOutcome::kDeferred:
      return "deferred";
  }
  return "failed";
}

/// Prints what the run did: the JSON summary, or the text summary on stdout (not with --quiet)
/// and every failure (feed, page, article) as one `byline: ...` line on stderr.
void print_summary(const crawler::CrawlReport& report, const std::vector<InputError>& input_errors,
                   size_t outlines_skipped, Format format, bool quiet) {
  int added = 0, updated = 0, unchanged = 0, failed_articles = 0, pages = 0, deferred = 0,
      page_failures = 0, robots_blocked = 0, over_cap = 0;
  const int interrupted = report.articles_interrupted();
  for (const auto& f : report.feeds) {
    added += f.stored.added;
    updated += f.stored.updated;
    unchanged += f.stored.unchanged;
    failed_articles += f.stored.failed;
    pages += f.pages_fetched;
    deferred += f.deferred;
    over_cap += f.over_cap;
    page_failures += f.page_failures;
    robots_blocked += f.robots_blocked;
  }
  const int failed =
      report.count(crawler::FeedOutcome::kFailed) + static_cast<int>(input_errors.size());
  if (format != Format::kText) {
    nlohmann::ordered_json feeds = nlohmann::ordered_json::array();
    for (const auto& f : report.feeds) {
      nlohmann::ordered_json failed_pages = nlohmann::ordered_json::array();
      for (const auto& p : f.failed_pages)
        failed_pages.push_back({{"url", jstr(p.url)}, {"error", jstr(p.error)}});
      nlohmann::ordered_json article_errors = nlohmann::ordered_json::array();
      for (const auto& e : f.stored.errors) article_errors.push_back(jstr(e));
      nlohmann::ordered_json j = {{"url", jstr(f.url)},
                                  {"outcome", outcome_name(f.outcome)},
                                  {"http_status", f.http_status},
                                  {"entries", f.entries},
                                  {"new_entries", f.new_entries},
                                  {"changed_entries", f.changed_entries},
                                  {"pages_fetched", f.pages_fetched},
                                  {"page_failures", f.page_failures},
                                  {"failed_pages", std::move(failed_pages)},
                                  {"robots_blocked", f.robots_blocked},
                                  {"deferred", f.deferred},
                                  {"interrupted", f.interrupted},
                                  {"over_cap", f.over_cap},
                                  {"added", f.stored.added},
                                  {"updated", f.stored.updated},
                                  {"unchanged", f.stored.unchanged},
                                  {"failed_articles", f.stored.failed},
                                  {"article_errors", std::move(article_errors)},
                                  {"seconds", std::round(f.seconds * 1000) / 1000}};
      if (f.next_due > 0) j["next_due"] = format_iso8601(f.next_due);
      if (!f.error.empty()) j["error"] = jstr(f.error);
      if (!f.warning.empty()) j["warning"] = jstr(f.warning);
      if (!f.moved_to.empty()) j["moved_to"] = jstr(f.moved_to);
      feeds.push_back(std::move(j));
    }
    for (const auto& e : input_errors)
      feeds.push_back(
          {{"url", jstr(e.input)}, {"outcome", "failed"}, {"error", jstr(e.status.message())}});
    const int feed_count = static_cast<int>(feeds.size());
    if (format == Format::kJsonl) {
      // One record per feed, then the totals as a record of their own.
      for (const auto& f : feeds) print_json(f, format);
      feeds = nlohmann::ordered_json::array();
    }
    nlohmann::ordered_json doc = {
        {"feeds", feeds},
        {"totals",
         {{"feeds", feed_count},
          {"updated", report.count(crawler::FeedOutcome::kUpdated)},
          {"not_modified", report.count(crawler::FeedOutcome::kNotModified)},
          {"failed", failed},
          {"interrupted", report.count(crawler::FeedOutcome::kInterrupted)},
          {"deferred", report.count(crawler::FeedOutcome::kDeferred)},
          {"pages_fetched", pages},
          {"pages_failed", page_failures},
          {"robots_blocked", robots_blocked},
          {"outlines_skipped", outlines_skipped},
          {"articles_added", added},
          {"articles_updated", updated},
          {"articles_unchanged", unchanged},
          {"articles_failed", failed_articles},
          {"articles_deferred", deferred},
          {"articles_interrupted", interrupted},
          {"articles_over_cap", over_cap},
          {"time_limit_reached",
           report.time_limit_reached && !report.interrupted && report.cut_short()},
          {"seconds", std::round(report.seconds * 1000) / 1000}}}};
    if (format == Format::kJsonl) doc.erase("feeds");
    print_json(doc, format);
    return;
  }
  if (!quiet) {
    const size_t crawled = report.feeds.size() + input_errors.size();
    std::cout << "crawled " << crawled << (crawled == 1 ? " feed in " : " feeds in ")
              << std::round(report.seconds * 10) / 10
              << " s: " << report.count(crawler::FeedOutcome::kUpdated) << " updated, "
              << report.count(crawler::FeedOutcome::kNotModified) << " not modified, " << failed
              << " failed";
    if (const int n = report.count(crawler::FeedOutcome::kInterrupted))
      std::cout << ", " << n
                << (report.index_status.ok() && report.flush_status.ok()
                        ? " not crawled (stopped)"
                        : " not stored (the index refused a write)");
    if (const int n = report.count(crawler::FeedOutcome::kDeferred))
      std::cout << ", " << n << " deferred (their server asked for a pause)";
    if (outlines_skipped) std::cout << ", " << outlines_skipped << " OPML outlines skipped";
    std::cout << "\narticles: " << added << " added, " << updated << " updated, " << unchanged
              << " unchanged";
    if (failed_articles) std::cout << ", " << failed_articles << " failed";
    std::cout << " (" << pages << " pages fetched";
    if (page_failures) std::cout << ", " << page_failures << " failed";
    if (robots_blocked) std::cout << ", " << robots_blocked << " disallowed by robots.txt";
    std::cout << ")\n";
    if (deferred)
      std::cout << "deferred: " << deferred
                << " new articles wait for the next run (the crawl's memory budget was reached)\n";
    if (over_cap)
      std::cout << "over cap: " << over_cap
                << " new articles wait for the next run (at most 500 a feed a run; the feed is due "
                   "again at once)\n";
    if (interrupted)
      std::cout << "stopped: " << interrupted
                << " new articles wait for the next run (their pages were not fetched)\n";
    for (const auto& f : report.feeds)
      if (!f.moved_to.empty())
        std::cout << "moved:  " << term(f.url) << " -> " << term(f.moved_to) << '\n';
    std::cout << std::flush;  // the summary first, then what failed, when both go to a terminal
  }
  std::vector<std::string> hints;  // each said once, after the failures it answers
  for (const auto& f : report.feeds) {
    if (f.outcome == crawler::FeedOutcome::kFailed) {
      std::cerr << "byline: feed " << term(f.url) << ": " << term(f.error) << '\n';
      if (!f.hint.empty() && std::find(hints.begin(), hints.end(), f.hint) == hints.end())
        hints.push_back(f.hint);
    }
    if (f.outcome != crawler::FeedOutcome::kFailed && !f.warning.empty())
      print_warning("feed " + f.url + ": " + f.warning, quiet);
    for (const auto& p : f.failed_pages) {
      std::cerr << "byline: page " << term(p.url) << ": " << term(p.error) << '\n';
      const std::string allow =
          "pass --allow-private-networks to allow loopback and private networks";
      if (crawler::is_private_address_refusal(p.error) &&
          std::find(hints.begin(), hints.end(), allow) == hints.end())
        hints.push_back(allow);
    }
    for (const auto& e : f.stored.errors)
      std::cerr << "byline: feed " << term(f.url) << ": article not indexed: " << term(e) << '\n';
  }
  for (const auto& e : input_errors)
    std::cerr << "byline: feed " << term(e.input) << ": " << term(e.status.message()) << '\n';
  const bool index_failed = !report.index_status.ok() || !report.flush_status.ok();
  if (const int n = report.count(crawler::FeedOutcome::kInterrupted);
      !index_failed && (n > 0 || interrupted > 0))
    std::cerr << "byline: the crawl was stopped by "
              << (report.interrupted || !report.time_limit_reached
                      ? "a signal"
                      : "its time limit (--time-limit)")
              << ": " << n << (n == 1 ? " feed" : " feeds") << " not crawled, " << interrupted
              << (interrupted == 1 ? " new article" : " new articles")
              << " left; they are due at the next run\n";
  if (!quiet)
    for (const auto& h : hints) std::cerr << "hint: " << term(h) << '\n';
}

/// One crawl; `next_due` receives the earliest time a subscribed feed falls due (0: none).
/// `first`: the first run of a --watch (or a crawl without it), which fails when there is
/// nothing to crawl at all.
int crawl_once(const CrawlArgs& args, Context& ctx, int64_t* next_due, bool first = true) {
  // A URL on the command line that cannot be one (`http://`, `ftp://x`) is a typo: said before
  // the index is opened or anything fetched, not as a failed feed in a crawl summary.
  for (const std::string& in : args.inputs) {
    // A feed's state (what was seen, its validators) is kept under its address, which standard
    // input has none of: `index -` reads one there. It was read, then "cannot read file:///…/-".
    if (in == "-")
      return ctx.fail(Status(ErrorCode::kUsage,
                             "crawl reads feeds at their address, not from standard input",
                             "`byline index -` indexes a feed's entries from standard input; "
                             "save it to a file to crawl it and the pages it links to"));
    if (is_remote_url(in)) {
      if (auto parts = crawler::parse_url(in); !parts) return ctx.fail(parts.status());
    } else if (is_unread_url(in) ||
               (in.find("://") != std::string::npos && !starts_with_icase(in, "file://"))) {
      return ctx.fail(Status(ErrorCode::kUsage, "unsupported URL scheme: " + in,
                             "feeds are fetched over http, https or file URLs"));
    }
  }
  IndexOptions index_options;
  index_options.wait_for_lock = args.wait || args.watch;
  // A scheduled run crawls the index's subscriptions: where there is no index, it has none,
  // and making one would hide a mistyped --db from the next run too (audit of session 46).
  index_options.create = !args.inputs.empty();
  index_options.cancel = &stop_requested();  // a stop signal ends a wait for the lock
  // The wait for the lock is part of the run's time: cron runs must not pile up behind a
  // writer that stays (docs/cron.md).
  index_options.wait_seconds = args.time_limit;
  const auto started = std::chrono::steady_clock::now();
  auto path = ctx.db_path();
  if (!path) return ctx.fail(path.status());
  // A stop while waiting for the lock is said by the wait's own error, alone.
  set_stop_message("");
  auto writer = IndexWriter::open(*path, index_options);
  set_stop_message(kStopping);
  // Said as an index without subscriptions is (exit 2), before a --watch sleeps on for ever.
  if (!writer && writer.status().code() == ErrorCode::kNotFound && args.inputs.empty() && first)
    return ctx.fail(
        Status(ErrorCode::kUsage,
               "no feeds to crawl: " + writer.status().message() + " (so no subscriptions)",
               "subscribe with `byline feeds add URL` (it makes the index), or name "
               "feeds or OPML files"));
  if (!writer) return ctx.fail(writer.status());
  const double waited =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::vector<crawler::FeedTarget> targets;
  std::vector<InputError> input_errors;
  size_t outlines_skipped = 0;  // OPML outlines naming local files outside their folder
  auto loaded = load_subscriptions(**writer);
  if (!loaded) return ctx.fail(loaded.status());  // not "no feeds to crawl" (exit 2)
  std::vector<Subscription> subs = std::move(*loaded);
  if (args.inputs.empty()) {
    // Scheduled run: the subscribed feeds that are due (every one with --all).
    IndexCrawlSink probe(**writer);
    const int64_t now = static_cast<int64_t>(time(nullptr));
    for (const Subscription& s : subs) {
      crawler::FeedState st = probe.load_feed_state(s.url);
      // A feed refused for its private address is due as soon as the user allows those: its
      // backoff waited for that flag, not for the feed.
      const bool now_allowed =
          args.fetch.allow_private && crawler::is_private_address_refusal(st.last_error);
      if (!args.all &&
          (st.disabled || (!crawler::is_due(st.next_due, st.last_attempt, now) && !now_allowed)))
        continue;
      targets.push_back({s.url, starts_with_icase(s.url, "file:"), s.tags});
    }
    // Named: a mistyped --db or another BYLINE_DB in a unit is a new, empty index. A --watch
    // that started so slept on without a word (audit of session 46); once under way, it waits
    // for feeds to be added again.
    if (subs.empty() && first)
      return ctx.fail(Status(ErrorCode::kUsage,
                             "no feeds to crawl: index " + *path + " has no subscriptions",
                             "name feeds or OPML files, or subscribe with `byline feeds add URL`"));
  } else {
    size_t& skipped = outlines_skipped;
    for (const std::string& in : args.inputs)
      expand_input(in, targets, input_errors, args.allow_local_files, skipped, ctx.quiet);
    if (skipped > kMaxListedSkips)
      print_warning("skipped " + std::to_string(skipped) +
                        " outlines naming local files outside their OPML's folder "
                        "(--allow-local-files reads them)",
                    ctx.quiet);
    // A feed named twice (under two OPML folders, say) is one target with the tags of both;
    // the crawl would keep only the first.
    std::vector<crawler::FeedTarget> merged;
    std::unordered_map<std::string, size_t> at;  // URL -> its place in `merged`
    for (auto& t : targets) {
      auto [it, first] = at.emplace(t.url, merged.size());
      if (first) {
        merged.push_back(std::move(t));
        continue;
      }
      crawler::FeedTarget* same = &merged[it->second];
      same->allow_file |= t.allow_file;
      for (auto& tag : t.tags)
        if (std::find(same->tags.begin(), same->tags.end(), tag) == same->tags.end())
          same->tags.push_back(std::move(tag));
    }
    targets = std::move(merged);
  }
  // Looked up by URL: an OPML of 100,000 outlines against as many subscriptions.
  std::unordered_map<std::string_view, const Subscription*> subscribed;
  for (const Subscription& s : subs) subscribed[s.url] = &s;  // the last, as before
  // Named feeds that are subscribed keep their tags.
  if (!args.inputs.empty())
    for (auto& t : targets)
      if (auto it = subscribed.find(t.url); it != subscribed.end() && t.tags.empty())
        t.tags = it->second->tags;

  // Full-text mode: the command line wins, then the subscription, then "always" (the page's
  // canonical URL gives the article its id, whichever feed or file it came from).
  for (auto& t : targets) {
    std::string mode = args.full_text;
    if (auto it = subscribed.find(t.url); mode.empty() && it != subscribed.end())
      mode = it->second->full_text;
    t.full_text = crawler::full_text_from_string(mode).value_or(crawler::FullText::kAlways);
  }

  crawler::CrawlOptions options;
  options.fetch_articles = !args.no_articles;
  options.fetch = args.fetch.options();
  // The option checks keep these in range.
  options.fetch.max_concurrency = args.concurrency;
  options.fetch.host_concurrency = args.host_concurrency;
  options.fetch.host_delay_seconds = args.host_delay;
  options.fetch.user_agent = args.user_agent;
  options.stop = &stop_requested();
  // What the wait left of it (at least a second, or the whole limit when shorter: the lock is
  // had, and the due feeds are known; a limit under a second was a second: audit).
  options.max_seconds =
      args.time_limit > 0 ? std::max(args.time_limit - waited, std::min(args.time_limit, 1.0)) : 0;
  const bool progress = redrawn_stderr(ctx.quiet);
  size_t done = 0;
  const size_t total = targets.size();
  if (progress)
    options.on_feed_done = [&done, total](const crawler::FeedReport& f) {
      std::cerr << "\r\033[K[" << ++done << "/" << total << "] "
                << truncate_utf8(strip_controls(f.url), 70) << std::flush;
    };

  IndexCrawlSink sink(**writer);
  crawler::CrawlReport report = crawler::crawl_feeds(targets, sink, options);
  if (progress && total > 0) std::cerr << "\r\033[K" << std::flush;

  // The index refused a write (a full disk, a broken index): said once, as the run's outcome.
  const Status index_failure =
      !report.index_status.ok() ? report.index_status : report.flush_status;
  // Feeds that moved permanently on enough consecutive runs: the subscription follows them, and
  // so does their state (validators, seen GUIDs), so nothing is fetched twice after the move.
  bool subs_changed = false;
  IndexCrawlSink states(**writer);
  for (const auto& f : report.feeds) {
    if (f.moved_to.empty()) continue;
    auto target = std::find_if(subs.begin(), subs.end(),
                               [&f](const Subscription& s) { return s.url == f.moved_to; });
    const bool already = target != subs.end();
    for (auto it = subs.begin(); it != subs.end();) {
      if (it->url != f.url) {
        ++it;
        continue;
      }
      subs_changed = true;
      if (already) {
        // The new address is subscribed already: one subscription, with what the user said of
        // either (its tags, a full-text setting the other lacks).
        for (const std::string& t : it->tags)
          if (std::find(target->tags.begin(), target->tags.end(), t) == target->tags.end())
            target->tags.push_back(t);
        if (target->full_text.empty()) target->full_text = it->full_text;
        if (target->title.empty()) target->title = it->title;
        it = subs.erase(it);
        target = std::find_if(subs.begin(), subs.end(),
                              [&f](const Subscription& s) { return s.url == f.moved_to; });
        continue;
      }
      it->url = f.moved_to;
      ++it;
    }
    crawler::FeedState old_state = states.load_feed_state(f.url);
    crawler::FeedState st;
    if (already) {
      // The new address keeps its own validators and schedule; it learns what the old one had
      // seen, so nothing is fetched twice.
      st = states.load_feed_state(f.moved_to);
      std::vector<std::string> ids = st.seen_ids;
      ids.insert(ids.end(), old_state.seen_ids.begin(), old_state.seen_ids.end());
      st.seen_ids.clear();
      st.remember(ids);
    } else {
      st = std::move(old_state);
      st.url = f.moved_to;
      st.moved_to.clear();
      st.moved_count = 0;
    }
    // What came from the old address is found by `feed:NEW` as well.
    if (auto relabelled = (*writer)->add_feed_url(f.url, f.moved_to); !relabelled)
      input_errors.push_back({f.url, relabelled.status()});
    Status s = (*writer)->set_metadata(feed_state_key(f.moved_to), st.to_json());
    if (s.ok()) s = (*writer)->set_metadata(feed_state_key(f.url), "");  // empty: deleted
    if (!s.ok()) input_errors.push_back({f.url, s});
    subs_changed = true;
  }
  if (subs_changed) {
    Status s = save_subscriptions(**writer, subs);
    if (s.ok()) s = (*writer)->commit();
    if (!s.ok()) input_errors.push_back({"subscriptions", s});
  }

  if (next_due) {
    *next_due = 0;
    IndexCrawlSink states(**writer);
    for (const Subscription& s : subs) {
      crawler::FeedState st = states.load_feed_state(s.url);
      if (st.disabled) continue;
      if (*next_due == 0 || st.next_due < *next_due) *next_due = st.next_due;
    }
  }
  // A watching daemon reports only runs that did something or failed.
  if (!args.watch || !report.feeds.empty() || !input_errors.empty() || !index_failure.ok())
    print_summary(report, input_errors, outlines_skipped, parse_format(ctx.format), ctx.quiet);
  if (!index_failure.ok()) {
    // Not a partial success: nothing fetched since the last commit was kept, and a timer's
    // unit must see the failure (exit 10 is success to it).
    ctx.fail(Status(index_failure.code(),
                    "index: " + index_failure.message() +
                        "; the crawl stopped, and what was fetched since the last commit is due "
                        "again",
                    index_failure.hint()));
    return exit_code(index_failure.code());
  }
  const int failed =
      report.count(crawler::FeedOutcome::kFailed) + static_cast<int>(input_errors.size());
  if (report.cut_short()) return exit_code(ErrorCode::kInterrupted);
  // A page that could not be fetched, or an article that could not be indexed, is an input of
  // the run that failed too, even when its feed was read.
  bool some_pages_failed = false;
  for (const auto& f : report.feeds)
    some_pages_failed |= f.page_failures > 0 || f.stored.failed > 0;
  if (failed == 0) return some_pages_failed ? exit_code(ErrorCode::kPartial) : 0;
  // A feed its server's pause held back (deferred) was not asked for: it counts either way.
  const size_t all = report.feeds.size() + input_errors.size() -
                     static_cast<size_t>(report.count(crawler::FeedOutcome::kDeferred));
  if (static_cast<size_t>(failed) < all) return exit_code(ErrorCode::kPartial);
  // Every feed failed: the first failure's own code says most (network, not found, ...).
  for (const auto& f : report.feeds)
    if (f.outcome == crawler::FeedOutcome::kFailed && f.code != ErrorCode::kOk)
      return exit_code(f.code);
  if (!input_errors.empty()) return exit_code(input_errors.front().status.code());
  return exit_code(ErrorCode::kNetwork);
}

/// --watch: crawl what is due, sleep until the next feed falls due, repeat until a signal.
int watch(const CrawlArgs& args, Context& ctx) {
  if (!args.inputs.empty())
    return ctx.fail(Status(ErrorCode::kUsage, "--watch crawls the subscribed feeds; name none",
                           "subscribe with `byline feeds add URL` or `byline feeds import FILE`"));
  catch_stop_signals(kStopping);
  for (bool first = true; !stop_requested(); first = false) {
    int64_t next_due = 0;
    int code = crawl_once(args, ctx, &next_due, first);
    // Nothing to crawl at all (no index, no subscriptions), said once: a unit restarts it.
    if (first && code == exit_code(ErrorCode::kUsage)) return code;
    // Index problems (corrupt, newer schema, a full disk) will not fix themselves: crawling
    // on would fetch the feeds again each time and store nothing.
    if (code == exit_code(ErrorCode::kIndexVersion) ||
        code == exit_code(ErrorCode::kIndexCorrupt) || code == exit_code(ErrorCode::kNoSpace))
      return code;
    std::cout << std::flush;
    // Asleep, nothing is under way: a stop has nothing to store.
    set_stop_message(kStoppingAsleep);
    const int64_t now = static_cast<int64_t>(time(nullptr));
    // Wake for the next due feed, but at least every 5 minutes to see new subscriptions.
    int64_t sleep_s = next_due > now ? std::min<int64_t>(next_due - now, 300) : 30;
    for (int64_t i = 0; i < sleep_s * 10 && !stop_requested(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    set_stop_message(kStopping);
  }
  return 0;
}

int run_crawl(const CrawlArgs& args, Context& ctx) {
  if (args.all && !args.inputs.empty())
    return ctx.fail(Status(ErrorCode::kUsage,
                           "--all crawls every subscribed feed; name none with it",
                           "drop --all to crawl just the named feeds"));
  if (args.watch) return watch(args, ctx);
  catch_stop_signals(kStopping);
  return crawl_once(args, ctx, nullptr);
}

}  // namespace

void add_crawl_command(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<CrawlArgs>();
  auto* sub = app.add_subcommand(
      "crawl", "Fetch feeds (http, https, file) and the articles they link to into the index");
  sub->footer(
      "Examples:\n"
      "  byline crawl samples/feeds.opml\n"
      "  byline crawl https://example.com/feed.xml ./saved-feed.xml\n"
      "  byline crawl                 # the subscribed feeds that are due (see `byline feeds`)\n"
      "  byline crawl --all --format json\n"
      "  byline crawl --watch         # a daemon (see docs/systemd/)\n\n"
      "Exit codes: 0 every feed and page ok; 10 some feeds, linked pages or articles failed (each\n"
      "listed on stderr, or in the JSON summary; a page robots.txt disallows is no failure);\n"
      "otherwise the code of the failure when every feed failed (5 network, 3 not found, 4 bad\n"
      "feed, 7 locked; a feed not asked for because its server asked for a pause, `deferred`,\n"
      "counts for neither); 2 no inputs and no subscriptions; 12 no room to write (a full disk, a\n"
      "quota or a file size limit) and 9 a damaged index: the crawl stopped there, what was not\n"
      "committed is due again, and --watch exits too; 11 SIGINT, SIGTERM or SIGHUP, or\n"
      "--time-limit, stopped the crawl: transfers were cut, what was fetched is stored, and the\n"
      "rest is due at the next run (a second signal quits at once).");
  sub->add_option("inputs", args->inputs,
                  "feed URLs, feed files or OPML files (none: subscribed feeds that are due)")
      ->check(a_name("a feed's URL or file, or an OPML file"));
  sub->add_flag("--all", args->all, "with no inputs: crawl every subscribed feed, due or not");
  sub->add_flag("--no-articles", args->no_articles,
                "index the feeds' own text; do not fetch linked pages");
  sub->add_option("--full-text", args->full_text,
                  "fetch linked pages: always, auto (only when the feed has summaries), never "
                  "(default: each subscription's setting, else always)")
      ->check(CLI::IsMember({"always", "auto", "never"}));
  sub->add_flag("--watch", args->watch,
                "run as a daemon: crawl subscribed feeds as they fall due until SIGTERM, SIGINT "
                "or SIGHUP (it stops as a crawl without --watch does, and exits 0)");
  sub->add_flag("--wait", args->wait,
                "wait for another writer to release the index instead of failing");
  sub->add_flag("--allow-local-files", args->allow_local_files,
                "read an OPML's outlines that name local files outside the OPML's folder "
                "(skipped by default)");
  // Out-of-range values are usage errors (exit 2), never quietly clamped to something else.
  sub->add_option("--concurrency", args->concurrency, "transfers in flight, all sites")
      ->transform(whole_number_from(1, 1000))
      ->capture_default_str();
  sub->add_option("--host-concurrency", args->host_concurrency,
                  "transfers in flight per site (registrable domain, by the Public Suffix List)")
      ->transform(whole_number_from(1, 100))
      ->capture_default_str();
  sub->add_option("--host-delay", args->host_delay, "minimum seconds between requests to one site")
      ->check(number_from(0, 3600))
      ->capture_default_str();
  sub->add_option("--time-limit", args->time_limit,
                  "seconds for the whole run, 0 for none, the --wait for the lock included (past "
                  "it, a wait ends with exit 7); then it stops as on SIGTERM (each transfer has "
                  "its own --timeout)")
      ->check(number_from(0, 1e7))
      ->capture_default_str();
  add_fetch_flags(sub, args->fetch);
  sub->add_option("--user-agent", args->user_agent,
                  "User-Agent header (default: byline/VERSION (+URL))");
  add_format_option(sub, ctx);
  sub->callback([args, &ctx] { ctx.exit_code = run_crawl(*args, ctx); });
}

}  // namespace byline::cli
