// byline feeds add|rm|ls|import|export: the subscription list scheduled crawls use.
#include <algorithm>
#include <cctype>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <unordered_map>
#include <unordered_set>

#include "byline/feed.h"
#include "byline/index.h"
#include "byline/search.h"
#include "cli/command.h"
#include "cli/crawl_sink.h"
#include "cli/fetch_flags.h"
#include "cli/input.h"
#include "common/datetime.h"
#include "common/text.h"
#include "crawler/discovery.h"
#include "crawler/schedule.h"
#include "crawler/url.h"

namespace byline::cli {

namespace {

struct FeedsArgs {
  std::vector<std::string> urls;
  std::vector<std::string> tags;
  std::string file;
  bool wait = false;
  bool no_discover = false;
  FetchFlags fetch{.timeout = 20};  // discovery: a page and its feed, no more
  std::string full_text;
  bool allow_local_files = false;
  bool replace = false;  // feeds import: the OPML's feeds become the list
};

/// True for a feed read from this machine: a file:// URL or a path (what resolve_url makes of
/// an OPML's relative xmlUrl is a file:// URL already).
bool is_local_feed(const std::string& url) {
  return !is_remote_url(url) && (starts_with_icase(url, "file:") || !has_url_scheme(url));
}

/// A feed URL as stored: http(s) normalised; a local path becomes a file:// URL. A local file
/// must exist and be a file (even with --no-discover: checking costs no fetch), so a typo is
/// not subscribed to in silence.
Result<std::string> normalise_feed_url(const std::string& in) {
  if (is_remote_url(in)) {
    auto parts = crawler::parse_url(in);
    if (!parts) return parts.status();
    return parts->url;
  }
  const bool file_url = starts_with_icase(in, "file://");
  std::error_code ec;
  const bool exists = std::filesystem::exists(local_path(in), ec);
  if (!file_url && (in.find("://") != std::string::npos || (has_url_scheme(in) && !exists)))
    return Result<std::string>(ErrorCode::kUsage, "unsupported URL scheme: " + in,
                               "feeds are fetched over http, https or file URLs");
  if (!exists)
    return Result<std::string>(ErrorCode::kNotFound, "no such file: " + in,
                               "name a feed file, or a web feed's URL with https://");
  if (std::filesystem::is_directory(local_path(in), ec))
    return Result<std::string>(ErrorCode::kBadInput, in + " is a directory, not a feed",
                               "name a feed file in it");
  if (!file_url) return crawler::file_url_for_path(in);
  auto parts = crawler::parse_url(in);
  if (!parts) return parts.status();
  return parts->url;
}

/// The --tag values as `feeds import` reads them back from `feeds export`, so a backup restores
/// the tags a crawl puts on articles (`tag:` queries). A comma cannot come back, so it is refused
/// rather than changed.
Result<std::vector<std::string>> normalise_tags(const std::vector<std::string>& given) {
  std::vector<std::string> tags;
  for (const std::string& g : given) {
    if (g.find(',') != std::string::npos)
      return Result<std::vector<std::string>>(
          ErrorCode::kUsage, "a tag cannot hold a comma: \"" + term(g) + "\"",
          "OPML's category lists tags separated by commas (feeds export, feeds import); give "
          "each tag its own --tag");
    // Export drops control characters too (XML forbids most of them).
    const std::string t = opml_tag(strip_controls(g));
    if (t.empty())
      return Result<std::vector<std::string>>(ErrorCode::kUsage, "empty tag: \"" + term(g) + "\"",
                                              "give --tag a word (a leading '/' is dropped)");
    if (std::find(tags.begin(), tags.end(), t) == tags.end()) tags.push_back(t);
  }
  return tags;
}

/// A reader for `feeds ls` and `feeds export`: they take no write lock, so they work while a
/// crawl or an index run holds it. A missing index is "no index at ..." (exit 3), as for
/// `byline search`: an empty list would let a backup with a mistyped --db pass for one.
Result<std::unique_ptr<Searcher>> open_reader(Context& ctx) {
  auto path = ctx.db_path(/*read_only=*/true);
  if (!path) return path.status();
  return Searcher::open(*path);
}

Result<std::vector<Subscription>> read_subscriptions(Searcher* reader) {
  auto json = reader->metadata(kSubscriptionsKey);
  if (!json) return json.status();
  return parse_subscriptions(*json);
}

/// A feed subscribed anew, or named again while subscribed: a 410 that disabled it for good
/// (`feeds rm` keeps its state) is forgotten, and the next scheduled crawl fetches it
/// (docs/cron.md). Its seen entries are kept, so nothing already indexed is fetched again.
/// True when it was disabled.
Result<bool> enable_again(IndexWriter& w, const std::string& url) {
  auto json = w.metadata(feed_state_key(url));
  if (!json) return json.status();
  crawler::FeedState st = parse_feed_state(url, *json);
  if (!st.disabled) return false;
  st.disabled = false;
  st.error_count = 0;
  st.last_error.clear();
  st.next_due = 0;
  if (Status s = w.set_metadata(feed_state_key(url), st.to_json()); !s.ok()) return s;
  return true;
}

/// Records a feed's own title in its state when the state has none yet.
Status note_feed_title(IndexWriter& w, const std::string& url, const std::string& title) {
  auto json = w.metadata(feed_state_key(url));
  if (!json) return json.status();
  crawler::FeedState st = parse_feed_state(url, *json);
  if (!st.title.empty()) return Status();
  st.title = one_line(title);  // as a crawl keeps it
  return w.set_metadata(feed_state_key(url), st.to_json());
}

/// "; 2 enabled again" for a summary line; nothing when none was.
std::string enabled_again_note(int n) {
  return n ? "; " + std::to_string(n) + " enabled again" : std::string();
}

/// The subscription list being edited, with each URL's place in it: an import looks every
/// outline up once (a scan of the list per outline made 100,000 outlines take 20 s, all under
/// the write lock).
class SubscriptionList {
 public:
  explicit SubscriptionList(std::vector<Subscription> subs) : subs_(std::move(subs)) {
    at_.reserve(subs_.size());
    for (size_t i = 0; i < subs_.size(); ++i) at_.emplace(subs_[i].url, i);  // the first, as before
  }

  /// Adds `url` with `tags`, or merges the tags into an existing subscription; true when new.
  bool subscribe(const std::string& url, std::string title, std::vector<std::string> tags,
                 const std::string& full_text = {}) {
    title = one_line(title);
    for (std::string& t : tags) t = one_line(t);
    std::erase_if(tags, [](const std::string& t) { return t.empty(); });
    auto [it, added] = at_.emplace(url, subs_.size());
    if (added) {
      subs_.push_back({url, title, tags, full_text});
      return true;
    }
    Subscription& s = subs_[it->second];
    if (!full_text.empty()) s.full_text = full_text;
    // As many tags as an outline holds: a list that names one feed again and again with new
    // categories would otherwise grow, and each look-up in it, without bound.
    for (const auto& t : tags)
      if (s.tags.size() < kMaxEntryListItems &&
          std::find(s.tags.begin(), s.tags.end(), t) == s.tags.end())
        s.tags.push_back(t);
    if (s.title.empty()) s.title = title;
    return false;
  }

  const std::vector<Subscription>& subs() const { return subs_; }
  size_t size() const { return subs_.size(); }

 private:
  std::vector<Subscription> subs_;
  std::unordered_map<std::string, size_t> at_;  // URL -> its place in subs_
};

int feeds_add(const FeedsArgs& a, Context& ctx) {
  auto tags = normalise_tags(a.tags);
  if (!tags) return ctx.fail(tags.status());
  auto w = open_index_for_edit(ctx, a.wait, /*create=*/true);
  if (!w) return ctx.fail(w.status());
  auto loaded = load_subscriptions(**w);
  if (!loaded) return ctx.fail(loaded.status());
  SubscriptionList subs(std::move(*loaded));
  int added = 0, enabled = 0;
  const crawler::FetchOptions fetch = a.fetch.options();
  // A feed that cannot be subscribed is said, and the others named with it are subscribed all
  // the same (exit 10), as `feeds rm` does; when every one fails, its code.
  size_t failed = 0;
  ErrorCode first_failure = ErrorCode::kOk;
  auto fail_one = [&](const Status& s) {
    ctx.fail(s);
    if (failed++ == 0) first_failure = s.code();
  };
  for (const auto& in : a.urls) {
    auto url = normalise_feed_url(in);
    if (!url) {
      fail_one(url.status());
      continue;
    }
    std::string feed_url = *url, title, feed_title;
    const bool local = !is_remote_url(*url);
    if (!a.no_discover) {
      // A site's home page or an article is fine: its feed is found from the page. A local
      // file is read the same way, so one that is neither a feed nor links to one is refused.
      std::string note;
      auto found = crawler::discover_feeds(*url, fetch, &note);
      if (!note.empty()) print_warning(*url + ": " + note, ctx.quiet);
      if (found.ok()) {
        feed_url = found->front().url;
        title = found->front().title;
        feed_title = found->front().feed_title;
        if (feed_url != *url && !ctx.quiet)
          std::cout << "found feed " << term(feed_url)
                    << (title.empty() ? "" : " (" + term(title) + ")") << '\n';
      } else if (local && found.status().code() == ErrorCode::kNotFound) {
        auto head = read_input(in);
        const bool opml = head.ok() && sniff_input(in, *head) == InputKind::kOpml;
        fail_one(Status(ErrorCode::kNotFound, in + " is not a feed and links to none",
                        opml ? "it is an OPML list: `byline feeds import " + in + "`"
                             : "name an RSS, Atom or JSON feed file"));
        continue;
      } else if (local || found.status().code() == ErrorCode::kNotFound) {
        fail_one(found.status());
        continue;
      } else if (!ctx.quiet) {
        // Down for now is not gone: subscribe anyway, the crawl will retry with backoff.
        std::cerr << "byline: warning: cannot check " << term(*url) << ": "
                  << term(found.status().message()) << "; subscribed anyway\n";
      }
    }
    // A page's link names its feed "RSS" or "Main" as often as not: the feed's own title,
    // once crawled, says more. A feed named directly gave its own.
    const bool is_new =
        subs.subscribe(feed_url, feed_url == *url ? title : std::string(), *tags, a.full_text);
    auto again = enable_again(**w, feed_url);
    if (!again) return ctx.fail(again.status());
    // The feed's own title, fetched to check it, is what `feeds ls` shows before a crawl
    // (a crawl keeps it up to date).
    if (!feed_title.empty())
      if (Status s = note_feed_title(**w, feed_url, feed_title); !s.ok()) return ctx.fail(s);
    if (is_new) {
      ++added;
    } else if (*again) {  // a feed already subscribed is not new, but it is fetched again
      ++enabled;
      if (!ctx.quiet)
        std::cout << "enabled again: " << term(feed_url) << " (disabled after 410 Gone)\n";
    }
  }
  if (failed == a.urls.size()) return exit_code(first_failure);
  if (Status s = save_subscriptions(**w, subs.subs()); !s.ok()) return ctx.fail(s);
  if (Status s = (*w)->commit(); !s.ok()) return ctx.fail(s);
  if (!ctx.quiet)
    std::cout << "subscribed to " << added << " new feed(s); " << subs.size() << " in all"
              << enabled_again_note(enabled) << '\n';
  return failed > 0 ? exit_code(ErrorCode::kPartial) : 0;
}

int feeds_rm(const FeedsArgs& a, Context& ctx) {
  // No index is no subscription: a mistyped --db is said, and no empty index is left there.
  auto w = open_index_for_edit(ctx, a.wait, /*create=*/false);
  if (!w) return ctx.fail(w.status());
  auto loaded = load_subscriptions(**w);
  if (!loaded) return ctx.fail(loaded.status());
  auto subs = std::move(*loaded);
  size_t before = subs.size();
  // One pass over the list, whatever the number of names (each was a pass); a feed named
  // twice (as given, and normalised) is found by both names.
  std::unordered_map<std::string, std::vector<size_t>> names;  // URL -> the arguments naming it
  for (size_t i = 0; i < a.urls.size(); ++i) {
    const std::string& in = a.urls[i];
    auto url = normalise_feed_url(in);
    names[url ? *url : in].push_back(i);
    if (url && *url != in) names[in].push_back(i);
  }
  std::vector<bool> found(a.urls.size(), false);
  std::erase_if(subs, [&](const Subscription& s) {
    const auto it = names.find(s.url);
    if (it == names.end()) return false;
    for (size_t i : it->second) found[i] = true;
    return true;
  });
  std::vector<std::string> missing;  // named, as `byline remove` does, so a typo is seen
  for (size_t i = 0; i < a.urls.size(); ++i)
    if (!found[i]) missing.push_back(a.urls[i]);
  if (subs.size() == before)
    return ctx.fail(Status(ErrorCode::kNotFound,
                           a.urls.size() == 1 ? "not subscribed: " + term(a.urls[0])
                                              : "none of these is a subscription",
                           "see `byline feeds ls`"));
  if (Status s = save_subscriptions(**w, subs); !s.ok()) return ctx.fail(s);
  if (Status s = (*w)->commit(); !s.ok()) return ctx.fail(s);
  if (!ctx.quiet) std::cout << "removed " << before - subs.size() << " feed(s)\n";
  for (const auto& m : missing) std::cerr << "byline: not subscribed: " << term(m) << '\n';
  return missing.empty() ? 0 : exit_code(ErrorCode::kPartial);
}

int feeds_ls(Context& ctx) {
  auto reader = open_reader(ctx);
  if (!reader) return ctx.fail(reader.status());
  auto subs = read_subscriptions(reader->get());
  if (!subs) return ctx.fail(subs.status());
  const Format f = parse_format(ctx.format);
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const Subscription& s : *subs) {
    auto state_json = (*reader)->metadata(feed_state_key(s.url));
    if (!state_json) return ctx.fail(state_json.status());
    crawler::FeedState st = parse_feed_state(s.url, *state_json);
    const std::string title = s.title.empty() ? st.title : s.title;
    if (f == Format::kText) {
      std::cout << term(s.url);
      if (!title.empty()) std::cout << "  " << term(title);
      if (!s.tags.empty()) {
        std::cout << "  [";
        for (size_t i = 0; i < s.tags.size(); ++i) std::cout << (i ? ", " : "") << term(s.tags[i]);
        std::cout << "]";
      }
      if (st.disabled)
        std::cout << "  (disabled: gone)";
      else if (st.error_count > 0)
        std::cout << "  (" << st.error_count << (st.error_count == 1 ? " failure: " : " failures: ")
                  << term(st.last_error) << ")";
      if (!st.disabled && !st.page_retries.empty())
        std::cout << "  (" << st.page_retries.size()
                  << (st.page_retries.size() == 1 ? " page" : " pages") << " to ask for again)";
      // When a scheduled crawl fetches it next ("now": never fetched, or due, or due at a time
      // only a wrong clock could have set).
      if (!st.disabled)
        std::cout << "  next: "
                  << (crawler::is_due(st.next_due, st.last_attempt, std::time(nullptr))
                          ? "now"
                          : format_iso8601(st.next_due));
      std::cout << '\n';
      continue;
    }
    nlohmann::ordered_json tags = nlohmann::ordered_json::array();
    for (const auto& t : s.tags) tags.push_back(jstr(t));
    nlohmann::ordered_json j = {{"url", jstr(s.url)},
                                {"title", jstr(title)},
                                {"tags", tags},
                                {"full_text", s.full_text.empty() ? "always" : s.full_text},
                                {"disabled", st.disabled},
                                {"error_count", st.error_count},
                                {"pages_to_retry", st.page_retries.size()}};
    j["last_success"] = st.last_success ? nlohmann::ordered_json(format_iso8601(st.last_success))
                                        : nlohmann::ordered_json(nullptr);
    j["next_due"] = st.next_due ? nlohmann::ordered_json(format_iso8601(st.next_due))
                                : nlohmann::ordered_json(nullptr);
    // The text's "next: now": next_due alone is null for a feed never fetched, and a past
    // or wrong-clock time for one that is due.
    j["due"] = !st.disabled && crawler::is_due(st.next_due, st.last_attempt, std::time(nullptr));
    if (!st.last_error.empty()) j["last_error"] = jstr(st.last_error);
    if (f == Format::kJsonl)
      print_json(j, f);
    else
      list.push_back(std::move(j));
  }
  if (f == Format::kJson) print_json({{"feeds", list}}, f);
  return 0;
}

int feeds_import(const FeedsArgs& a, Context& ctx) {
  auto extra_tags = normalise_tags(a.tags);
  if (!extra_tags) return ctx.fail(extra_tags.status());
  auto data = read_input(a.file);
  if (!data) return ctx.fail(data.status());
  OpmlDropped dropped;
  auto outlines = parse_opml(*data, &dropped);
  if (!outlines) return ctx.fail(outlines.status());
  // Left out by the parser's caps: said, and counted with the outlines skipped below.
  for (const std::string& line : opml_dropped_warnings(dropped, outlines->size()))
    print_warning(a.file + ": " + line, ctx.quiet);
  auto w = open_index_for_edit(ctx, a.wait, /*create=*/true);
  if (!w) return ctx.fail(w.status());
  // --replace reads no list: it is the way out when the one stored is unreadable.
  auto loaded = a.replace ? Result<std::vector<Subscription>>(std::vector<Subscription>{})
                          : load_subscriptions(**w);
  if (!loaded) return ctx.fail(loaded.status());
  // What --replace finds subscribed already (when the list reads): "new" is news to it.
  std::unordered_set<std::string> before;
  if (a.replace)
    if (auto old = load_subscriptions(**w); old.ok())
      for (const Subscription& s : *old) before.insert(s.url);
  SubscriptionList subs(std::move(*loaded));
  const std::string base =
      starts_with_icase(a.file, "file://") ? a.file : crawler::file_url_for_path(a.file);
  int added = 0, enabled = 0;
  size_t skipped = dropped.too_deep + dropped.past_cap;
  const size_t not_feeds = dropped.links + dropped.includes;
  constexpr size_t kMaxListedSkips = 100;
  size_t listed = 0;  // outlines skipped one by one
  for (const OpmlOutline& o : *outlines) {
    if (o.xml_url.empty()) continue;
    // The checks `feeds add` makes: a scheme byline fetches, a local file that exists.
    auto url = crawler::resolve_url(base, o.xml_url);
    std::string why;
    if (url && !a.allow_local_files && is_local_feed(*url)) {
      // A list from elsewhere must not make every scheduled crawl read local files
      // (file:///etc/shadow). Asked before the file is looked for: nothing is told of it.
      why = "a local file (" + *url + "); --allow-local-files imports it";
    } else {
      if (url) url = normalise_feed_url(*url);
      if (!url) why = url.status().message();
    }
    if (!why.empty()) {
      // Listed up to a point: a million outlines of local paths are one line past it.
      if (++listed <= kMaxListedSkips)
        print_warning("skipped the outline \"" +
                          truncate_utf8(sanitize_utf8(o.title.empty() ? o.xml_url : o.title), 120) +
                          "\": " + why,
                      ctx.quiet);
      ++skipped;
      continue;
    }
    std::vector<std::string> tags = o.tags;
    for (const auto& t : *extra_tags)
      if (std::find(tags.begin(), tags.end(), t) == tags.end()) tags.push_back(t);
    const bool is_new = subs.subscribe(*url, o.title, tags, o.full_text) && !before.count(*url);
    auto again = enable_again(**w, *url);
    if (!again) return ctx.fail(again.status());
    if (is_new) {
      ++added;
    } else if (*again) {
      ++enabled;
      if (!ctx.quiet)
        std::cout << "enabled again: " << term(*url) << " (disabled after 410 Gone)\n";
    }
  }
  if (listed > kMaxListedSkips)
    print_warning(
        "skipped " + std::to_string(listed - kMaxListedSkips) + " more outline(s), not listed",
        ctx.quiet);
  // --replace writes the OPML's feeds as the whole list: one it left out would be unsubscribed
  // (a backup's local feeds without --allow-local-files, an empty file).
  if (a.replace && (skipped > 0 || subs.size() == 0))
    return ctx.fail(Status(
        ErrorCode::kBadInput,
        subs.size() == 0
            ? "--replace: " + a.file + " names no feed to subscribe to"
            : "--replace: " + std::to_string(skipped) + " outline(s) skipped would leave the list",
        "nothing was changed; --allow-local-files imports local feeds, and an import without "
        "--replace adds to the list"));
  if (Status s = save_subscriptions(**w, subs.subs()); !s.ok()) return ctx.fail(s);
  if (Status s = (*w)->commit(); !s.ok()) return ctx.fail(s);
  if (!ctx.quiet)
    std::cout << "imported " << added << " new feed(s); " << subs.size() << " in all"
              << enabled_again_note(enabled)
              << (skipped ? "; " + std::to_string(skipped) + " skipped" : std::string())
              // Said apart from "skipped": a list's web pages and other lists are no feeds it
              // failed to take, and --replace does not refuse them.
              << (not_feeds ? "; " + std::to_string(not_feeds) + " not feeds (" +
                                  (dropped.links && dropped.includes ? "web pages, other lists"
                                   : dropped.links                   ? "web pages"
                                                                     : "other lists") +
                                  ")"
                            : std::string())
              << '\n';
  return 0;
}

int feeds_export(Context& ctx) {
  auto reader = open_reader(ctx);
  if (!reader) return ctx.fail(reader.status());
  auto subs = read_subscriptions(reader->get());
  if (!subs) return ctx.fail(subs.status());
  std::vector<OpmlOutline> outlines;
  for (const Subscription& s : *subs) {
    OpmlOutline o{s.title, s.url, "", s.tags, s.full_text};
    if (o.title.empty()) {  // the title the feed gave itself, as `feeds ls` shows it
      auto state_json = (*reader)->metadata(feed_state_key(s.url));
      if (!state_json) return ctx.fail(state_json.status());
      o.title = parse_feed_state(s.url, *state_json).title;
    }
    outlines.push_back(std::move(o));
  }
  std::cout << write_opml(outlines, "byline subscriptions");
  return 0;
}

}  // namespace

void add_feeds_command(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<FeedsArgs>();
  auto* sub = app.add_subcommand(
      "feeds", "Manage the subscribed feeds that `byline crawl` fetches when due");
  sub->footer(
      "Examples:\n"
      "  byline feeds add https://example.com/feed.xml --tag tech\n"
      "  byline feeds import subscriptions.opml\n"
      "  byline feeds ls --format json\n"
      "  byline feeds export > backup.opml\n"
      "  byline feeds rm https://example.com/feed.xml");
  sub->require_subcommand(1);
  auto* add = sub->add_subcommand(
      "add",
      "Subscribe to feeds (a site's page is fine: its feed is discovered); exit 10 when some "
      "cannot be (each named, the others subscribed)");
  add->add_option("urls", args->urls, "feed URLs or files")
      ->required()
      ->check(a_name("a feed's URL or file"));
  add->add_option("--tag", args->tags,
                  "tag the feed's articles (repeatable; white space runs become one space, a "
                  "leading '/' is dropped and a comma refused, as OPML reads tags back)");
  add->add_option("--full-text", args->full_text,
                  "fetch linked pages: always, auto (only when the feed has summaries), never")
      ->check(CLI::IsMember({"always", "auto", "never"}));
  add->add_flag("--no-discover", args->no_discover,
                "subscribe to the URL as given; do not fetch it to find the feed of a page (a "
                "local file must still exist)");
  add_fetch_flags(add, args->fetch);  // while discovering
  add->add_flag("--wait", args->wait,
                "wait for another writer to release the index instead of failing");
  add->callback([args, &ctx] { ctx.exit_code = feeds_add(*args, ctx); });

  auto* rm = sub->add_subcommand(
      "rm",
      "Unsubscribe from feeds (indexed articles stay); exit 3 when none of the URLs is "
      "subscribed, 10 when some are not (each named)");
  rm->alias("remove");
  rm->add_option("urls", args->urls, "feed URLs")->required()->check(a_name("a feed's URL"));
  rm->add_flag("--wait", args->wait,
               "wait for another writer to release the index instead of failing");
  rm->callback([args, &ctx] { ctx.exit_code = feeds_rm(*args, ctx); });

  auto* ls = sub->add_subcommand(
      "ls", "List subscribed feeds with their crawl state (exit 3 when there is no index)");
  ls->alias("list");
  add_format_option(ls, ctx);
  // Reading takes no lock: --wait is accepted, for scripts written when it did, and hidden.
  ls->add_flag("--wait", args->wait)->group("");
  ls->callback([&ctx] { ctx.exit_code = feeds_ls(ctx); });

  auto* imp = sub->add_subcommand(
      "import",
      "Subscribe to every feed of an OPML file (outlines that cannot be used, or that name a "
      "local file, are skipped with a warning, and the run still exits 0)");
  imp->add_option("file", args->file, "OPML file")->required()->check(a_name("an OPML file"));
  imp->add_option("--tag", args->tags,
                  "also tag every imported feed (repeatable; read as `feeds add --tag`)");
  imp->add_flag("--allow-local-files", args->allow_local_files,
                "also import outlines that name a local file (file:// URLs, paths); without it "
                "they are skipped with a warning, as a list from elsewhere could make every "
                "crawl read any file here");
  imp->add_flag("--replace", args->replace,
                "the OPML's feeds become the whole list (the others are unsubscribed, their "
                "state kept, as `feeds rm` keeps it); also the way to restore a list the index "
                "cannot read");
  imp->add_flag("--wait", args->wait,
                "wait for another writer to release the index instead of failing");
  imp->callback([args, &ctx] { ctx.exit_code = feeds_import(*args, ctx); });

  auto* exp = sub->add_subcommand(
      "export",
      "Print the subscriptions as OPML 2.0 (first tag a folder, the others category; a "
      "--full-text setting as byline:fullText, which feeds import reads back); exit 3 when there "
      "is no index");
  exp->add_flag("--wait", args->wait)->group("");
  exp->callback([&ctx] { ctx.exit_code = feeds_export(ctx); });
}

}  // namespace byline::cli
